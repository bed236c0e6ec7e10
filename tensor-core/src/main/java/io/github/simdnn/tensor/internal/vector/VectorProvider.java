package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.KernelProvider;

/** The Vector API kernels, at the JVM's preferred species width. Loaded by name only when the module is present. */
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
    public String name() {
        return "vector (" + VectorGemm.VECTOR_BITS + "-bit)";
    }
}
