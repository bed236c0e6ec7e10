package io.github.simdnn.tensor.internal;

/** A complete set of kernels: the scalar fallback or the Vector API one. */
public interface KernelProvider {

    GemmKernel gemm();

    ElementKernels elements();

    /**
     * Packs the rows×cols matrix at {@code a, aOff} (leading dimension lda) and the bias at {@code bias, biasOff}
     * (zero when {@code bias} is null) for repeated matrix-vector products. Arguments already checked.
     */
    PackedGemv pack(int rows, int cols, float[] a, int aOff, int lda, float[] bias, int biasOff);

    /** A short description, e.g. {@code "scalar"} or {@code "vector (512-bit)"}. */
    String name();
}
