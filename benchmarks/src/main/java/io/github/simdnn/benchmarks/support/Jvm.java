package io.github.simdnn.benchmarks.support;

import io.github.simdnn.tensor.Blas;

/**
 * JVM settings every simdnn benchmark fork needs, as compile-time constants for
 * {@code @Fork(jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})}, and the check that a fork
 * really runs the Vector API kernels.
 */
public final class Jvm {

    /**
     * Without this flag simdnn silently falls back to its scalar kernels (it logs one warning), and every
     * "simdnn" number would measure the wrong code. JMH forks inherit the launching JVM's flags, but a fork
     * started from an IDE or another launcher may not, so each benchmark appends it explicitly.
     */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /**
     * A fixed 1 GiB heap: the largest working set (element-wise beyond the caches, 3 × 64 MiB, or GEMM 2048,
     * 5 × 16 MiB) fits easily, and a fixed size keeps heap resizing out of the measurement.
     */
    public static final String HEAP_MIN = "-Xms1g";

    /** See {@link #HEAP_MIN}. */
    public static final String HEAP_MAX = "-Xmx1g";

    /** What each fork prints before its kernels' name; the report counts these lines in {@code jmh.log}. */
    public static final String KERNELS_LINE = "simdnn implementation in this fork: ";

    private Jvm() {
    }

    /**
     * Fails the trial unless simdnn chose its Vector API kernels in this JVM, and prints the choice once per
     * trial so the JMH log shows it.
     *
     * @return the implementation's name, e.g. {@code "vector (512-bit)"}
     * @throws IllegalStateException if the scalar fallback is active, or kernels wider than the CPU's (the test
     *                               switch {@code -Dsimdnn.vectorBits}), whose timings mean nothing
     */
    public static String requireVectorKernels() {
        String implementation = Blas.implementation();
        System.out.println(KERNELS_LINE + implementation);
        if (!implementation.startsWith("vector")) {
            throw new IllegalStateException("simdnn runs its '" + implementation + "' kernels in this fork, not the"
                    + " Vector API ones: start the JVM with " + VECTOR_MODULE + " (and without -Dsimdnn.scalar=true)");
        }
        if (implementation.contains("emulated")) {
            throw new IllegalStateException("simdnn runs its '" + implementation + "' kernels in this fork: drop"
                    + " -Dsimdnn.vectorBits, a test switch, to measure the CPU's own width");
        }
        return implementation;
    }
}
