package io.github.simdnn.tensor.internal;

/** A complete set of kernels: the scalar fallback or the Vector API one. */
public interface KernelProvider {

    GemmKernel gemm();

    ElementKernels elements();

    /** A short description, e.g. {@code "scalar"} or {@code "vector (512-bit)"}. */
    String name();
}
