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
    public static String expectedImplementationPrefix() {
        String bits = System.getProperty("simdnn.vectorBits");
        return bits == null ? "vector (" : "vector (" + bits.strip() + "-bit";
    }
}
