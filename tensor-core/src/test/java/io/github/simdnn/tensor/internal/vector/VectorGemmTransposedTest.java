package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * NT products with at most NR rows computed as their transpose ({@link VectorGemm#computesTransposed}, on 8-lane
 * species): the same bits as the direct form, which the first rows of a taller product still take, and the
 * scalar GEMM's values.
 */
class VectorGemmTransposedTest {

    private final VectorGemm vector = new VectorGemm();

    @Test
    void theRuleTakesSmallNtProductsWithOneReductionBlock() {
        boolean on = VectorGemm.TRANSPOSES_SMALL_NT;
        assertEquals(VectorGemm.V == 8, on, "measured on 8-lane species only");
        assertEquals(on, VectorGemm.computesTransposed(false, true, 10, 256, 128, 128), "the output layer's dW");
        assertEquals(on, VectorGemm.computesTransposed(false, true, VectorGemm.NR, 300, VectorGemm.KC, 515));
        assertFalse(VectorGemm.computesTransposed(false, true, VectorGemm.NR + 1, 256, 128, 128), "too many rows");
        assertFalse(VectorGemm.computesTransposed(false, true, 10, 256, VectorGemm.KC + 1, 600), "two blocks of k");
        assertFalse(VectorGemm.computesTransposed(false, false, 10, 256, 128, 256), "B not transposed");
        assertFalse(VectorGemm.computesTransposed(true, true, 10, 256, 128, 128), "A transposed");
        assertFalse(VectorGemm.computesTransposed(false, true, 10, 256, 128, 1024), "ldb a multiple of 1024");
        assertFalse(VectorGemm.computesTransposed(false, true, 10, 20, 128, 128), "B too small to read in place");
    }

    /**
     * Rows 0..m-1 of an (NR + 8)-row product (the direct form: too many rows) equal the m-row product bit for bit,
     * for both store forms, n with partial panels and k up to KC, operands at offsets and C with a padded leading
     * dimension and a NaN in every row (ignored when beta = 0); C's other rows and its padding are untouched.
     */
    @Test
    void transposingDoesNotChangeTheArithmetic() {
        SplittableRandom rnd = new SplittableRandom(53);
        int tall = VectorGemm.NR + 8;
        int[] rowCounts = {1, 3, 4, 10, VectorGemm.NR - 1, VectorGemm.NR};
        int transposed = 0;
        for (int n : new int[] {64, 129, 300, 784}) {
            for (int k : new int[] {128, 200, VectorGemm.KC}) {
                int lda = k + 3;
                int ldb = k + 1;
                int ldc = n + 3;
                int aOff = 2;
                int bOff = 3;
                int cOff = 1;
                float[] a = GemmOracle.random(rnd, aOff + tall * lda);
                float[] b = GemmOracle.random(rnd, bOff + n * ldb);
                float[] c = GemmOracle.random(rnd, cOff + tall * ldc);
                for (int i = 0; i < tall; i++) {
                    c[cOff + i * ldc + (i * 7) % n] = Float.NaN;
                }
                for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 0.75f}}) {
                    float[] direct = c.clone();
                    assertFalse(VectorGemm.computesTransposed(false, true, tall, n, k, ldb));
                    vector.gemm(vector.plan(false, true, tall, n, k), false, true, tall, n, k, ab[0], a, aOff, lda, b,
                            bOff, ldb, ab[1], direct, cOff, ldc);
                    for (int m : rowCounts) {
                        transposed += VectorGemm.computesTransposed(false, true, m, n, k, ldb) ? 1 : 0;
                        float[] out = c.clone();
                        vector.gemm(vector.plan(false, true, m, n, k), false, true, m, n, k, ab[0], a, aOff, lda, b,
                                bOff, ldb, ab[1], out, cOff, ldc);
                        GemmOracle.assertSameBitsInRows("m=" + m + " n=" + n + " k=" + k + " alpha=" + ab[0]
                                + " beta=" + ab[1] + ", transposed against the direct form", out, direct, c, cOff, ldc,
                                m, n);
                        for (int i = 0; ab[1] == 0f && i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                assertFalse(Float.isNaN(out[cOff + i * ldc + j]),
                                        "beta = 0 read C's NaN at C[" + i + "][" + j + "]");
                            }
                        }
                    }
                }
            }
        }
        // Every (n, k) but n = 64 with k < 512, whose B (the transposed product's A, 64 rows) is under the
        // 2^14-float block that readsAInPlace asks for: 10 of 12, two alpha/beta kinds, every row count.
        assertEquals(VectorGemm.TRANSPOSES_SMALL_NT ? 10 * 2 * rowCounts.length : 0, transposed,
                "products that took the transposed form");
    }

    /** Against the scalar GEMM, every alpha/beta kind. */
    @Test
    void matchesTheScalarGemm() {
        SplittableRandom rnd = new SplittableRandom(59);
        for (int m : new int[] {1, 2, 7, 10, 16}) {
            for (int n : new int[] {100, 256, 333}) {
                for (int k : new int[] {64, 127, 512}) {
                    for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 1f}, {2f, 0.25f}}) {
                        GemmOracle.compareWithScalar(rnd, false, true, m, n, k, ab[0], ab[1]);
                    }
                }
            }
        }
    }
}
