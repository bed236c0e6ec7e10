package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.GemmReference.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Blas.sgemm against a double-precision reference over many shapes, transposes, offsets and alpha/beta. */
class GemmTest {

    /** Sizes around every vector width (8, 16), register block (6, 10, 16, 32) and a few primes. */
    private static final int[] SIZES = {1, 2, 3, 5, 7, 9, 10, 11, 12, 13, 16, 17, 21, 31, 32, 33, 47, 64, 65, 97, 127};
    private static final float[][] ALPHA_BETA = {{1, 0}, {1, 1}, {0.5f, -2}, {-1.5f, 0.25f}};

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void usesTheVectorImplementationWhenTheModuleIsPresent() {
        assertTrue(Blas.implementation().startsWith("vector"), Blas.implementation());
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    @ParameterizedTest(name = "ta={0} tb={1}")
    @MethodSource("transposes")
    void matchesReferenceOnSmallAndOddShapes(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(ta ? (tb ? 1 : 2) : (tb ? 3 : 4));
        int count = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = SIZES[rnd.nextInt(SIZES.length)];
                float[] ab = ALPHA_BETA[rnd.nextInt(ALPHA_BETA.length)];
                Problem pr = new Problem(rnd, ta, tb, m, n, k, ab[0], ab[1], rnd.nextBoolean());
                float[] out = pr.c.clone();
                pr.run(Parallelism.SEQUENTIAL, out);
                pr.check(out, pr.describe());
                count++;
            }
        }
        assertEquals(SIZES.length * SIZES.length, count);
    }

    @ParameterizedTest(name = "ta={0} tb={1}")
    @MethodSource("transposes")
    void matchesReferenceAcrossCacheBlocks(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(42);
        // Crosses KC = 512 (k = 1025: three reduction blocks, the last one shorter), NC = 512 and the last row panel.
        int[][] shapes = {{37, 530, 1025}, {100, 45, 600}, {300, 300, 300}, {10, 128, 256}, {256, 1, 784},
                {129, 65, 1}, {1, 129, 513}};
        for (int[] s : shapes) {
            Problem pr = new Problem(rnd, ta, tb, s[0], s[1], s[2], 1f, 0.5f, true);
            float[] out = pr.c.clone();
            pr.run(Parallelism.SEQUENTIAL, out);
            pr.check(out, pr.describe());
        }
    }

    /**
     * Narrow products with a large row-major A read A in place instead of packing it (VectorGemm.readsAInPlace:
     * n <= 128 with 10- and 8-row panels, any n with 4-row ones, a block of at least 2^14 floats, lda not a multiple
     * of 1024): full panels from A, the last partial panel packed, partial B panels, padding, every alpha/beta kind,
     * more than MC = 1200 rows, and an lda of 1024 (packed instead). Checked against the reference, and bit for
     * bit between 1 and 3 threads, whose row blocks may fall on either side of the size limit.
     */
    @ParameterizedTest(name = "tb={0}")
    @ValueSource(booleans = {false, true})
    void narrowProductsThatReadAInPlace(boolean tb) {
        SplittableRandom rnd = new SplittableRandom(77);
        int[][] shapes = {{256, 128, 784}, {257, 33, 300}, {131, 127, 129}, {64, 2, 256}, {1213, 64, 20},
                {97, 128, 1024}, {40, 64, 1024}, {256, 129, 784}};
        float[][] alphaBeta = {{1f, 0f}, {0.75f, 0.5f}, {-1f, 1f}};
        for (int[] s : shapes) {
            for (float[] ab : alphaBeta) {
                Problem pr = new Problem(rnd, false, tb, s[0], s[1], s[2], ab[0], ab[1], s[2] != 1024);
                float[] one = pr.c.clone();
                pr.run(Parallelism.SEQUENTIAL, one);
                pr.check(one, pr.describe());
                float[] three = pr.c.clone();
                pr.run(Parallelism.of(pool, 3), three);
                assertArrayEquals(one, three, pr.describe() + " on 3 threads");
            }
        }
    }

    @Test
    void rowsBeyondTheLargestRowBlockAreComputed() {
        Problem pr = new Problem(new SplittableRandom(7), false, false, 1213, 40, 20, 2f, 0f, false); // MC = 1200
        float[] out = pr.c.clone();
        pr.run(Parallelism.SEQUENTIAL, out);
        pr.check(out, pr.describe());
    }

    @ParameterizedTest(name = "ta={0} tb={1}")
    @MethodSource("transposes")
    void matrixVectorProducts(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int m : new int[] {1, 3, 4, 5, 15, 16, 17, 33, 64, 127, 256}) {
            for (int k : new int[] {1, 7, 16, 31, 32, 33, 100, 784}) {
                Problem pr = new Problem(rnd, ta, tb, m, 1, k, 1.25f, rnd.nextBoolean() ? 0f : -0.5f, rnd.nextBoolean());
                float[] out = pr.c.clone();
                pr.run(Parallelism.SEQUENTIAL, out);
                pr.check(out, pr.describe());
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (int n : new int[] {1, 40}) {
            Problem pr = new Problem(new SplittableRandom(5), false, false, 20, n, 30, 1f, 0f, false);
            float[] out = pr.c.clone();
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < n; j++) {
                    out[pr.cOff + i * pr.ldc + j] = Float.NaN;
                }
            }
            pr.run(Parallelism.SEQUENTIAL, out);
            pr.check(out, "NaN in C with beta=0, n=" + n);
        }
    }

    @Test
    void alphaZeroOnlyScalesC() {
        Problem pr = new Problem(new SplittableRandom(6), true, false, 9, 14, 5, 0f, -3f, true);
        float[] out = pr.c.clone();
        pr.run(Parallelism.SEQUENTIAL, out);
        pr.check(out, pr.describe());
    }

    @Test
    void zeroSizedDimensions() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {Float.NaN, 2, 3, 4};
        Blas.sgemm(Transpose.NO, Transpose.NO, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0}, c, "k = 0 with beta = 0 clears C");
        float[] d = {1, 2, 3, 4};
        Blas.sgemm(Transpose.NO, Transpose.NO, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 3f, d, 0, 2);
        assertArrayEquals(new float[] {3, 6, 9, 12}, d, "k = 0 scales C by beta");
        float[] e = {1, 2, 3, 4};
        Blas.sgemm(Transpose.NO, Transpose.NO, 0, 2, 2, 1f, new float[0], 0, 2, b, 0, 2, 0f, e, 0, 2);
        Blas.sgemm(Transpose.NO, Transpose.NO, 2, 0, 2, 1f, a, 0, 2, new float[0], 0, 1, 0f, e, 0, 1);
        assertArrayEquals(new float[] {1, 2, 3, 4}, e, "m = 0 or n = 0 leaves C alone");
    }

    @ParameterizedTest(name = "ta={0} tb={1}")
    @MethodSource("transposes")
    void resultsAreBitIdenticalForAnyThreadCount(boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(99);
        // All but the first are large enough to be split (Gemm.MIN_FLOP_PER_THREAD); the first must not be. Those
        // split along rows share one packed B on 8-lane species (GemmKernel.sharedPackedBSize), packed in pieces by
        // all threads: with several reduction blocks whose pieces 2 or 4 threads split mid-block (m, n, k = 300, 64,
        // 1100), with parts of more than MC = 1200 rows, which reuse it for every row block (2600, 64, 300), and
        // with more than NC = 512 columns, a second column block of the shared layout (700, 600, 100).
        int[][] shapes = {{10, 64, 256}, {10, 128, 256}, {256, 128, 784}, {784, 128, 256}, {4096, 1, 1024}, {130, 70, 300},
                {13, 600, 400}, {1200, 33, 170}, {300, 64, 1100}, {2600, 64, 300}, {700, 600, 100}};
        for (int[] s : shapes) {
            Problem pr = new Problem(rnd, ta, tb, s[0], s[1], s[2], 0.75f, 0.5f, true);
            float[] one = pr.c.clone();
            pr.run(Parallelism.SEQUENTIAL, one);
            pr.check(one, pr.describe());
            for (int threads = 2; threads <= 4; threads++) {
                float[] many = pr.c.clone();
                pr.run(Parallelism.of(pool, threads), many);
                assertArrayEquals(one, many, pr.describe() + " with " + threads + " threads");
            }
        }
    }

    @Test
    void concurrentCallersWithSeparateOutputs() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Problem> problems = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Problem pr = new Problem(rnd, i % 2 == 0, i % 3 == 0, 50 + 31 * i, 40 + 17 * i, 60 + 13 * i, 1f, 0f, true);
            float[] out = pr.c.clone();
            pr.run(Parallelism.SEQUENTIAL, out);
            problems.add(pr);
            expected.add(out);
        }
        List<java.util.concurrent.Future<float[]>> results = new ArrayList<>();
        for (int rep = 0; rep < 3; rep++) {
            for (Problem pr : problems) {
                results.add(pool.submit(() -> {
                    float[] out = pr.c.clone();
                    pr.run(Parallelism.SEQUENTIAL, out);
                    return out;
                }));
            }
        }
        for (int i = 0; i < results.size(); i++) {
            assertArrayEquals(expected.get(i % problems.size()), results.get(i).get(), "caller " + i);
        }
    }
}
