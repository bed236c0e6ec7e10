package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.Implementations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The choice of micro-panel height ({@link VectorGemm#panelRows}: 10 or 8 rows on 512-bit species) and the 8-row
 * kernels and packing it brings in: against the scalar GEMM, and bit for bit against the 10-row kernels, since
 * the height must not change any element's FMA chain.
 */
class VectorGemmPanelTest {

    private static final double U = Math.ulp(1.0f) / 2;
    private final VectorGemm vector = new VectorGemm();
    private final GemmKernel scalar = Implementations.scalar().gemm();

    @Test
    void theHeightWithTheLeastPaddingIsChosenTiesToTen() {
        if (VectorGemm.MR != 10) {
            for (int m = 1; m <= 300; m++) {
                assertEquals(VectorGemm.MR, VectorGemm.panelRows(m), "m = " + m + " without 512-bit vectors");
            }
            return;
        }
        assertEquals(8, VectorGemm.panelRows(256));
        assertEquals(8, VectorGemm.panelRows(128));
        assertEquals(10, VectorGemm.panelRows(10));
        assertEquals(10, VectorGemm.panelRows(40));
        assertEquals(10, VectorGemm.panelRows(257));
        int eights = 0;
        for (int m = 1; m <= 400; m++) {
            int pad8 = (m + 7) / 8 * 8 - m;
            int pad10 = (m + 9) / 10 * 10 - m;
            int rows = VectorGemm.panelRows(m);
            assertEquals(pad8 < pad10 ? 8 : 10, rows, "m = " + m);
            assertEquals(rows, vector.rowGrain(vector.plan(false, false, m, 64, 64)), "threads split m = " + m + " by the panel");
            eights += rows == 8 ? 1 : 0;
        }
        assertTrue(eights > 100 && eights < 300, eights + " of 400 row counts use 8-row panels");
    }

    /** Every transpose, packed and in-place A, partial panels of both heights, k around the 16-step transposes. */
    @ParameterizedTest(name = "ta={0} tb={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matchesTheScalarGemm(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(ta ? (tb ? 4 : 3) : (tb ? 2 : 1));
        for (int m : new int[] {1, 7, 8, 16, 31, 136, 256, 1213}) {
            for (int n : new int[] {2, 17, 33, 128}) {
                for (int k : new int[] {1, 15, 16, 33, 392}) {
                    for (float beta : new float[] {0f, 0.5f}) {
                        compare(rnd, ta, tb, m, n, k, beta);
                    }
                }
            }
        }
    }

    private void compare(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float beta) {
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 2;
        float[] a = random(rnd, (ta ? k : m) * lda);
        float[] b = random(rnd, (tb ? n : k) * ldb);
        float[] c = random(rnd, m * ldc);
        float[] cv = c.clone();
        float[] cs = c.clone();
        float alpha = 0.75f;
        vector.gemm(vector.plan(ta, tb, m, n, k), ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, cv, 0, ldc);
        scalar.gemm(scalar.plan(ta, tb, m, n, k), ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, cs, 0, ldc);
        String shape = m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int at = i * ldc + j;
                if (j >= n) {
                    assertEquals(c[at], cv[at], shape + ": C[" + i + "][" + j + "] is past n and must not change");
                    continue;
                }
                double magnitude = Math.abs(beta * c[at]);
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    magnitude += Math.abs(alpha * x * y);
                }
                double bound = 2 * (k + 2) * U * magnitude;
                if (Math.abs(cv[at] - cs[at]) > bound) {
                    fail(shape + ": C[" + i + "][" + j + "] vector " + cv[at] + " scalar " + cs[at] + " bound " + bound);
                }
            }
        }
    }

    /**
     * The first 250 rows of a 256-row product (8-row panels) equal the 250-row product (10-row panels) bit for
     * bit, and the first 248 rows of a 250-row product equal the 248-row one (8 again).
     */
    @ParameterizedTest(name = "ta={0} tb={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void panelHeightDoesNotChangeTheArithmetic(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 45;
        int k = 784;
        int lda = ta ? 256 : k;
        int ldb = tb ? k : n;
        float[] a = random(rnd, (ta ? k : 256) * lda);
        float[] b = random(rnd, (tb ? n : k) * ldb);
        float[] c = random(rnd, 256 * n);
        int[][] pairs = {{256, 250}, {250, 248}};
        for (int[] pair : pairs) {
            float[] big = c.clone();
            float[] small = c.clone();
            vector.gemm(vector.plan(ta, tb, pair[0], n, k), ta, tb, pair[0], n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, big, 0, n);
            vector.gemm(vector.plan(ta, tb, pair[1], n, k), ta, tb, pair[1], n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, small, 0, n);
            for (int i = 0; i < pair[1] * n; i++) {
                if (Float.floatToRawIntBits(big[i]) != Float.floatToRawIntBits(small[i])) {
                    fail(pair[0] + " vs " + pair[1] + " rows (panels of " + VectorGemm.panelRows(pair[0]) + " and "
                            + VectorGemm.panelRows(pair[1]) + "): C[" + i / n + "][" + i % n + "] " + big[i] + " vs " + small[i]);
                }
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
