package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.PackedGemv;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = A·x + b} on a matrix packed once, for single-sample inference, where the whole cost is streaming A
 * from cache (256×784 floats = 784 KiB: the L2 read bandwidth, about 32 B per cycle here, allows ≈ 7.4 µs, while
 * the FMAs alone would take 3.5 µs).
 *
 * <h2>Layout: column panels, off-heap, cache-line aligned</h2>
 * The rows of A (the outputs) are cut into groups of V (one vector of y each) and the groups into panels of up
 * to {@link #PANEL} vectors. A panel of w vectors starting at output row {@code r0} stores, for p = 0..cols-1,
 * the w·V values {@code A[r0 .. r0+w·V)[p]} contiguously (rows past the end are zero). Each panel is then one
 * sequential stream of loads, the w accumulators of y stay in registers for the whole reduction, and no
 * horizontal sum is needed. Panels come in widths 8, then at most one each of 4, 2 and 1 for the rest of the
 * whole vectors, then a panel of width 1 for the partial vector of the last {@code rows % V} rows, if any. Every
 * vector holds cols·V floats, so the panel starting at vector v starts at element v·V·cols.
 *
 * <p>Everything in the kernels is written inline, with no helper method taking or returning a vector: when the
 * JIT declines to inline such a helper (it can, for size or stack depth) every vector crossing the call is boxed,
 * and a call that should allocate nothing allocates hundreds of bytes.
 *
 * <p>The panels live in a 64-byte-aligned off-heap segment from an automatic arena (freed by the garbage collector
 * with this object). Alignment is the point: a Java array starts wherever the collector puts it, and when its
 * data is not on a 64-byte boundary every 512-bit load straddles two cache lines. Measured on the 256×784
 * product, misaligned loads cost 40% (10.5 µs against 7.4 µs), and the alignment of an array changes when the
 * collector moves it.
 *
 * <h2>Arithmetic</h2>
 * Each {@code y[i]} starts from {@code b[i]}. In panels of 4 or 8 vectors it is one FMA chain over p in order —
 * the scalar kernel's arithmetic, bit for bit. Panels of 1 or 2 vectors have too few chains to hide the FMA
 * latency, so they split p into 4 (width 1) or 2 (width 2) interleaved chains and add those at the end in a
 * fixed order. Results never depend on the thread or the call.
 */
final class VectorPackedGemv implements PackedGemv {

    private static final VectorSpecies<Float> S = MicroKernels.S;
    private static final int V = MicroKernels.V;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** One cache line. */
    static final long ALIGNMENT = 64;
    /** Widest panel in vectors: 8 accumulators, enough independent FMA chains to keep both FMA pipes busy. */
    static final int PANEL = 8;
    /** Bytes of one vector. */
    private static final long VB = (long) V * Float.BYTES;

    private final int rows;
    private final int cols;
    /** ceil(rows / V): vectors of y. */
    private final int vectors;
    /** floor(rows / V): whole vectors of y; the one after them, if any, is partial. */
    private final int full;
    private final MemorySegment panels;
    /** b padded with zeros to vectors·V. */
    private final float[] bias;

    VectorPackedGemv(int rows, int cols, float[] a, int aOff, int lda, float[] bias, int biasOff) {
        this.rows = rows;
        this.cols = cols;
        this.vectors = (rows + V - 1) / V;
        this.full = rows / V;
        long floats = (long) vectors * V * cols;
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix is too large to pack ("
                    + floats + " floats with padding)");
        }
        this.panels = Arena.ofAuto().allocate(Math.max(1, floats) * Float.BYTES, ALIGNMENT);
        this.bias = new float[vectors * V];
        if (bias != null) {
            System.arraycopy(bias, biasOff, this.bias, 0, rows);
        }
        int v0 = 0;
        while (v0 < vectors) {
            int w = width(full - v0);
            pack(a, aOff, lda, v0, w);
            v0 += w;
        }
    }

    /**
     * The width of the next panel when {@code remaining} whole vectors are left: 8, else the largest of 4, 2, 1;
     * the partial vector (when {@code remaining} is 0) is a panel of its own.
     */
    private static int width(int remaining) {
        return remaining >= PANEL ? PANEL : remaining == 0 ? 1 : Integer.highestOneBit(remaining);
    }

    /** Element offset (in floats) of the panel starting at vector v0: every earlier vector holds cols·V floats. */
    private int panelStart(int v0) {
        return v0 * V * cols;
    }

    /**
     * Byte offset of that panel. The kernels address in bytes with long arithmetic, {@code o + j·BYTES}: a constant
     * displacement the JIT folds into each load, where an int element index widened per load costs an add, a
     * sign extension and a shift every time (measured: 10% slower on the 256×784 product).
     */
    private long panelBytes(int v0) {
        return (long) panelStart(v0) * Float.BYTES;
    }

    private void pack(float[] a, int aOff, int lda, int v0, int w) {
        int start = panelStart(v0);
        int r0 = v0 * V;
        int span = w * V;
        for (int j = 0; j < span && r0 + j < rows; j++) {
            int row = aOff + (r0 + j) * lda;
            for (int p = 0; p < cols; p++) {
                panels.setAtIndex(ValueLayout.JAVA_FLOAT, start + (long) p * span + j, a[row + p]);
            }
        }
    }

    @Override
    public long packedBytes() {
        return (long) vectors * V * cols * Float.BYTES;
    }

    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        int v0 = 0;
        for (; v0 + PANEL <= full; v0 += PANEL) {
            panel8(v0, x, xOff, y, yOff);
        }
        if (full - v0 >= 4) {
            panel4(v0, x, xOff, y, yOff);
            v0 += 4;
        }
        if (full - v0 >= 2) {
            panel2(v0, x, xOff, y, yOff);
            v0 += 2;
        }
        if (v0 < vectors) {  // one full vector, then possibly the partial one; each a panel of width 1
            panel1(v0, x, xOff, y, yOff);
            if (v0 + 1 < vectors) {
                panel1(v0 + 1, x, xOff, y, yOff);
            }
        }
    }

    private void panel8(int v0, float[] x, int xOff, float[] y, int yOff) {
        long o = panelBytes(v0);
        int b = v0 * V;
        FloatVector c0 = FloatVector.fromArray(S, bias, b);
        FloatVector c1 = FloatVector.fromArray(S, bias, b + V);
        FloatVector c2 = FloatVector.fromArray(S, bias, b + 2 * V);
        FloatVector c3 = FloatVector.fromArray(S, bias, b + 3 * V);
        FloatVector c4 = FloatVector.fromArray(S, bias, b + 4 * V);
        FloatVector c5 = FloatVector.fromArray(S, bias, b + 5 * V);
        FloatVector c6 = FloatVector.fromArray(S, bias, b + 6 * V);
        FloatVector c7 = FloatVector.fromArray(S, bias, b + 7 * V);
        for (int p = 0; p < cols; p++, o += 8 * VB) {
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(xp, c0);
            c1 = FloatVector.fromMemorySegment(S, panels, o + VB, ORDER).fma(xp, c1);
            c2 = FloatVector.fromMemorySegment(S, panels, o + 2 * VB, ORDER).fma(xp, c2);
            c3 = FloatVector.fromMemorySegment(S, panels, o + 3 * VB, ORDER).fma(xp, c3);
            c4 = FloatVector.fromMemorySegment(S, panels, o + 4 * VB, ORDER).fma(xp, c4);
            c5 = FloatVector.fromMemorySegment(S, panels, o + 5 * VB, ORDER).fma(xp, c5);
            c6 = FloatVector.fromMemorySegment(S, panels, o + 6 * VB, ORDER).fma(xp, c6);
            c7 = FloatVector.fromMemorySegment(S, panels, o + 7 * VB, ORDER).fma(xp, c7);
        }
        c0.intoArray(y, yOff + b);
        c1.intoArray(y, yOff + b + V);
        c2.intoArray(y, yOff + b + 2 * V);
        c3.intoArray(y, yOff + b + 3 * V);
        c4.intoArray(y, yOff + b + 4 * V);
        c5.intoArray(y, yOff + b + 5 * V);
        c6.intoArray(y, yOff + b + 6 * V);
        c7.intoArray(y, yOff + b + 7 * V);
    }

    private void panel4(int v0, float[] x, int xOff, float[] y, int yOff) {
        long o = panelBytes(v0);
        int b = v0 * V;
        FloatVector c0 = FloatVector.fromArray(S, bias, b);
        FloatVector c1 = FloatVector.fromArray(S, bias, b + V);
        FloatVector c2 = FloatVector.fromArray(S, bias, b + 2 * V);
        FloatVector c3 = FloatVector.fromArray(S, bias, b + 3 * V);
        for (int p = 0; p < cols; p++, o += 4 * VB) {
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(xp, c0);
            c1 = FloatVector.fromMemorySegment(S, panels, o + VB, ORDER).fma(xp, c1);
            c2 = FloatVector.fromMemorySegment(S, panels, o + 2 * VB, ORDER).fma(xp, c2);
            c3 = FloatVector.fromMemorySegment(S, panels, o + 3 * VB, ORDER).fma(xp, c3);
        }
        c0.intoArray(y, yOff + b);
        c1.intoArray(y, yOff + b + V);
        c2.intoArray(y, yOff + b + 2 * V);
        c3.intoArray(y, yOff + b + 3 * V);
    }

    /** Two vectors, each as two chains over even and odd p, added at the end. */
    private void panel2(int v0, float[] x, int xOff, float[] y, int yOff) {
        long o = panelBytes(v0);
        int b = v0 * V;
        FloatVector c0 = FloatVector.fromArray(S, bias, b);
        FloatVector c1 = FloatVector.fromArray(S, bias, b + V);
        FloatVector d0 = FloatVector.zero(S);
        FloatVector d1 = FloatVector.zero(S);
        int p = 0;
        for (; p + 2 <= cols; p += 2, o += 4 * VB) {
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            FloatVector xq = FloatVector.broadcast(S, x[xOff + p + 1]);
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(xp, c0);
            c1 = FloatVector.fromMemorySegment(S, panels, o + VB, ORDER).fma(xp, c1);
            d0 = FloatVector.fromMemorySegment(S, panels, o + 2 * VB, ORDER).fma(xq, d0);
            d1 = FloatVector.fromMemorySegment(S, panels, o + 3 * VB, ORDER).fma(xq, d1);
        }
        if (p < cols) {
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(xp, c0);
            c1 = FloatVector.fromMemorySegment(S, panels, o + VB, ORDER).fma(xp, c1);
        }
        c0.add(d0).intoArray(y, yOff + b);
        c1.add(d1).intoArray(y, yOff + b + V);
    }

    /**
     * One vector as four chains over p mod 4, added as (c0 + c1) + (c2 + c3); the only panel that can hold the
     * last, partial vector of y, stored under a mask.
     */
    private void panel1(int v0, float[] x, int xOff, float[] y, int yOff) {
        long o = panelBytes(v0);
        FloatVector c0 = FloatVector.fromArray(S, bias, v0 * V);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        int p = 0;
        for (; p + 4 <= cols; p += 4, o += 4 * VB) {
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(FloatVector.broadcast(S, x[xOff + p]), c0);
            c1 = FloatVector.fromMemorySegment(S, panels, o + VB, ORDER).fma(FloatVector.broadcast(S, x[xOff + p + 1]), c1);
            c2 = FloatVector.fromMemorySegment(S, panels, o + 2 * VB, ORDER).fma(FloatVector.broadcast(S, x[xOff + p + 2]), c2);
            c3 = FloatVector.fromMemorySegment(S, panels, o + 3 * VB, ORDER).fma(FloatVector.broadcast(S, x[xOff + p + 3]), c3);
        }
        for (; p < cols; p++, o += VB) {
            c0 = FloatVector.fromMemorySegment(S, panels, o, ORDER).fma(FloatVector.broadcast(S, x[xOff + p]), c0);
        }
        FloatVector sum = c0.add(c1).add(c2.add(c3));
        int i = v0 * V;
        if (i + V <= rows) {
            sum.intoArray(y, yOff + i);
        } else {
            sum.intoArray(y, yOff + i, S.indexInRange(i, rows));
        }
    }
}
