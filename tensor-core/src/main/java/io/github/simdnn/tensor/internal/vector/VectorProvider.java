package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.KernelProvider;
import io.github.simdnn.tensor.internal.PackedGemv;

/**
 * The Vector API kernels, at the JVM's preferred species width (or the test switch's, see {@link Width}). Loaded by
 * name only when the module is present.
 */
public final class VectorProvider implements KernelProvider {

    private final GemmKernel gemm = new VectorGemm();
    private final ElementKernels elements = new VectorElementKernels();

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
        return new VectorPackedGemv(rows, cols, a, aOff, lda, bias, biasOff);
    }

    @Override
    public String name() {
        String emulated = Width.EMULATED ? ", emulated: wider than the CPU's" : "";
        return "vector (" + VectorGemm.VECTOR_BITS + "-bit" + emulated + ")";
    }
}
