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
 * {@code Ops.copy}, {@code Ops.fill} and {@code Ops.allFinite} with a {@link Parallelism}: the same result as on
 * one thread for sizes below, at and above the split threshold (2·2^14), at offsets, and a non-finite value is
 * found in whichever thread's range it lies.
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

    @Test
    void badArgumentsAreRejected() {
        float[] x = new float[10];
        assertThrows(IllegalArgumentException.class, () -> Ops.copy(three, 11, x, 0, new float[20], 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.fill(three, 5, 0f, x, 6));
        assertThrows(IllegalArgumentException.class, () -> Ops.allFinite(three, -1, x, 0));
        assertThrows(NullPointerException.class, () -> Ops.fill(null, 1, 0f, x, 0));
    }
}
