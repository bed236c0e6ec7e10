package io.github.simdnn.tensor.internal;

/**
 * One GEMM implementation: {@code C = alpha·op(A)·op(B) + beta·C}, row-major, arguments already checked by
 * {@code Blas}. {@link #plan} picks the algorithm from the whole problem; {@link #gemm} then runs that plan on
 * the whole problem or on any block of C's rows or columns, so the arithmetic of every element of C — and hence
 * the result — is the same however the problem is split between threads.
 */
public interface GemmKernel {

    /** An algorithm choice for the whole problem, passed back unchanged to {@link #gemm}. */
    int plan(boolean transA, boolean transB, int m, int n, int k);

    /**
     * Granularity for splitting C's rows between threads under {@code plan} (a multiple of the register block the
     * plan uses), at least 1.
     */
    int rowGrain(int plan);

    /** Granularity for splitting C's columns between threads, at least 1. */
    int colGrain();

    void gemm(int plan, boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
              float beta, float[] c, int cOffset, int ldc);
}
