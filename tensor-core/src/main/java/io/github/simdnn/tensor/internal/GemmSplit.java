package io.github.simdnn.tensor.internal;

import java.util.function.IntConsumer;

/**
 * One split GEMM as the body of a parallel job ({@link Gemm}): part p computes the p-th slice of C's rows or
 * columns, in whole kernel blocks. One per calling thread, reused, so that a split call allocates nothing; the
 * array fields are cleared after each call so that it keeps no caller data alive.
 */
final class GemmSplit implements IntConsumer {

    private static final ThreadLocal<GemmSplit> PER_THREAD = ThreadLocal.withInitial(GemmSplit::new);

    /** Whether a call of this thread is using this instance (then a nested call gets a new one). */
    private boolean inUse;

    /** The calling thread's instance, or a new one if that is in use (a part that itself starts a split GEMM). */
    static GemmSplit forThisThread() {
        GemmSplit split = PER_THREAD.get();
        return split.inUse ? new GemmSplit() : split;
    }

    private GemmKernel kernel;
    private int plan;
    private boolean ta;
    private boolean tb;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float[] a;
    private int aOffset;
    private int lda;
    private float[] b;
    private int bOffset;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOffset;
    private int ldc;
    private boolean splitRows;
    private int grain;
    private int blocks;
    private int parts;

    void set(GemmKernel kernel, int plan, boolean ta, boolean tb, int m, int n, int k, float alpha,
             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c,
             int cOffset, int ldc, boolean splitRows, int grain, int blocks, int parts) {
        this.inUse = true;
        this.kernel = kernel;
        this.plan = plan;
        this.ta = ta;
        this.tb = tb;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOffset = aOffset;
        this.lda = lda;
        this.b = b;
        this.bOffset = bOffset;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOffset = cOffset;
        this.ldc = ldc;
        this.splitRows = splitRows;
        this.grain = grain;
        this.blocks = blocks;
        this.parts = parts;
    }

    void clear() {
        a = null;
        b = null;
        c = null;
        inUse = false;
    }

    @Override
    public void accept(int part) {
        int extent = splitRows ? m : n;
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
    }
}
