package io.github.simdnn.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Ops.copy}, {@code Ops.fill}, {@code Ops.allFinite} and the gathers and transposes with a
 * {@link Parallelism}: the same result as on one thread for sizes below, at and above the split threshold (2·2^14),
 * at offsets, and a non-finite value is found in whichever thread's range it lies.
 */
class ParallelOpsTest {

    private static final int[] SIZES = {0, 1, 17, 32_767, 32_768, 32_769, 100_003};
    private static ExecutorService pool;
    private static Parallelism three;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
        three = Parallelism.of(pool, 3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void copyAndFillWriteExactlyTheirRange() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : SIZES) {
            float[] x = new float[n + 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            float[] y = new float[n + 11];
            Arrays.fill(y, -1f);
            Ops.copy(three, n, x, 5, y, 7);
            for (int i = 0; i < y.length; i++) {
                float expected = i >= 7 && i < 7 + n ? x[i - 2] : -1f;
                if (y[i] != expected) {
                    assertEquals(expected, y[i], "copy n=" + n + ", element " + i);
                }
            }
            float[] z = y.clone();
            Ops.fill(three, n, 2.5f, z, 3);
            float[] expected = y.clone();
            Arrays.fill(expected, 3, 3 + n, 2.5f);
            assertArrayEquals(expected, z, "fill n=" + n);
        }
    }

    @Test
    void allFiniteFindsANonFiniteValueInAnyRange() {
        for (int n : SIZES) {
            float[] x = new float[n + 3];
            assertTrue(Ops.allFinite(three, n, x, 2), "zeros, n=" + n);
            for (int at : new int[] {0, n / 3, n / 2, (2 * n) / 3, n - 1}) {
                if (at < 0 || n == 0) {
                    continue;
                }
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    x[2 + at] = bad;
                    assertFalse(Ops.allFinite(three, n, x, 2), bad + " at " + at + ", n=" + n);
                    assertFalse(Ops.allFinite(Parallelism.SEQUENTIAL, n, x, 2));
                    x[2 + at] = 0f;
                }
            }
            x[n + 2] = Float.NaN;   // just outside the range
            x[1] = Float.NaN;
            assertTrue(Ops.allFinite(three, n, x, 2), "values outside the range do not count, n=" + n);
        }
    }

    /**
     * The split gathers and transposes against the one-thread calls, bit for bit, with guards around the output:
     * batches below the split threshold (2^14 elements per thread), a 784-feature batch of 128 (three ranges of
     * 16-column multiples where the kernels split gathers), odd sizes whose ranges end in edges, floats and bytes.
     */
    @Test
    void splitGathersAndTransposesEqualTheOneThreadCalls() {
        SplittableRandom r = new SplittableRandom(12);
        int[][] shapes = {{128, 784}, {37, 1001}, {128, 64}, {200, 333}, {1, 20_000}, {0, 50}, {5, 0}};
        for (int[] shape : shapes) {
            int count = shape[0];
            int cols = shape[1];
            int srcRows = count + 7;
            int lda = cols + 3;
            float[] a = new float[2 + srcRows * lda];
            byte[] bytes = new byte[2 + srcRows * lda];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
                bytes[i] = (byte) r.nextInt(256);
            }
            int[] rows = new int[count + 1];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = r.nextInt(srcRows);
            }
            float[] offset = new float[cols];
            float[] scale = new float[cols];
            for (int f = 0; f < cols; f++) {
                offset[f] = (float) r.nextDouble(-1, 1);
                scale[f] = (float) r.nextDouble(0.5, 2);
            }
            int ldo = count + 2;
            String what = count + " rows of " + cols;
            float[] one = guarded(cols, ldo);
            float[] split = guarded(cols, ldo);
            Ops.gatherTransposed(count, cols, a, 2, lda, srcRows, rows, 1, one, 3, ldo);
            Ops.gatherTransposed(three, count, cols, a, 2, lda, srcRows, rows, 1, split, 3, ldo);
            assertArrayEquals(one, split, "gatherTransposed, " + what);
            for (int f = 0; f < cols; f++) {
                for (int j = 0; j < count; j++) {
                    float expected = a[2 + rows[1 + j] * lda + f];
                    if (split[3 + f * ldo + j] != expected) {
                        assertEquals(expected, split[3 + f * ldo + j], what + ": f=" + f + " j=" + j);
                    }
                }
            }
            one = guarded(cols, ldo);
            split = guarded(cols, ldo);
            Ops.gatherTransposedU8(count, cols, bytes, 2, lda, srcRows, rows, 1, 0.25f, offset, scale, one, 3, ldo);
            Ops.gatherTransposedU8(three, count, cols, bytes, 2, lda, srcRows, rows, 1, 0.25f, offset, scale, split, 3,
                    ldo);
            assertArrayEquals(one, split, "gatherTransposedU8, " + what);
            one = guarded(cols, ldo);
            split = guarded(cols, ldo);
            Ops.transpose(count, cols, a, 2, lda, one, 3, ldo);
            Ops.transpose(three, count, cols, a, 2, lda, split, 3, ldo);
            assertArrayEquals(one, split, "transpose, " + what);
            one = guarded(cols, ldo);
            split = guarded(cols, ldo);
            Ops.transposeU8(count, cols, bytes, 2, lda, 0.25f, offset, scale, one, 3, ldo);
            Ops.transposeU8(three, count, cols, bytes, 2, lda, 0.25f, offset, scale, split, 3, ldo);
            assertArrayEquals(one, split, "transposeU8, " + what);
        }
    }

    private static float[] guarded(int cols, int ldo) {
        float[] out = new float[3 + cols * ldo + 5];
        Arrays.fill(out, -7f);
        return out;
    }

    @Test
    void badArgumentsAreRejected() {
        float[] x = new float[10];
        assertThrows(IllegalArgumentException.class, () -> Ops.copy(three, 11, x, 0, new float[20], 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.fill(three, 5, 0f, x, 6));
        assertThrows(IllegalArgumentException.class, () -> Ops.allFinite(three, -1, x, 0));
        assertThrows(NullPointerException.class, () -> Ops.fill(null, 1, 0f, x, 0));
        float[] out = new float[100];
        assertThrows(IllegalArgumentException.class,
                () -> Ops.gatherTransposed(three, 2, 4, x, 0, 4, 2, new int[] {0, 2}, 0, out, 0, 2));
        assertThrows(NullPointerException.class,
                () -> Ops.gatherTransposed(null, 2, 4, x, 0, 4, 2, new int[] {0, 1}, 0, out, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Ops.transpose(three, 3, 4, x, 0, 4, out, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Ops.gatherTransposedU8(three, 2, 4, new byte[8], 0, 4, 2,
                new int[] {0, 1}, 0, 1f, new float[3], new float[4], out, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Ops.transposeU8(three, 2, 4, new byte[7], 0, 4, 1f,
                new float[4], new float[4], out, 0, 2));
    }
}
