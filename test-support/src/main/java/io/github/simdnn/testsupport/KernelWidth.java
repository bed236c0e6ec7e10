package io.github.simdnn.testsupport;

/**
 * What a module's tests expect of the kernels they run on: the modules that run their tests again with
 * {@code -Dsimdnn.vectorBits=512} (the parent pom's vector-512 execution) check with this that the run really uses
 * the 512-bit kernels, and every other run the Vector API kernels at the JVM's own width.
 */
public final class KernelWidth {

    private KernelWidth() {
    }

    /**
     * The start of {@code Blas.implementation()} in this JVM: {@code "vector (512-bit"} when the switch names 512,
     * else {@code "vector ("}.
     */
    private static String expectedImplementationPrefix() {
        String bits = System.getProperty("simdnn.vectorBits");
        return bits == null ? "vector (" : "vector (" + bits.strip() + "-bit";
    }

    /**
     * Checks an implementation's name ({@code Blas.implementation()}) against what this JVM should run: it starts
     * with {@code "vector (512-bit"} when {@code -Dsimdnn.vectorBits=512} is set, else with {@code "vector (".}
     *
     * @throws AssertionError naming both when it does not start with it
     */
    public static void check(String implementation) {
        String expected = expectedImplementationPrefix();
        if (!implementation.startsWith(expected)) {
            throw new AssertionError("expected kernels " + expected + "...), got " + implementation);
        }
    }
}
