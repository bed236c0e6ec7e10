package io.github.simdnn.tensor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based checks of {@link Ops#softmaxColumns} on random matrices (odd and vector-tail sizes, one column and
 * many, offsets): every column is a probability vector summing to 1, matches a double-precision softmax, and is
 * unchanged when a constant is added to the column (shift invariance, the reason for the max shift).
 */
class SoftmaxPropertyTest {

    private static final double U = 0x1p-24;
    /** Relative error of the vector exp (documented bound 1e-6), with margin. */
    private static final double EXP_REL = 2e-6;

    /** Input magnitudes: ordinary logits, large ones where exp would overflow without the shift, and tiny ones. */
    @Provide
    Arbitrary<Float> scales() {
        return Arbitraries.of(1e-3f, 1f, 10f, 80f, 300f);
    }

    static float[] matrix(SplittableRandom rnd, int size, float scale) {
        float[] z = new float[size];
        for (int i = 0; i < size; i++) {
            z[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return z;
    }

    /** Double softmax of column c of the rows×cols matrix at {@code off}. */
    static double[] reference(float[] z, int off, int rows, int cols, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, z[off + r * cols + c]);
        }
        double[] e = new double[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            e[r] = Math.exp(z[off + r * cols + c] - max);
            sum += e[r];
        }
        for (int r = 0; r < rows; r++) {
            e[r] /= sum;
        }
        return e;
    }

    /** Relative accuracy of one output: the exp error of its own term and the sum's, plus rounding of the sum. */
    static double tolerance(int rows) {
        return 2 * EXP_REL + (rows + 3) * U;
    }

    @Property(tries = 300)
    void columnsAreProbabilityVectorsMatchingTheDoubleSoftmax(
            @ForAll @IntRange(min = 1, max = 70) int rows, @ForAll @IntRange(min = 1, max = 70) int cols,
            @ForAll @IntRange(min = 0, max = 9) int zOff, @ForAll @IntRange(min = 0, max = 9) int aOff,
            @ForAll("scales") float scale, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] z = matrix(rnd, zOff + rows * cols + 3, scale);
        float[] a = matrix(rnd, aOff + rows * cols + 3, 1f);
        float[] before = a.clone();
        Ops.softmaxColumns(rows, cols, z, zOff, a, aOff);
        for (int i = 0; i < a.length; i++) {
            boolean inside = i >= aOff && i < aOff + rows * cols;
            if (!inside && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(before[i])) {
                fail("element " + i + " outside the output changed");
            }
        }
        double tol = tolerance(rows);
        for (int c = 0; c < cols; c++) {
            double[] expected = reference(z, zOff, rows, cols, c);
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                float v = a[aOff + r * cols + c];
                if (!(v >= 0f && v <= 1f)) {
                    fail("a[" + r + "][" + c + "] = " + v + " is not a probability (" + rows + "x" + cols + ")");
                }
                if (!(Math.abs(v - expected[r]) <= tol * expected[r] + 1e-37)) {
                    fail("a[" + r + "][" + c + "] = " + v + " but the double softmax is " + expected[r] + " ("
                            + rows + "x" + cols + ", scale " + scale + ")");
                }
                sum += v;
            }
            if (!(Math.abs(sum - 1) <= (rows + 3) * U * 2)) {
                fail("column " + c + " sums to " + sum + " (" + rows + "x" + cols + ", scale " + scale + ")");
            }
        }
    }

    @Property(tries = 200)
    void addingAConstantToAColumnChangesNothing(
            @ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(min = 1, max = 40) int cols,
            @ForAll("scales") float scale, @ForAll @IntRange(min = -1000, max = 1000) int shift, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] z = matrix(rnd, rows * cols, scale);
        float[] shifted = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            shifted[i] = z[i] + shift;
        }
        float[] a = new float[z.length];
        float[] b = new float[z.length];
        Ops.softmaxColumns(rows, cols, z, 0, a, 0);
        Ops.softmaxColumns(rows, cols, shifted, 0, b, 0);
        // z + shift is rounded to float: each logit may move by up to ulp(|z| + |shift|)/2, which changes its
        // exponential by that much relative, on top of both runs' own error.
        double rounding = (Math.abs(shift) + scale) * U;
        double tol = 2 * tolerance(rows) + 4 * rounding;
        for (int i = 0; i < z.length; i++) {
            double larger = Math.max(a[i], b[i]);
            if (!(Math.abs(a[i] - b[i]) <= tol * larger + 1e-37)) {
                fail("element (" + i / cols + ", " + i % cols + "): softmax(z) = " + a[i] + " but softmax(z + " + shift
                        + ") = " + b[i] + " (" + rows + "x" + cols + ", scale " + scale + ")");
            }
        }
    }
}
