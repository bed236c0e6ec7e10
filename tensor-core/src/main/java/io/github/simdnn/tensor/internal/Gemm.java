package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism;

/** Splits a checked GEMM between the caller's threads and runs it on the chosen implementation. */
public final class Gemm {

    /**
     * The least work (2·m·n·k FLOP) worth handing to another thread: 2^21 FLOP is about 20 µs at 100 GFLOP/s,
     * several times the cost of handing a task to an executor thread and waiting for it. Smaller problems (e.g.
     * the 10×256×128 output layer of an MLP, or any matrix-vector product of a single-sample inference) run on
     * the calling thread only; measured, splitting them made them slower.
     */
    static final long MIN_FLOP_PER_THREAD = 1L << 21;

    private Gemm() {
    }

    public static void run(Parallelism parallelism, boolean ta, boolean tb, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float beta, float[] c, int cOffset, int ldc) {
        GemmKernel kernel = Implementations.gemm();
        int plan = kernel.plan(ta, tb, m, n, k);
        int rowBlocks = ceilDiv(m, kernel.rowGrain());
        int colBlocks = ceilDiv(n, kernel.colGrain());
        long flop = 2L * m * n * k;
        int parts = (int) Math.min(Math.min(parallelism.threads(), Math.max(rowBlocks, colBlocks)),
                Math.max(1, flop / MIN_FLOP_PER_THREAD));
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
