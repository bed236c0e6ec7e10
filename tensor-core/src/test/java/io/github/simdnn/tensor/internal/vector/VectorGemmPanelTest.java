package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

    private final VectorGemm vector = new VectorGemm();

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
                        GemmOracle.compareWithScalar(rnd, ta, tb, m, n, k, 0.75f, beta);
                    }
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
        float[] a = GemmOracle.random(rnd, (ta ? k : 256) * lda);
        float[] b = GemmOracle.random(rnd, (tb ? n : k) * ldb);
        float[] c = GemmOracle.random(rnd, 256 * n);
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
}
