package io.github.simdnn.tensor.internal;

import java.util.function.IntConsumer;

/**
 * One split GEMM as the body of a parallel job ({@link Gemm}): part p computes the p-th slice of C's rows or
 * columns, in whole kernel blocks, after, when B is shared, a round in which part p packs the p-th share of B's
 * pieces; with a caller's packed B ({@code PanelMatrix}, {@link #usePackedB}) every part reads that instead. One
 * per calling thread, reused with its packed-B buffer, so that a split call allocates nothing once that buffer has
 * grown; the caller's arrays are cleared after each call so that it keeps no caller data alive.
 * The buffer (at most {@code VectorGemm.SHARED_B_MAX_FLOATS}, 2 MiB) stays with the thread for its lifetime; a
 * nested split call (a part that itself splits a GEMM) gets a fresh instance and buffer.
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
    /** The shared packed B (kept between calls, grown on demand); used only while {@link #packed} is true. */
    private float[] packedB = new float[0];
    /** Whether this call reads op(B) packed: {@link #packedB}, or the caller's {@link #callerPackedB}. */
    private boolean packed;
    /** A caller's op(B) already packed whole ({@link #usePackedB}); null otherwise. */
    private float[] callerPackedB;
    private int callerPackedOffset;
    /** In a shared call: whether the current round packs B (pieces split between parts) rather than computes. */
    private boolean packing;
    private int pieces;

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

    /**
     * Makes this call share one packed op(B) of {@code size} floats: the next round packs its {@code pieces}
     * between the parts; then {@link #computeFromPackedB} switches to computing. Only for a split along rows.
     */
    void packBFirst(int size, int pieces) {
        assert splitRows;
        if (packedB.length < size) {
            packedB = new float[size];
        }
        this.packed = true;
        this.packing = true;
        this.pieces = pieces;
    }

    void computeFromPackedB() {
        packing = false;
    }

    /**
     * Makes this call read op(B) from a caller's buffer, packed whole in {@link GemmKernel#packedBWidth}'s layout
     * from {@code offset}: each part computes its rows or columns from it, with no packing round.
     */
    void usePackedB(float[] packedB, int offset) {
        this.callerPackedB = packedB;
        this.callerPackedOffset = offset;
        this.packed = true;
        this.packing = false;
    }

    void clear() {
        a = null;
        b = null;
        c = null;
        callerPackedB = null;
        packed = false;
        packing = false;
        inUse = false;
    }

    @Override
    public void accept(int part) {
        if (packing) {
            int from = (int) ((long) pieces * part / parts);
            int to = (int) ((long) pieces * (part + 1) / parts);
            if (from < to) {
                kernel.packB(plan, tb, n, k, b, bOffset, ldb, packedB, from, to);
            }
            return;
        }
        int extent = splitRows ? m : n;
        int from = Math.min(extent, (int) ((long) blocks * part / parts) * grain);
        int to = Math.min(extent, (int) ((long) blocks * (part + 1) / parts) * grain);
        if (from >= to) {
            return;
        }
        float[] packedFrom = callerPackedB != null ? callerPackedB : packedB;
        int packedOffset = callerPackedB != null ? callerPackedOffset : 0;
        if (splitRows) {
            int aOff = aOffset + (ta ? from : from * lda);
            if (packed) {
                kernel.gemmPackedB(plan, ta, to - from, n, k, alpha, a, aOff, lda, packedFrom, packedOffset, beta,
                        c, cOffset + from * ldc, ldc);
            } else {
                kernel.gemm(plan, ta, tb, to - from, n, k, alpha, a, aOff, lda, b, bOffset, ldb,
                        beta, c, cOffset + from * ldc, ldc);
            }
        } else if (packed) {
            // Columns from j0 = from, a multiple of the column grain and so of the panel width: panels from j0·k.
            kernel.gemmPackedB(plan, ta, m, to - from, k, alpha, a, aOffset, lda, packedFrom,
                    packedOffset + from * k, beta, c, cOffset + from, ldc);
        } else {
            int bOff = bOffset + (tb ? from * ldb : from);
            kernel.gemm(plan, ta, tb, m, to - from, k, alpha, a, aOffset, lda, b, bOff, ldb,
                    beta, c, cOffset + from, ldc);
        }
    }
}
