package io.github.simdnn.tensor.internal;

/**
 * Plain-Java GEMM, the fallback when the Vector API is absent: C is first scaled by beta (cleared when beta is
 * 0), then {@code alpha·op(A)·op(B)} is accumulated with the innermost loop on contiguous memory where the
 * transposes allow it. Splitting C's rows or columns does not change any element's arithmetic.
 */
public final class ScalarGemm implements GemmKernel {

    @Override
    public int plan(boolean transA, boolean transB, int m, int n, int k) {
        return 0;
    }

    @Override
    public int rowGrain(int plan) {
        return 8;
    }

    @Override
    public int colGrain() {
        return 64;
    }

    /** The panel width of op(B) packed whole ({@code PanelMatrix}): 16 columns. */
    static final int PANEL_WIDTH = 16;

    @Override
    public int packedBWidth() {
        return PANEL_WIDTH;
    }

    /** One piece per panel. */
    @Override
    public int packedBPieces(int plan, int n, int k) {
        return Math.ceilDiv(n, PANEL_WIDTH);
    }

    @Override
    public void packB(int plan, boolean tb, int n, int k, float[] b, int bOff, int ldb, float[] packed, int from,
                      int to) {
        for (int q = from; q < to; q++) {
            int j0 = q * PANEL_WIDTH;
            int cols = Math.min(PANEL_WIDTH, n - j0);
            int base = j0 * k;
            for (int p = 0; p < k; p++) {
                int d = base + p * PANEL_WIDTH;
                for (int c = 0; c < PANEL_WIDTH; c++) {
                    packed[d + c] = c >= cols ? 0f : tb ? b[bOff + (j0 + c) * ldb + p] : b[bOff + p * ldb + j0 + c];
                }
            }
        }
    }

    /** {@link #gemm} with transB = false on each panel in turn (a panel is a k×16 matrix of leading dimension 16). */
    @Override
    public void gemmPackedB(int plan, boolean ta, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                            float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        for (int j0 = 0; j0 < n; j0 += PANEL_WIDTH) {
            gemm(plan, ta, false, m, Math.min(PANEL_WIDTH, n - j0), k, alpha, a, aOff, lda, packed,
                    packedOff + j0 * k, PANEL_WIDTH, beta, c, cOff + j0, ldc);
        }
    }

    @Override
    public void gemm(int plan, boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (k == 0 || alpha == 0f) {
            return;
        }
        if (!tb) {
            // C[i,:] += alpha·A[i,p]·B[p,:] — the inner loop streams a row of B and of C.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else {
            // C[i,j] += alpha·dot(op(A)[i,:], B[j,:]) — B's row j is contiguous.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float sum = 0f;
                    if (ta) {
                        for (int p = 0; p < k; p++) {
                            sum += a[aOff + p * lda + i] * b[bj + p];
                        }
                    } else {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) {
                            sum += a[ai + p] * b[bj + p];
                        }
                    }
                    c[ci + j] += alpha * sum;
                }
            }
        }
    }
}
