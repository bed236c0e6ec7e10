package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products with at most {@link VectorGemm#DIRECT_B_MAX_PANELS} panels of rows read a row-major B in place
 * ({@link VectorGemm#readsBInPlace}) instead of packing it. Reading B in place must not change any element's FMA
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
        for (int m : directRowCounts()) {
            assertTrue(VectorGemm.readsBInPlace(false, m, 128, VectorGemm.panelRows(m)), "m = " + m);
        }
        assertFalse(VectorGemm.readsBInPlace(false, 3 * mr + 1, 128, mr), "four panels pack B");
        assertFalse(VectorGemm.readsBInPlace(true, 10, 128, VectorGemm.panelRows(10)), "a transposed B is packed");
        assertFalse(VectorGemm.readsBInPlace(false, 10, 1024, VectorGemm.panelRows(10)),
                "ldb a multiple of 1024 is packed");
    }

    /**
     * The first m rows of a 64-row product (B packed: more than three panels at every width) equal the m-row
     * product (B read in place), for every transpose of A, both store forms, n with and without a narrow last
     * panel, and k over one to three reduction blocks.
     */
    @ParameterizedTest(name = "ta={0}")
    @ValueSource(booleans = {false, true})
    void readingBInPlaceDoesNotChangeTheArithmetic(boolean ta) {
        SplittableRandom rnd = new SplittableRandom(ta ? 31 : 37);
        int tall = 64;
        assertFalse(VectorGemm.readsBInPlace(false, tall, 300, VectorGemm.panelRows(tall)));
        for (int n : new int[] {16, 17, 40, 128, 300}) {
            for (int k : new int[] {1, 9, 256, 1025}) {
                int lda = ta ? tall + 3 : k + 1;
                int ldb = n + 2;
                float[] a = GemmOracle.random(rnd, (ta ? k : tall) * lda);
                float[] b = GemmOracle.random(rnd, k * ldb);
                float[] c = GemmOracle.random(rnd, tall * n);
                for (float beta : new float[] {0f, 0.5f}) {
                    float[] packed = c.clone();
                    vector.gemm(vector.plan(ta, false, tall, n, k), ta, false, tall, n, k, 0.75f, a, 0, lda, b, 0,
                            ldb, beta, packed, 0, n);
                    for (int m : directRowCounts()) {
                        assertTrue(VectorGemm.readsBInPlace(false, m, ldb, VectorGemm.panelRows(m)));
                        float[] direct = c.clone();
                        vector.gemm(vector.plan(ta, false, m, n, k), ta, false, m, n, k, 0.75f, a, 0, lda, b, 0, ldb,
                                beta, direct, 0, n);
                        for (int i = 0; i < tall * n; i++) {
                            float expected = i < m * n ? packed[i] : c[i];
                            if (Float.floatToRawIntBits(direct[i]) != Float.floatToRawIntBits(expected)) {
                                fail("m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " beta=" + beta + ": C[" + i / n
                                        + "][" + i % n + "] " + direct[i] + " but " + expected
                                        + (i < m * n ? " with B packed" : " (outside C's rows, unchanged)"));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Against the scalar GEMM (padded leading dimensions and offsets included), every alpha/beta kind. */
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
