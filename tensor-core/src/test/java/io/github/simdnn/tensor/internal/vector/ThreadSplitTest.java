package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.testsupport.HandOffExecutor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How {@link VectorGemm} and the gathers share work between threads. One packed op(B) filled piece by piece
 * ({@link VectorGemm#packB}, pieces in three uneven ranges, the last packed first) and read by
 * {@link VectorGemm#gemmPackedB} gives the bits of {@link VectorGemm#gemm} on any vector width, whether or not the
 * width shares B in split calls: several reduction blocks, more than NC = 512 columns (a second column block of the
 * shared layout), a last panel narrower than V (packed per block as a one-vector panel, shared as a padded one),
 * both layouts of B and of A, beta ≠ 0. And the splits are on exactly where they were measured faster: 8-lane
 * species (see {@link VectorGemm#SHARES_PACKED_B}, {@link VectorElementKernels#minGatherElementsPerThread}).
 */
class ThreadSplitTest {

    private final VectorGemm gemm = new VectorGemm();

    @Test
    void aSharedPackedBGivesTheBitsOfTheUnsharedProduct() {
        SplittableRandom rnd = new SplittableRandom(5);
        int v = MicroKernels.V;
        // m, n, k
        int[][] shapes = {{256, 128, 784}, {256, 784, 128}, {37, 600, 1100}, {64, 2 * v * 3 + v / 2, 70}, {9, 5, 3}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k;
                    int lda = (ta ? m : k) + 1;
                    int ldb = (tb ? k : n) + 2;
                    float[] a = GemmOracle.random(rnd, lda * (ta ? k : m));
                    float[] b = GemmOracle.random(rnd, ldb * (tb ? n : k));
                    float[] c0 = GemmOracle.random(rnd, m * n);
                    int plan = gemm.plan(ta, tb, m, n, k);
                    float[] expected = c0.clone();
                    gemm.gemm(plan, ta, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, 0.5f, expected, 0, n);

                    float[] packed = new float[k * VectorGemm.roundUp(n, VectorGemm.NR)];
                    int pieces = gemm.packedBPieces(plan, n, k);
                    int third = pieces / 3;
                    int secondEnd = Math.min(pieces, 2 * third + 1);
                    gemm.packB(plan, tb, n, k, b, 0, ldb, packed, secondEnd, pieces);
                    gemm.packB(plan, tb, n, k, b, 0, ldb, packed, 0, third);
                    gemm.packB(plan, tb, n, k, b, 0, ldb, packed, third, secondEnd);
                    float[] actual = c0.clone();
                    gemm.gemmPackedB(plan, ta, m, n, k, 0.75f, a, 0, lda, packed, 0, 0.5f, actual, 0, n);
                    assertArrayEquals(expected, actual, what);
                }
            }
        }
    }

    @Test
    void splitCallsShareBAndSplitGathersOnEightLaneSpeciesOnly() throws InterruptedException {
        boolean eightLanes = MicroKernels.V == 8;
        int plan = gemm.plan(false, true, 256, 784, 128);
        assertEquals(eightLanes, gemm.sharedPackedBSize(plan, true, 784, 128) > 0, "the weight gradient's Xᵀ");
        assertEquals(0, gemm.sharedPackedBSize(plan, false, 128, 10), "a B below 2^14 floats packs in each part");
        assertEquals(0, gemm.sharedPackedBSize(plan, false, 4096, 1024), "a B above 2^19 floats packs in each part");

        int count = 128;
        int cols = 784;
        byte[] pixels = new byte[300 * cols];
        new SplittableRandom(3).nextBytes(pixels);
        int[] rows = new int[count];
        for (int j = 0; j < count; j++) {
            rows[j] = (j * 37) % 300;
        }
        float[] offset = new float[cols];
        float[] scale = new float[cols];
        java.util.Arrays.fill(scale, 1f / 255);
        float[] one = new float[cols * count];
        float[] two = new float[cols * count];
        Ops.gatherTransposedU8(count, cols, pixels, 0, cols, 300, rows, 0, 1f, offset, scale, one, 0, count);
        try (HandOffExecutor helper = new HandOffExecutor()) {
            Parallelism parallelism = Parallelism.of(helper, 2);
            // A split call starts the team's helper on the executor; it may come up only after the first calls have
            // finished without it (the caller takes over parts no helper picked up), so give it a few.
            for (int call = 0; call < 50; call++) {
                java.util.Arrays.fill(two, Float.NaN);
                Ops.gatherTransposedU8(parallelism, count, cols, pixels, 0, cols, 300, rows, 0, 1f, offset, scale,
                        two, 0, count);
            }
            assertEquals(eightLanes, helper.started() > 0, "whether the gathers were handed to the helper");
        }
        assertArrayEquals(one, two);
    }
}
