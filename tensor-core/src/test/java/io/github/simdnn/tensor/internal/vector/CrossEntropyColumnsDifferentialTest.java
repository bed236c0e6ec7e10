package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.ScalarElementKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ElementKernels#crossEntropyColumns} of the Vector API kernels (V columns per float vector, widened into two
 * double vectors, the Vector API's EXP and LOG, a scalar tail) and of the scalar kernels against a plain double
 * loop written here: row counts from 1 to 13, column counts on both sides of the 8- and 16-column blocks (0 to
 * 257), logits of several scales
 * (up to ±1000, where an unshifted exponential overflows), labels anywhere, and offsets. The kernels may differ
 * from the loop only by double rounding: the tolerance is 1e-13 of the sum of the terms' magnitudes. Then the
 * special values: NaN or +Inf in a column gives NaN, as does a column of only -Inf; a -Inf logit elsewhere than
 * the label contributes nothing to its column, and -Inf at the label makes the loss +Inf.
 */
class CrossEntropyColumnsDifferentialTest {

    private static final int[] ROWS = {1, 2, 3, 10, 13};
    private static final int[] COLS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 127, 128, 257};
    private static final double[] SCALES = {0.01, 3, 1000};

    static Stream<Arguments> cases() {
        ElementKernels[] impls = {new VectorElementKernels(), new ScalarElementKernels()};
        return Arrays.stream(impls).flatMap(k -> Arrays.stream(ROWS).boxed().flatMap(rows -> Arrays.stream(COLS)
                .boxed().flatMap(cols -> Arrays.stream(SCALES).mapToObj(scale ->
                        Arguments.of(k.getClass().getSimpleName(), k, rows, cols, scale)))));
    }

    @ParameterizedTest(name = "{0} {2}x{3} scale {4}")
    @MethodSource("cases")
    void matchesThePlainLoop(String name, ElementKernels kernels, int rows, int cols, double scale) {
        SplittableRandom rnd = new SplittableRandom(41L * rows + cols + (long) scale);
        int zOff = rnd.nextInt(0, 5);
        int labelsOff = rnd.nextInt(0, 3);
        float[] z = new float[zOff + rows * cols + 2];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rnd.nextGaussian() * scale);
        }
        int[] labels = new int[labelsOff + cols + 1];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = rnd.nextInt(rows);
        }
        double expected = 0;
        double magnitude = cols;
        for (int c = 0; c < cols; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, z[zOff + r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp(z[zOff + r * cols + c] - max);
            }
            double lse = max + Math.log(sum);
            double picked = z[zOff + labels[labelsOff + c] * cols + c];
            expected += lse - picked;
            magnitude += Math.abs(lse) + Math.abs(picked);
        }

        double actual = kernels.crossEntropyColumns(rows, cols, z, zOff, labels, labelsOff);

        assertEquals(expected, actual, 1e-13 * magnitude, name);
        assertTrue(actual >= -1e-13 * magnitude, "a cross-entropy is never negative: " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void specialValues(String name, ElementKernels kernels) {
        int rows = 3;
        int cols = 19;                                    // 8- or 16-column blocks, then a tail of 3
        float[] z = new float[rows * cols];
        int[] labels = new int[cols];
        for (int c = 0; c < cols; c++) {
            labels[c] = c % rows;
        }
        // All-zero logits: every column is ln 3.
        assertEquals(cols * Math.log(3), kernels.crossEntropyColumns(rows, cols, z, 0, labels, 0), 1e-12, name);
        // -Inf in a row that is not the label drops that class: ln 2 for those columns.
        for (int c : new int[] {0, 9, 17}) {
            z[((labels[c] + 1) % rows) * cols + c] = Float.NEGATIVE_INFINITY;
        }
        assertEquals((cols - 3) * Math.log(3) + 3 * Math.log(2),
                kernels.crossEntropyColumns(rows, cols, z, 0, labels, 0), 1e-12, name);
        for (int c : new int[] {2, 13, 18}) {            // each half of a block (8 or 16 lanes), the tail
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                float[] zz = z.clone();
                zz[cols + c] = bad;
                assertTrue(Double.isNaN(kernels.crossEntropyColumns(rows, cols, zz, 0, labels, 0)),
                        name + ": " + bad + " in column " + c);
            }
            // A column of -Inf has no largest finite logit: -Inf - (-Inf) is NaN.
            float[] allMinus = z.clone();
            for (int r = 0; r < rows; r++) {
                allMinus[r * cols + c] = Float.NEGATIVE_INFINITY;
            }
            assertTrue(Double.isNaN(kernels.crossEntropyColumns(rows, cols, allMinus, 0, labels, 0)),
                    name + ": column " + c + " all -Inf");
            // -Inf at the label (others finite): the class has probability 0, the loss is +Inf.
            float[] labelMinus = z.clone();
            labelMinus[labels[c] * cols + c] = Float.NEGATIVE_INFINITY;
            assertEquals(Double.POSITIVE_INFINITY, kernels.crossEntropyColumns(rows, cols, labelMinus, 0, labels, 0),
                    name + ": -Inf at the label of column " + c);
        }
    }

    static Stream<Arguments> kernels() {
        return Stream.of(new VectorElementKernels(), new ScalarElementKernels())
                .map(k -> Arguments.of(k.getClass().getSimpleName(), k));
    }
}
