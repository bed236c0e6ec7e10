package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products with at most {@link VectorGemm#DIRECT_B_MAX_PANELS} panels of rows read a row-major B in place
 * ({@link VectorGemm#readsBInPlace}, on 8-lane species) instead of packing it. Reading B in place must not change any element's FMA
 * chain: the rows of such a product equal, bit for bit, the same rows of a taller product that packs B. Also
 * against the scalar GEMM, with partial A panels, a last B panel narrower than NR, several reduction blocks and
 * every store form.
 */
class VectorGemmDirectBTest {

    private final VectorGemm vector = new VectorGemm();

    /** Row counts that read B in place at this vector width: up to three panels of their height. */
    private static int[] directRowCounts() {
        int mr = VectorGemm.MR;
        return new int[] {1, 2, mr - 1, mr, mr + 1, 2 * mr + 1, 3 * mr - 1, 3 * mr};
    }

    @Test
    void theRuleReadsBInPlaceForAFewPanelsOfRows() {
        int mr = VectorGemm.MR;
        assertEquals(VectorGemm.V == 8, VectorGemm.READS_B_IN_PLACE, "measured on 8-lane species only");
        for (int m : directRowCounts()) {
            assertEquals(VectorGemm.READS_B_IN_PLACE, VectorGemm.readsBInPlace(false, m, 128, VectorGemm.panelRows(m)),
                    "m = " + m);
        }
        assertFalse(VectorGemm.readsBInPlace(false, 3 * mr + 1, 128, mr), "four panels pack B");
        assertFalse(VectorGemm.readsBInPlace(true, 10, 128, VectorGemm.panelRows(10)), "a transposed B is packed");
        assertFalse(VectorGemm.readsBInPlace(false, 10, 1024, VectorGemm.panelRows(10)),
                "ldb a multiple of 1024 is packed");
    }

    /**
     * The first m rows of a 64-row product (B packed: more than three panels at every width) equal the m-row
     * product (B read in place), for every transpose of A, both store forms, n with and without a narrow last
     * panel and beyond one NC block, k over one to three reduction blocks, B at an offset, and an ldb of 1024
     * (packed again).
     */
    @ParameterizedTest(name = "ta={0}")
    @ValueSource(booleans = {false, true})
    void readingBInPlaceDoesNotChangeTheArithmetic(boolean ta) {
        SplittableRandom rnd = new SplittableRandom(ta ? 31 : 37);
        int tall = 64;
        assertFalse(VectorGemm.readsBInPlace(false, tall, 300, VectorGemm.panelRows(tall)));
        int direct = 0;
        for (int n : new int[] {16, 17, 40, 128, 300, 600, 1000}) {
            for (int k : new int[] {1, 9, 256, 1025}) {
                int lda = ta ? tall + 3 : k + 1;
                int ldb = n == 1000 ? 1024 : n + 2;
                int bOff = 5;
                float[] a = GemmOracle.random(rnd, (ta ? k : tall) * lda);
                float[] b = GemmOracle.random(rnd, bOff + k * ldb);
                float[] c = GemmOracle.random(rnd, tall * n);
                for (float beta : new float[] {0f, 0.5f}) {
                    float[] packed = c.clone();
                    vector.gemm(vector.plan(ta, false, tall, n, k), ta, false, tall, n, k, 0.75f, a, 0, lda, b, bOff,
                            ldb, beta, packed, 0, n);
                    for (int m : directRowCounts()) {
                        direct += VectorGemm.readsBInPlace(false, m, ldb, VectorGemm.panelRows(m)) ? 1 : 0;
                        float[] out = c.clone();
                        vector.gemm(vector.plan(ta, false, m, n, k), ta, false, m, n, k, 0.75f, a, 0, lda, b, bOff, ldb,
                                beta, out, 0, n);
                        GemmOracle.assertSameBitsInRows("m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " beta="
                                + beta + ", B read in place against B packed", out, packed, c, 0, n, m, n);
                    }
                }
            }
        }
        // Every shape but n = 1000 (ldb 1024, packed), both betas, every row count.
        assertEquals(VectorGemm.READS_B_IN_PLACE ? 6 * 4 * 2 * directRowCounts().length : 0, direct,
                "products that read B in place");
    }

    /** Against the scalar GEMM, every alpha/beta kind. */
    @ParameterizedTest(name = "ta={0}")
    @ValueSource(booleans = {false, true})
    void matchesTheScalarGemm(boolean ta) {
        SplittableRandom rnd = new SplittableRandom(ta ? 41 : 43);
        for (int m : directRowCounts()) {
            for (int n : new int[] {1 + VectorGemm.NR, 2 * VectorGemm.NR, 77}) {
                for (int k : new int[] {1, 31, 600}) {
                    for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 1f}, {2f, 0.25f}}) {
                        GemmOracle.compareWithScalar(rnd, ta, false, m, n, k, ab[0], ab[1]);
                    }
                }
            }
        }
    }
}
