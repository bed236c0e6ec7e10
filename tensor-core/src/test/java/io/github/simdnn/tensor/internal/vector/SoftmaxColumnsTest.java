package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.ScalarElementKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Softmax per column (one sample per column), for the vector kernels (both the across-columns and the
 * single-column paths), the scalar kernels and the public {@link Ops} facade. Golden values from
 * backprop-examples.md, section 3 (case C).
 */
class SoftmaxColumnsTest {

    private static final double U = 0x1p-24;

    static Stream<Arguments> impls() {
        return Stream.of(Arguments.of("vector", new VectorElementKernels()),
                Arguments.of("scalar", new ScalarElementKernels()));
    }

    static Stream<Arguments> implsAndShapes() {
        int[] rows = {1, 2, 3, 7, 10, 16, 17, 33, 100};
        int[] cols = {1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 129};
        return impls().flatMap(impl -> Arrays.stream(rows).boxed().flatMap(r -> Arrays.stream(cols)
                .mapToObj(c -> Arguments.of(impl.get()[0], impl.get()[1], r, c))));
    }

    /** Double-precision softmax of column c. */
    static double[] reference(float[] z, int rows, int cols, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, z[r * cols + c]);
        }
        double[] e = new double[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            e[r] = Math.exp(z[r * cols + c] - max);
            sum += e[r];
        }
        for (int r = 0; r < rows; r++) {
            e[r] /= sum;
        }
        return e;
    }

    @Test
    void goldenCaseCPerColumnValuesThroughTheFacade() {
        float[] z2 = {1.0116572f, 0.89218888f,
                      1.3537488f, 1.2031734f};
        float[] a = new float[4];
        Ops.softmaxColumns(2, 2, z2, 0, a, 0);
        assertEquals(0.41530149f, a[0], 1e-6f, "s0 class 0");
        assertEquals(0.58469851f, a[2], 1e-6f, "s0 class 1");
        assertEquals(0.42287444f, a[1], 1e-6f, "s1 class 0");
        assertEquals(0.57712556f, a[3], 1e-6f, "s1 class 1");
        // The whole-matrix softmax would give 0.22190830 for a[0]: make sure that is not what we computed.
        assertTrue(Math.abs(a[0] - 0.22190830f) > 0.1f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void goldenCaseCAndTheOverflowExample(String name, ElementKernels k) {
        float[] z2 = {1.0116572f, 0.89218888f, 1.3537488f, 1.2031734f};
        float[] a = new float[4];
        k.softmaxColumns(2, 2, z2, 0, a, 0);
        assertArrayEquals(new float[] {0.41530149f, 0.42287444f, 0.58469851f, 0.57712556f}, a, 1e-6f);

        // Z2 = [[800, 1], [0, 2]]: a whole-matrix shift would underflow column 1 to (0, 0).
        float[] big = {800f, 1f, 0f, 2f};
        k.softmaxColumns(2, 2, big, 0, big, 0);
        assertEquals(1f, big[0], 1e-7f, "column 0, row 0");
        assertEquals(0f, big[2], 1e-7f, "column 0, row 1 (e^-800)");
        assertEquals(0.26894142f, big[1], 1e-6f, "column 1, row 0");
        assertEquals(0.73105858f, big[3], 1e-6f, "column 1, row 1");
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("implsAndShapes")
    void matchesDoubleReferenceAndColumnsSumToOne(String name, ElementKernels k, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(rows * 7919L + cols);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextDouble(-20, 20);
        }
        int off = 5;
        float[] a = new float[off + z.length + 17];
        Arrays.fill(a, 42f);
        k.softmaxColumns(rows, cols, ElementKernelsDifferentialTest.embed(z, 3), 3, a, off);
        for (int i = 0; i < a.length; i++) {
            if (i < off || i >= off + z.length) {
                assertEquals(42f, a[i], "guard " + i + " overwritten");
            }
        }
        for (int c = 0; c < cols; c++) {
            double[] ref = reference(z, rows, cols, c);
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, z[r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                float v = a[off + r * cols + c];
                // exp's 1e-6, the float rounding of z - max (u·|z - max| relative after exp), the sum and 1/sum.
                double tol = 1e-6 + U * (max - z[r * cols + c]) + 2 * (rows + 1) * U;
                if (!(Math.abs(v - ref[r]) <= tol * ref[r] + 1e-37)) {
                    fail("a[" + r + "][" + c + "] = " + v + " but the reference is " + ref[r]);
                }
                sum += v;
            }
            // exp error 1.7e-7, one division and the rounding of each element: a few ulps per row.
            assertEquals(1.0, sum, (rows + 4) * 2 * U, "column " + c + " sums to " + sum);
        }
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("implsAndShapes")
    void multiColumnSoftmaxEqualsColumnByColumnSoftmaxAndWorksInPlace(String name, ElementKernels k, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(rows * 104729L + cols);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextDouble(-8, 8);
        }
        float[] a = new float[z.length];
        k.softmaxColumns(rows, cols, z, 0, a, 0);

        float[] column = new float[rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                column[r] = z[r * cols + c];
            }
            k.softmaxColumns(rows, 1, column, 0, column, 0);          // a single sample: rows x 1
            for (int r = 0; r < rows; r++) {
                float v = a[r * cols + c];
                // Different summation orders: a few ulps apart.
                assertEquals(column[r], v, (rows + 4) * 2 * U * column[r] + 1e-37, "a[" + r + "][" + c + "]");
            }
        }

        float[] inPlace = ElementKernelsDifferentialTest.embed(z, 7);
        k.softmaxColumns(rows, cols, inPlace, 7, inPlace, 7);
        assertArrayEquals(a, Arrays.copyOfRange(inPlace, 7, 7 + z.length), "in place must equal out of place");
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("implsAndShapes")
    void invariantUnderAddingAConstantToAColumn(String name, ElementKernels k, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + cols);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextInt(-2048, 2048) / 256f;                  // multiples of 2^-8: shifts by 1000 are exact
        }
        float[] shifted = z.clone();
        float[] shifts = new float[cols];
        for (int c = 0; c < cols; c++) {
            shifts[c] = (c % 3 - 1) * 1000f;                         // -1000, 0, +1000, ...
            for (int r = 0; r < rows; r++) {
                shifted[r * cols + c] += shifts[c];
            }
        }
        float[] a = new float[z.length];
        float[] b = new float[z.length];
        k.softmaxColumns(rows, cols, z, 0, a, 0);
        k.softmaxColumns(rows, cols, shifted, 0, b, 0);
        // z - max is the same float either way, so the results are identical, and all finite.
        assertArrayEquals(a, b);
        for (float v : b) {
            assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, "finite probability: " + v);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void extremeLogitsGiveFiniteProbabilities(String name, ElementKernels k) {
        for (int cols : new int[] {1, 3, 16, 17}) {
            int rows = 5;
            float[] z = new float[rows * cols];
            float[] pattern = {1000f, -1000f, 999f, -1000f, 1000f};
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    z[r * cols + c] = c % 2 == 0 ? pattern[r] : -pattern[r];
                }
            }
            k.softmaxColumns(rows, cols, z, 0, z, 0);
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    float v = z[r * cols + c];
                    assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, "cols " + cols + " a[" + r + "][" + c + "] = " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-6, "column " + c);
            }
            // Column 0: two maxima of 1000 and one 999: e^0, e^0, e^-1 over 2 + e^-1.
            double denominator = 2 + Math.exp(-1);
            assertEquals(1 / denominator, z[0], 1e-6, "cols " + cols);
            assertEquals(Math.exp(-1) / denominator, z[2 * cols], 1e-6, "cols " + cols);
            assertEquals(0f, z[cols], "e^-2000 underflows to 0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aNonFiniteLogitTurnsItsColumnIntoNaNAndLeavesTheOthersAlone(String name, ElementKernels k) {
        for (int cols : new int[] {1, 2, 16, 19}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                int rows = 6;
                float[] z = new float[rows * cols];
                for (int i = 0; i < z.length; i++) {
                    z[i] = i % 7 - 3f;
                }
                int badColumn = cols - 1;
                z[3 * cols + badColumn] = bad;
                float[] a = new float[z.length];
                k.softmaxColumns(rows, cols, z, 0, a, 0);
                for (int c = 0; c < cols; c++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        float v = a[r * cols + c];
                        if (c == badColumn) {
                            assertTrue(Float.isNaN(v), bad + " in column " + c + " of " + cols + ": a[" + r + "] = " + v);
                        }
                        sum += v;
                    }
                    if (c != badColumn) {
                        assertEquals(1.0, sum, 1e-6, "column " + c + " of " + cols + " is unaffected");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void oneRowIsAllOnesAndEmptyShapesDoNothing(String name, ElementKernels k) {
        float[] z = {-3f, 0f, 1e30f, -1e30f, 7f};
        k.softmaxColumns(1, 5, z, 0, z, 0);
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f}, z);
        float[] untouched = {9f, 9f};
        k.softmaxColumns(0, 2, untouched, 0, untouched, 0);
        k.softmaxColumns(2, 0, untouched, 0, untouched, 0);
        assertArrayEquals(new float[] {9f, 9f}, untouched);
    }
}
