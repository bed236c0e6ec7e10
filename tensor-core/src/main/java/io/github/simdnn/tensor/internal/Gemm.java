package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism;

/**
 * Splits a checked GEMM between the caller's threads (along the rows or the columns of C, whichever has more
 * blocks of the kernel's grain) and runs it on the chosen implementation. Split along rows, a kernel that packs
 * B would pack all of it in every part; when it can share one packed copy ({@link GemmKernel#sharedPackedBSize})
 * the parts first pack a share of it each, then compute their rows from it: two rounds of the team instead of
 * one, and each part packs 1/parts of B instead of all of it. Measured on the 784-256-10 training step at batch
 * 128 on two threads (Zen 3, AVX2, the two rules alternating step by step in one JVM; the buffer then held one
 * k-block after another, since whole-depth panels as in {@code PanelMatrix}): 660–664 µs against 687–696 at the best
 * step of four runs (4% faster); alternating call by call, the step's weight gradient
 * (NT 256×128×784) 1.05×, its forward product (NN 256×784×128) 1.03×, NN 2000×256×2000 1.04×.
 */
public final class Gemm {

    /**
     * The least work (2·m·n·k FLOP) worth handing to another thread: 2^18 FLOP is about 2.5 µs at 100 GFLOP/s,
     * against 1–2 µs to hand a part to a polling helper of the {@code Parallelism}'s team and wait for it. So the
     * 10×128×256 products of an MLP's output layer (655 kFLOP) are split in two, while a single-sample
     * matrix-vector product (n = 1, at most a few hundred kFLOP) stays on the calling thread. Measured on the
     * 784-256-10 training step at batch 128 on two threads: 2^21 (the threshold when parts went through a parked
     * pool thread) left the small products on one thread and was 2–4% slower.
     */
    static final long MIN_FLOP_PER_THREAD = 1L << 18;

    private Gemm() {
    }

    public static void run(Parallelism parallelism, boolean ta, boolean tb, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float beta, float[] c, int cOffset, int ldc) {
        GemmKernel kernel = Implementations.gemm();
        int plan = kernel.plan(ta, tb, m, n, k);
        int rowBlocks = Math.ceilDiv(m, kernel.rowGrain(plan));
        int colBlocks = Math.ceilDiv(n, kernel.colGrain());
        int parts = parts(parallelism, rowBlocks, colBlocks, m, n, k);
        if (parts <= 1) {
            kernel.gemm(plan, ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        boolean splitRows = rowBlocks >= colBlocks;
        GemmSplit split = GemmSplit.forThisThread();
        split.set(kernel, plan, ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                splitRows, splitRows ? kernel.rowGrain(plan) : kernel.colGrain(), splitRows ? rowBlocks : colBlocks,
                parts);
        try {
            int sharedB = splitRows && alpha != 0f ? kernel.sharedPackedBSize(plan, tb, n, k) : 0;
            if (sharedB > 0) {
                // Every block of rows needs all of op(B): the parts pack a share of it each, then compute.
                split.packBFirst(sharedB, kernel.packedBPieces(plan, n, k));
                parallelism.run(parts, split);
                split.computeFromPackedB();
            }
            parallelism.run(parts, split);
        } finally {
            split.clear();
        }
    }

    /**
     * {@link #run} with op(B), k×n, already packed whole in {@code packed} from {@code packedOffset}, in the layout of
     * the chosen kernel's {@link GemmKernel#packedBWidth} ({@code PanelMatrix}): the same split, the same values as
     * {@link #run} on op(B) stored plainly with transB = false, and no packing of B in any part.
     */
    public static void runPackedB(Parallelism parallelism, boolean ta, int m, int n, int k, float alpha, float[] a,
                                  int aOffset, int lda, float[] packed, int packedOffset, float beta, float[] c,
                                  int cOffset, int ldc) {
        GemmKernel kernel = Implementations.gemm();
        // A column split hands each part the panels from its first column j0 on, at j0·k: j0 must start a panel.
        assert kernel.colGrain() % kernel.packedBWidth() == 0;
        int plan = kernel.plan(ta, false, m, n, k);
        int rowBlocks = Math.ceilDiv(m, kernel.rowGrain(plan));
        int colBlocks = Math.ceilDiv(n, kernel.colGrain());
        int parts = parts(parallelism, rowBlocks, colBlocks, m, n, k);
        if (parts <= 1) {
            kernel.gemmPackedB(plan, ta, m, n, k, alpha, a, aOffset, lda, packed, packedOffset, beta, c, cOffset, ldc);
            return;
        }
        boolean splitRows = rowBlocks >= colBlocks;
        GemmSplit split = GemmSplit.forThisThread();
        split.set(kernel, plan, ta, false, m, n, k, alpha, a, aOffset, lda, null, 0, 0, beta, c, cOffset, ldc,
                splitRows, splitRows ? kernel.rowGrain(plan) : kernel.colGrain(), splitRows ? rowBlocks : colBlocks,
                parts);
        try {
            split.usePackedB(packed, packedOffset);
            parallelism.run(parts, split);
        } finally {
            split.clear();
        }
    }

    /** Threads for a product: at most one per block of C, and at least {@link #MIN_FLOP_PER_THREAD} FLOP each. */
    private static int parts(Parallelism parallelism, int rowBlocks, int colBlocks, int m, int n, int k) {
        long flop = 2L * m * n * k;
        return (int) Math.min(Math.min(parallelism.threads(), Math.max(rowBlocks, colBlocks)),
                Math.max(1, flop / MIN_FLOP_PER_THREAD));
    }
}
