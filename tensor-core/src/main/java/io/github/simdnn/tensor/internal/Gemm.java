package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism;

/** Splits a checked GEMM between the caller's threads and runs it on the chosen implementation. */
public final class Gemm {

    private Gemm() {
    }

    public static void run(Parallelism parallelism, boolean ta, boolean tb, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float beta, float[] c, int cOffset, int ldc) {
        GemmKernel kernel = Implementations.gemm();
        int plan = kernel.plan(ta, tb, m, n, k);
        int rowBlocks = ceilDiv(m, kernel.rowGrain());
        int colBlocks = ceilDiv(n, kernel.colGrain());
        int parts = Math.min(parallelism.threads(), Math.max(rowBlocks, colBlocks));
        if (parts <= 1) {
            kernel.gemm(plan, ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        boolean splitRows = rowBlocks >= colBlocks;
        int grain = splitRows ? kernel.rowGrain() : kernel.colGrain();
        int blocks = splitRows ? rowBlocks : colBlocks;
        int extent = splitRows ? m : n;
        ParallelRunner.run(parallelism.executor(), parts, part -> {
            int from = Math.min(extent, (int) ((long) blocks * part / parts) * grain);
            int to = Math.min(extent, (int) ((long) blocks * (part + 1) / parts) * grain);
            if (from >= to) {
                return;
            }
            if (splitRows) {
                int aOff = aOffset + (ta ? from : from * lda);
                kernel.gemm(plan, ta, tb, to - from, n, k, alpha, a, aOff, lda, b, bOffset, ldb,
                        beta, c, cOffset + from * ldc, ldc);
            } else {
                int bOff = bOffset + (tb ? from * ldb : from);
                kernel.gemm(plan, ta, tb, m, to - from, k, alpha, a, aOffset, lda, b, bOff, ldb,
                        beta, c, cOffset + from, ldc);
            }
        });
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
