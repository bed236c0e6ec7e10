package io.github.simdnn.tensor.internal;

/** The plain-Java kernels: fallback without the Vector API, and the oracle the vector kernels are tested against. */
public final class ScalarProvider implements KernelProvider {

    private final GemmKernel gemm = new ScalarGemm();
    private final ElementKernels elements = new ScalarElementKernels();

    @Override
    public GemmKernel gemm() {
        return gemm;
    }

    @Override
    public ElementKernels elements() {
        return elements;
    }

    @Override
    public PackedGemv pack(int rows, int cols, float[] a, int aOff, int lda, float[] bias, int biasOff) {
        return new ScalarPackedGemv(rows, cols, a, aOff, lda, bias, biasOff);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
