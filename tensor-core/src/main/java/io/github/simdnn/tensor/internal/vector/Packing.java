package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;

/**
 * Packs blocks of op(A) and op(B) into the micro-panel layouts the micro-kernels read, absorbing the transposes.
 * Panels past the matrix edge are padded with zeros so the kernel always runs full register tiles.
 */
final class Packing {

    private static final int V = MicroKernels.V;
    /**
     * Floats a packed A buffer needs beyond its panels: the padding lanes that the last 10×16 register transpose of
     * the last panel stores past it.
     */
    static final int A_SLACK = V;

    private Packing() {
    }

    /**
     * Packs op(A)[i0:i0+mc, p0:p0+kc] as ceil(mc/mr) panels; panel q holds, for each p, the mr values
     * op(A)[i0+q·mr+r, p0+p] at {@code q·mr·kc + p·mr + r}.
     */
    static void packA(boolean ta, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst, int mr) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (ta) {
                // op(A)[i, p] = A[p, i]: the mr values of one p are contiguous in A.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int d = base + p * mr;
                    System.arraycopy(a, src, dst, d, rows);
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // op(A)[i, p] = A[i, p]: a transpose. Full 10- and 8-row panels go through 10×16 and 8×16 register
                // transposes (AVX-512), 16 steps of p at a time in ascending order, so each 10-row tile's spill of
                // padding lanes (see MicroKernels.transpose10x16) is overwritten by the next tile, by the element-wise
                // steps below, by the next panel, or lands in the buffer's A_SLACK; an 8-row tile writes exactly its
                // 128 floats. The rest: element-wise, reading each row in order and writing with stride mr.
                int done = 0;
                if (V == 16 && rows == mr && (mr == 10 || mr == 8)) {
                    int src = aOff + (i0 + ir) * lda + p0;
                    if (mr == 10) {
                        for (; done + 16 <= kc; done += 16) {
                            MicroKernels.transpose10x16(a, src + done, lda, dst, base + done * 10);
                        }
                    } else {
                        for (; done + 16 <= kc; done += 16) {
                            MicroKernels.transpose8x16(a, src + done, lda, dst, base + done * 8);
                        }
                    }
                }
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * lda + p0;
                    int d = base + r;
                    for (int p = done; p < kc; p++) {
                        dst[d + p * mr] = a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * mr] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[p0:p0+kc, j0:j0+nc] as ceil(nc/nr) panels; panel q holds, for each p, the values
     * op(B)[p0+p, j0+q·nr+c] at {@code dstOff + q·nr·stride + p·w + c}, where the panel width w is nr, except that
     * with {@code narrowEdge} a last panel of at most V columns is packed V wide (see {@link #panelWidth}). The
     * panel stride is kc for one block packed alone, and the whole depth k when every block goes into one buffer of
     * whole-depth panels ({@code VectorGemm.packB}).
     */
    static void packB(boolean tb, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst,
                      int dstOff, int nr, int stride, boolean narrowEdge) {
        assert stride >= kc;
        int whole = tb ? 0 : nc / nr * nr;
        if (whole > 0) {
            packWholePanelsByRow(b, bOff + p0 * ldb + j0, ldb, kc, whole, dst, dstOff, nr, stride);
        }
        for (int jr = whole; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int width = narrowEdge ? panelWidth(cols, nr) : nr;
            int base = dstOff + jr * stride;
            if (!tb) {
                // op(B)[p, j] = B[p, j], the last, partial panel: each step copies `cols` contiguous floats.
                int src = bOff + p0 * ldb + j0 + jr;
                for (int p = 0; p < kc; p++) {
                    int d = base + p * width;
                    System.arraycopy(b, src + p * ldb, dst, d, cols);
                    for (int c = cols; c < width; c++) {
                        dst[d + c] = 0f;
                    }
                }
            } else {
                // op(B)[p, j] = B[j, p]: a transpose. Whole V×V tiles go through register transposes, V rows of B at
                // a time: finishing one group of rows before the next reads B in order and measured 10% faster than
                // alternating between the panel's groups. 16×16 tiles measured 2x faster than element copies on
                // AVX-512; 8×8 tiles on AVX2 (permutes and blends) made the 784-256-10 training step 2.5-3.5% faster
                // (its 784×128 input transposed for the weight gradient). The rest (a last partial step chunk, a
                // last partial group of columns, padding) element-wise.
                boolean tiles = V == 16 || V == 8;
                int tiledCols = tiles ? cols / V * V : 0;
                int tiledSteps = tiles ? kc / V * V : 0;
                for (int c0 = 0; c0 < tiledCols; c0 += V) {
                    for (int pc = 0; pc < tiledSteps; pc += V) {
                        int src = bOff + (j0 + jr + c0) * ldb + p0 + pc;
                        int d = base + pc * width + c0;
                        if (V == 16) {
                            MicroKernels.transpose16(b, src, ldb, dst, d, width);
                        } else {
                            MicroKernels.transpose8(b, src, ldb, dst, d, width);
                        }
                    }
                }
                for (int c = 0; c < cols; c++) {
                    int src = bOff + (j0 + jr + c) * ldb + p0;
                    int d = base + c;
                    for (int p = c < tiledCols ? tiledSteps : 0; p < kc; p++) {
                        dst[d + p * width] = b[src + p];
                    }
                }
                if (cols < width) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(dst, base + p * width + cols, base + (p + 1) * width, 0f);
                    }
                }
            }
        }
    }

    /**
     * The whole nr-column panels of a row-major op(B) = B ({@code whole} columns from {@code src}, kc steps), row by
     * row: each row of B is read once, in order, and its nr-float pieces go to every panel. Panel by panel, the
     * reads would stride over B once per panel; reading in order lets the hardware prefetcher stream B, measured
     * 30% faster on the 392×128 blocks of a 784-input layer's forward product.
     */
    private static void packWholePanelsByRow(float[] b, int src, int ldb, int kc, int whole, float[] dst, int dstOff,
                                             int nr, int stride) {
        assert nr % V == 0 && whole % nr == 0;
        for (int p = 0; p < kc; p++) {
            int s = src + p * ldb;
            for (int jr = 0; jr < whole; jr += nr) {
                int d = dstOff + jr * stride + p * nr;
                for (int v = 0; v < nr; v += V) {
                    FloatVector.fromArray(MicroKernels.S, b, s + jr + v).intoArray(dst, d + v);
                }
            }
        }
    }

    /**
     * The packed width of a B panel of {@code cols <= nr} columns when narrow edges are on: V for a panel of at
     * most V columns (a one-vector kernel computes it), else nr.
     */
    static int panelWidth(int cols, int nr) {
        return cols <= V ? V : nr;
    }
}
