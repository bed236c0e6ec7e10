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

    /** Granularity for splitting C's columns between threads, at least 1: a multiple of {@link #packedBWidth}. */
    int colGrain();

    void gemm(int plan, boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
              float beta, float[] c, int cOffset, int ldc);

    /*
     * Packing op(B) once for all blocks of C's rows. Split along rows, every block needs all of op(B); a plan that
     * packs B would pack it once per block, so threads instead pack pieces of it into one shared buffer
     * (packB) and then each computes its rows from that buffer (gemmPackedB). Implementations that gain nothing
     * from sharing return 0 from sharedPackedBSize, but still pack and compute from a packed op(B) for a caller's
     * PanelMatrix.
     */

    /**
     * Floats of the buffer that holds op(B) of a k×n product packed whole under {@code plan}, or 0 if the plan
     * does not pack B or the buffer would be too large to share (then each block of rows runs {@link #gemm}).
     */
    default int sharedPackedBSize(int plan, boolean transB, int n, int k) {
        return 0;
    }

    /** The number of pieces that {@link #packB} divides the packing of op(B) into (for threads to share). */
    int packedBPieces(int plan, int n, int k);

    /**
     * Packs pieces {@code [from, to)} of op(B) (k×n) into {@code packed}, a buffer of at least
     * k·roundUp(n, {@link #packedBWidth}) floats, in that layout, padding columns zeroed. Different pieces write
     * different elements, so threads may pack different pieces at once.
     */
    void packB(int plan, boolean transB, int n, int k, float[] b, int bOffset, int ldb, float[] packed, int from,
               int to);

    /**
     * The panel width w of op(B) packed whole, by {@link #packB} or by the caller ({@code PanelMatrix}): op(B), k×n,
     * is stored as ceil(n/w) panels of w columns, each of the whole depth k, with op(B)[p][j] at
     * {@code (j/w)·w·k + p·w + j%w}; the padding columns of the last panel may hold anything.
     */
    int packedBWidth();

    /**
     * {@link #gemm} with op(B) (k×n) read from {@code packed} at {@code packedOffset} in the layout of
     * {@link #packedBWidth}: filled by {@link #packB} with every piece, or by a {@code PanelMatrix}; for a block of
     * C's columns starting at column j0 (a multiple of {@link #colGrain}), the offset is j0·k. Computes the same
     * values as {@link #gemm} with transB = false on op(B) stored plainly.
     */
    void gemmPackedB(int plan, boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     float[] packed, int packedOffset, float beta, float[] c, int cOffset, int ldc);
}
