package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PackedMatrix.multiply against a double-precision reference: rows around every panel width (1, 2, 4 and 8
 * vectors of 8 or 16 lanes) and tail, reductions from 0 to 784, offsets, padded leading dimensions, with and
 * without bias, and guard cells around y that must stay untouched.
 */
class PackedMatrixTest {

    private static final int[] ROWS = {0, 1, 3, 7, 10, 13, 16, 17, 31, 33, 48, 64, 100, 127, 128, 129, 200, 256, 257};
    private static final int[] COLS = {0, 1, 3, 7, 13, 31, 127, 257, 784};
    private static final double U = Math.ulp(1.0f) / 2;
    private static final float GUARD = -777.25f;

    static Stream<Arguments> shapes() {
        return Arrays.stream(ROWS).boxed().flatMap(r -> Arrays.stream(COLS).mapToObj(c -> Arguments.of(r, c)));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void matchesTheReference(int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(31L * rows + cols);
        for (boolean withBias : new boolean[] {false, true}) {
            int aOff = rnd.nextInt(4);
            int lda = Math.max(1, cols) + rnd.nextInt(3);
            float[] a = random(rnd, aOff + rows * lda + 2);
            int bOff = rnd.nextInt(3);
            float[] bias = withBias ? random(rnd, bOff + rows) : null;
            int xOff = rnd.nextInt(5);
            float[] x = random(rnd, xOff + cols + 1);
            PackedMatrix packed = PackedMatrix.of(rows, cols, a, aOff, lda, bias, bOff);
            float[] before = a.clone();

            int yOff = 1 + rnd.nextInt(4);
            float[] y = new float[yOff + rows + 17];
            Arrays.fill(y, GUARD);
            packed.multiply(x, xOff, y, yOff);

            assertTrue(Arrays.equals(before, a), "packing must not modify A");
            for (int i = 0; i < rows; i++) {
                double exact = withBias ? bias[bOff + i] : 0;
                double magnitude = Math.abs(exact);
                for (int p = 0; p < cols; p++) {
                    double t = (double) a[aOff + i * lda + p] * x[xOff + p];
                    exact += t;
                    magnitude += Math.abs(t);
                }
                double bound = 2 * (cols + 1) * U * magnitude + Float.MIN_NORMAL;
                if (Math.abs(y[yOff + i] - exact) > bound) {
                    fail(rows + "x" + cols + " bias=" + withBias + ": y[" + i + "] = " + y[yOff + i] + " but "
                            + exact + " within " + bound);
                }
            }
            for (int i = 0; i < y.length; i++) {
                if (i < yOff || i >= yOff + rows) {
                    assertEquals(GUARD, y[i], "guard cell " + i + " was overwritten (" + rows + "x" + cols + ")");
                }
            }
            float[] again = new float[rows];
            packed.multiply(x, xOff, again, 0);
            assertTrue(Arrays.equals(Arrays.copyOfRange(y, yOff, yOff + rows), again), "a second call must repeat the bits");
        }
    }

    @Test
    void aPanelOfFourOrEightVectorsAddsInTheOrderOfTheScalarLoop() {
        // 256 rows = two 8-vector panels on AVX-512 (four on AVX2): each y[i] is b[i] then one FMA chain over p.
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 256;
        int cols = 300;
        float[] a = random(rnd, rows * cols);
        float[] bias = random(rnd, rows);
        float[] x = random(rnd, cols);
        float[] y = new float[rows];
        PackedMatrix.of(rows, cols, a, 0, cols, bias, 0).multiply(x, 0, y, 0);
        for (int i = 0; i < rows; i++) {
            float s = bias[i];
            for (int p = 0; p < cols; p++) {
                s = Math.fma(a[i * cols + p], x[p], s);
            }
            assertEquals(s, y[i], "y[" + i + "]");
        }
    }

    @Test
    void concurrentCallsReturnTheSameBits() throws Exception {
        SplittableRandom rnd = new SplittableRandom(9);
        int rows = 200;
        int cols = 333;
        PackedMatrix packed = PackedMatrix.of(rows, cols, random(rnd, rows * cols));
        float[] x = random(rnd, cols);
        float[] expected = new float[rows];
        packed.multiply(x, 0, expected, 0);
        float[][] results = new float[4][rows];
        Thread[] threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            for (int r = 0; r < 500; r++) {
                packed.multiply(x, 0, results[t], 0);
                if (!Arrays.equals(expected, results[t])) {
                    return;
                }
            }
        })).toArray(Thread[]::new);
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (float[] r : results) {
            assertTrue(Arrays.equals(expected, r), "a concurrent result differs");
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheValues() {
        float[] a = new float[12];
        assertEquals("PackedMatrix sizes must be >= 0 but were -1x3",
                assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(-1, 3, a, 0, 3, null, 0)).getMessage());
        assertEquals("leading dimension of A must be >= max(1, 4) (its stored width) but was 3",
                assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(3, 4, a, 0, 3, null, 0)).getMessage());
        assertEquals("A is 4x4 with leading dimension 4 at offset 0, which needs 16 elements, but its array has 12",
                assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(4, 4, a, 0, 4, null, 0)).getMessage());
        assertEquals("bias needs 3 elements from offset 1 but its array has 3",
                assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(3, 4, a, 0, 4, new float[3], 1)).getMessage());
        assertEquals("A must hold rows*cols = 5*3 values but has 12",
                assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(5, 3, a)).getMessage());

        PackedMatrix p = PackedMatrix.of(3, 4, a);
        assertEquals("x needs 4 elements from offset 1 but its array has 4",
                assertThrows(IllegalArgumentException.class, () -> p.multiply(new float[4], 1, new float[3], 0)).getMessage());
        assertEquals("y needs 3 elements from offset 0 but its array has 2",
                assertThrows(IllegalArgumentException.class, () -> p.multiply(new float[4], 0, new float[2], 0)).getMessage());
        float[] same = new float[8];
        assertEquals("PackedMatrix.multiply: y must not share an array with x",
                assertThrows(IllegalArgumentException.class, () -> p.multiply(same, 0, same, 4)).getMessage());
        assertThrows(NullPointerException.class, () -> p.multiply(null, 0, new float[3], 0));
        assertEquals("PackedMatrix[3x4]", p.toString());
        assertEquals(3, p.rows());
        assertEquals(4, p.cols());
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
