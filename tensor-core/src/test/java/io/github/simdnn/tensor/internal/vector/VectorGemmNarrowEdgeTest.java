package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The last B panel of at most V columns, packed V wide and computed by the one-vector kernels
 * ({@link Packing#panelWidth}): against the scalar GEMM for every remainder around V and every transpose, and bit
 * for bit against the same columns computed inside a wider product whose panels are all 2V wide.
 */
class VectorGemmNarrowEdgeTest {

    private static final int V = MicroKernels.V;
    private final VectorGemm vector = new VectorGemm();

    @ParameterizedTest(name = "ta={0} tb={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matchesTheScalarGemm(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(ta ? (tb ? 4 : 3) : (tb ? 2 : 1));
        int[] remainders = {1, V / 2 - 1, V - 1, V, V + 1, V + V / 2};
        for (int m : new int[] {1, 8, 10, 13, 256}) {
            for (int r : remainders) {
                for (int wholePanels : new int[] {0, 1, 5}) {
                    int n = wholePanels * 2 * V + r;
                    for (int k : new int[] {1, 16, 37, 128, 600}) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            GemmOracle.compareWithScalar(rnd, ta, tb, m, n, k, -0.75f, beta);
                        }
                    }
                }
            }
        }
    }

    /**
     * The weight gradient's shape, 256×784 (784 = 24 panels of 2V + V on AVX-512), 250 rows for the 10-row
     * panels and 253 for a partial last row panel (merged from the edge tile): its columns equal, bit for bit, the
     * first 784 columns of the 256×800 product, whose last panel is 2V wide, however B is stored, with and
     * without C read (beta 0.999 and 0), over one reduction block and over two (k = 600).
     */
    @ParameterizedTest(name = "ta={0} tb={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void theNarrowKernelComputesTheSameBitsAsTheWideOne(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(23);
        int[][] shapes = {{256, 128}, {250, 128}, {253, 128}, {256, 600}};
        for (int[] shape : shapes) {
            for (float beta : new float[] {0.999f, 0f}) {
                narrowAgainstWide(rnd, ta, tb, shape[0], shape[1], beta);
            }
        }
    }

    private void narrowAgainstWide(SplittableRandom rnd, boolean ta, boolean tb, int m, int k, float beta) {
        int narrow = 24 * 2 * V + V;
        int wide = narrow + V;
        int lda = ta ? m : k;
        float[] a = GemmOracle.random(rnd, (ta ? k : m) * lda);
        // B with `wide` columns; the narrow product reads its first `narrow` columns through the same ldb.
        int ldb = tb ? k : wide;
        float[] b = GemmOracle.random(rnd, (tb ? wide : k) * ldb);
        float[] c = GemmOracle.random(rnd, m * wide);
        float[] cWide = c.clone();
        float[] cNarrow = c.clone();
        vector.gemm(vector.plan(ta, tb, m, wide, k), ta, tb, m, wide, k, -0.01f, a, 0, lda, b, 0, ldb, beta,
                cWide, 0, wide);
        vector.gemm(vector.plan(ta, tb, m, narrow, k), ta, tb, m, narrow, k, -0.01f, a, 0, lda, b, 0, ldb, beta,
                cNarrow, 0, wide);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < wide; j++) {
                int at = i * wide + j;
                float expected = j < narrow ? cWide[at] : c[at];
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(cNarrow[at])) {
                    fail(m + "x" + k + " beta=" + beta + ", ta=" + ta + " tb=" + tb + ": C[" + i + "][" + j + "] "
                            + cNarrow[at] + " but " + expected
                            + (j < narrow ? " in the wider product" : " (past n, unchanged)"));
                }
            }
        }
    }
}
