package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.ScalarElementKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link ElementKernels} method of the Vector API kernels — and, as a check of the oracle itself, of the
 * scalar kernels — against a double-precision reference written here, over lengths that hit every tail shape
 * of a 4-, 8- or 16-lane vector, at non-zero offsets, in place, and with guard cells around the output that
 * must stay untouched (a masked tail that writes past its end fails there).
 */
class ElementKernelsDifferentialTest {

    static final int[] SIZES = {0, 1, 2, 3, 7, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 257, 1000, 4099};
    /** Float unit roundoff 2^-24. */
    static final double U = 0x1p-24;
    private static final float GUARD = -12345.678f;
    private static final int GUARD_CELLS = 19;

    static Stream<Arguments> cases() {
        ElementKernels[] impls = {new VectorElementKernels(), new ScalarElementKernels()};
        return Arrays.stream(impls).flatMap(k -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(k.getClass().getSimpleName(), k, n)));
    }

    // ---------------------------------------------------------------- helpers

    static float[] random(SplittableRandom rnd, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(lo, hi);
        }
        return x;
    }

    static float[] smallIntegers(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(-8, 9);
        }
        return x;
    }

    /** {@code values} copied to {@code off} of a larger array filled with guards. */
    static float[] embed(float[] values, int off) {
        float[] a = new float[off + values.length + GUARD_CELLS];
        Arrays.fill(a, GUARD);
        System.arraycopy(values, 0, a, off, values.length);
        return a;
    }

    static float[] guarded(int n, int off) {
        return embed(new float[n], off);
    }

    static void assertGuards(float[] a, int off, int n) {
        for (int i = 0; i < a.length; i++) {
            if ((i < off || i >= off + n) && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(GUARD)) {
                fail("element " + i + " outside the output range [" + off + ", " + (off + n) + ") was overwritten with " + a[i]);
            }
        }
    }

    /** Exact float result of a double computation on two floats (+, -, × are exact before the final rounding). */
    static void assertExact(float[] expected, float[] actual, int off, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[off + i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[off + i]);
            }
        }
    }

    static void assertClose(double expected, float actual, double tol, String what) {
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": expected " + expected + " ± " + tol + " but was " + actual + " (error " + Math.abs(actual - expected) + ")");
        }
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void addSubtractMultiplyAreExactlyRoundedAtOffsets(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(11 + n);
        float[] a = random(rnd, n, -100, 100);
        float[] b = random(rnd, n, -100, 100);
        float[] sum = new float[n];
        float[] diff = new float[n];
        float[] prod = new float[n];
        for (int i = 0; i < n; i++) {
            sum[i] = (float) ((double) a[i] + b[i]);
            diff[i] = (float) ((double) a[i] - b[i]);
            prod[i] = (float) ((double) a[i] * b[i]);
        }
        float[] ea = embed(a, 3);
        float[] eb = embed(b, 5);

        float[] out = guarded(n, 1);
        k.add(n, ea, 3, eb, 5, out, 1);
        assertExact(sum, out, 1, "add");
        assertGuards(out, 1, n);

        out = guarded(n, 7);
        k.subtract(n, ea, 3, eb, 5, out, 7);
        assertExact(diff, out, 7, "subtract");
        assertGuards(out, 7, n);

        out = guarded(n, 2);
        k.multiply(n, ea, 3, eb, 5, out, 2);
        assertExact(prod, out, 2, "multiply");
        assertGuards(out, 2, n);

        // In place: the output is the first input.
        float[] inPlace = embed(a, 3);
        k.add(n, inPlace, 3, eb, 5, inPlace, 3);
        assertExact(sum, inPlace, 3, "add in place");
        assertGuards(inPlace, 3, n);
        inPlace = embed(a, 3);
        k.subtract(n, inPlace, 3, eb, 5, inPlace, 3);
        assertExact(diff, inPlace, 3, "subtract in place");
        inPlace = embed(b, 4);
        k.multiply(n, ea, 3, inPlace, 4, inPlace, 4);
        assertExact(prod, inPlace, 4, "multiply in place (second input)");
        assertGuards(inPlace, 4, n);
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void axpyAndScale(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(23 + n);
        float alpha = -1.75f;
        float[] x = random(rnd, n, -10, 10);
        float[] y = random(rnd, n, -10, 10);
        float[] ey = embed(y, 6);
        k.axpy(n, alpha, embed(x, 2), 2, ey, 6);
        for (int i = 0; i < n; i++) {
            double ref = y[i] + (double) alpha * x[i];
            // Fused or not, at most two roundings of magnitude <= max(|y|, |alpha·x|).
            double tol = 2 * U * Math.max(Math.abs(y[i]), Math.abs(alpha * x[i])) * 2;
            assertClose(ref, ey[6 + i], tol, "axpy[" + i + "]");
        }
        assertGuards(ey, 6, n);

        float[] ex = embed(x, 9);
        k.scale(n, alpha, ex, 9);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (float) (alpha * (double) x[i]);
        }
        assertExact(expected, ex, 9, "scale");
        assertGuards(ex, 9, n);
    }

    // ---------------------------------------------------------------- reductions

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void sumAndDotOfSmallIntegersAreExact(String name, ElementKernels k, int n) {
        // Integer sums below 2^24 are exact in any order: a dropped, doubled or misplaced element shows at once.
        SplittableRandom rnd = new SplittableRandom(31 + n);
        float[] x = smallIntegers(rnd, n);
        float[] y = smallIntegers(rnd, n);
        long s = 0;
        long d = 0;
        for (int i = 0; i < n; i++) {
            s += (long) x[i];
            d += (long) x[i] * (long) y[i];
        }
        assertEquals((float) s, k.sum(n, embed(x, 5), 5), "sum");
        assertEquals((float) d, k.dot(n, embed(x, 1), 1, embed(y, 14), 14), "dot");
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void sumAndDotOfRealsWithinTheRoundingBound(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(37 + n);
        float[] x = random(rnd, n, -1, 1);
        float[] y = random(rnd, n, -1, 1);
        double s = 0;
        double abs = 0;
        double d = 0;
        double absProd = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
            abs += Math.abs(x[i]);
            d += (double) x[i] * y[i];
            absProd += Math.abs((double) x[i] * y[i]);
        }
        // Any summation order: |error| <= (n - 1)·u·Σ|x| (+ one rounding per product for the dot).
        assertClose(s, k.sum(n, embed(x, 2), 2), n * U * abs, "sum");
        assertClose(d, k.dot(n, embed(x, 3), 3, embed(y, 4), 4), (n + 1) * U * absProd, "dot");
    }

    // ---------------------------------------------------------------- matrix kernels

    static Stream<Arguments> shapes() {
        int[] rows = {0, 1, 2, 3, 7, 10, 17, 33};
        int[] cols = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100, 257};
        ElementKernels[] impls = {new VectorElementKernels(), new ScalarElementKernels()};
        return Arrays.stream(impls).flatMap(k -> Arrays.stream(rows).boxed().flatMap(r -> Arrays.stream(cols)
                .mapToObj(c -> Arguments.of(k.getClass().getSimpleName(), k, r, c))));
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("shapes")
    void addColumnBroadcastsBiasRAlongRowR(String name, ElementKernels k, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(41 + rows * 1000 + cols);
        float[] x = random(rnd, rows * cols, -5, 5);
        float[] bias = random(rnd, rows, -5, 5);
        float[] ex = embed(x, 4);
        k.addColumn(rows, cols, embed(bias, 3), 3, ex, 4);
        float[] expected = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[r * cols + c] = (float) ((double) x[r * cols + c] + bias[r]);
            }
        }
        assertExact(expected, ex, 4, "addColumn");
        assertGuards(ex, 4, rows * cols);
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("shapes")
    void rowSumsSumAlongAxisOne(String name, ElementKernels k, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(43 + rows * 1000 + cols);
        float[] ints = smallIntegers(rnd, rows * cols);
        float[] reals = random(rnd, rows * cols, -1, 1);
        float[] outInts = guarded(rows, 2);
        float[] outReals = guarded(rows, 5);
        k.rowSums(rows, cols, embed(ints, 7), 7, outInts, 2);
        k.rowSums(rows, cols, embed(reals, 1), 1, outReals, 5);
        for (int r = 0; r < rows; r++) {
            long s = 0;
            double d = 0;
            double abs = 0;
            for (int c = 0; c < cols; c++) {
                s += (long) ints[r * cols + c];
                d += reals[r * cols + c];
                abs += Math.abs(reals[r * cols + c]);
            }
            assertEquals((float) s, outInts[2 + r], "integer row " + r);
            assertClose(d, outReals[5 + r], cols * U * abs, "real row " + r);
        }
        assertGuards(outInts, 2, rows);
        assertGuards(outReals, 5, rows);
    }

    @ParameterizedTest(name = "{0} {2}x{3}")
    @MethodSource("shapes")
    void argmaxColumnsFindsTheFirstMaximumOfEachColumn(String name, ElementKernels k, int rows, int cols) {
        if (rows == 0) {
            return;                       // rejected by the facade; see OpsTest
        }
        SplittableRandom rnd = new SplittableRandom(47 + rows * 1000 + cols);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextInt(0, 4);     // few distinct values: many ties, which must resolve to the first row
        }
        int[] out = new int[cols + 6];
        Arrays.fill(out, -7);
        k.argmaxColumns(rows, cols, embed(z, 2), 2, out, 3);
        for (int c = 0; c < cols; c++) {
            int best = 0;
            for (int r = 1; r < rows; r++) {
                if (z[r * cols + c] > z[best * cols + c]) {
                    best = r;
                }
            }
            assertEquals(best, out[3 + c], "column " + c);
        }
        for (int i = 0; i < out.length; i++) {
            if (i < 3 || i >= 3 + cols) {
                assertEquals(-7, out[i], "out[" + i + "] outside the output was overwritten");
            }
        }
    }

    // ---------------------------------------------------------------- activations

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void expSigmoidTanhMatchDoubleReferenceAtOffsetsAndInPlace(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(53 + n);
        float[] xe = random(rnd, n, -87, 88);
        float[] xs = random(rnd, n, -30, 30);
        float[] xt = random(rnd, n, -3, 3);

        float[] y = guarded(n, 3);
        k.exp(n, embed(xe, 1), 1, y, 3);
        assertGuards(y, 3, n);
        for (int i = 0; i < n; i++) {
            double ref = Math.exp(xe[i]);
            assertClose(ref, y[3 + i], 1e-6 * ref, "exp(" + xe[i] + ")");
        }
        float[] inPlace = embed(xe, 2);
        k.exp(n, inPlace, 2, inPlace, 2);
        assertExact(Arrays.copyOfRange(y, 3, 3 + n), inPlace, 2, "exp in place equals out of place");

        y = guarded(n, 4);
        k.sigmoid(n, embed(xs, 6), 6, y, 4);
        assertGuards(y, 4, n);
        for (int i = 0; i < n; i++) {
            double ref = 1 / (1 + Math.exp(-xs[i]));
            assertClose(ref, y[4 + i], 1e-6 * ref, "sigmoid(" + xs[i] + ")");
        }
        inPlace = embed(xs, 1);
        k.sigmoid(n, inPlace, 1, inPlace, 1);
        assertExact(Arrays.copyOfRange(y, 4, 4 + n), inPlace, 1, "sigmoid in place");

        y = guarded(n, 5);
        k.tanh(n, embed(xt, 7), 7, y, 5);
        assertGuards(y, 5, n);
        for (int i = 0; i < n; i++) {
            double ref = Math.tanh(xt[i]);
            assertClose(ref, y[5 + i], 1e-6 * Math.abs(ref), "tanh(" + xt[i] + ")");
        }
        inPlace = embed(xt, 3);
        k.tanh(n, inPlace, 3, inPlace, 3);
        assertExact(Arrays.copyOfRange(y, 5, 5 + n), inPlace, 3, "tanh in place");
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void reluAndBackwardKernels(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(59 + n);
        float[] x = random(rnd, n, -2, 2);
        float[] sig = random(rnd, n, 0, 1);
        float[] th = random(rnd, n, -1, 1);
        float[] da = random(rnd, n, -3, 3);
        if (n > 2) {
            x[1] = 0f;
            x[2] = -0f;
            sig[1] = 1f;
            th[2] = -1f;
        }

        float[] y = guarded(n, 2);
        k.relu(n, embed(x, 1), 1, y, 2);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] < 0 ? 0f : x[i];
            assertTrue(y[2 + i] >= 0 || Float.floatToRawIntBits(y[2 + i]) == Float.floatToRawIntBits(-0f), "relu >= 0");
        }
        assertExact(expected, y, 2, "relu");
        assertGuards(y, 2, n);

        float[] dz = guarded(n, 3);
        float[] relu = Arrays.copyOfRange(y, 2, 2 + n);
        k.reluBackward(n, embed(relu, 4), 4, embed(da, 5), 5, dz, 3);
        for (int i = 0; i < n; i++) {
            expected[i] = relu[i] > 0 ? da[i] : 0f;
        }
        assertExact(expected, dz, 3, "reluBackward");
        assertGuards(dz, 3, n);

        dz = guarded(n, 1);
        k.sigmoidBackward(n, embed(sig, 2), 2, embed(da, 3), 3, dz, 1);
        for (int i = 0; i < n; i++) {
            double ref = (double) da[i] * sig[i] * (1 - (double) sig[i]);
            assertClose(ref, dz[1 + i], 3 * U * Math.abs(ref) + 1e-30, "sigmoidBackward[" + i + "]");
        }
        assertGuards(dz, 1, n);

        dz = guarded(n, 6);
        k.tanhBackward(n, embed(th, 2), 2, embed(da, 3), 3, dz, 6);
        for (int i = 0; i < n; i++) {
            double ref = (double) da[i] * (1 - (double) th[i] * th[i]);
            // 1 - a² cancels for |a| near 1: the rounding of a² (u·a²) is the floor of the error.
            double tol = Math.abs(da[i]) * (U * th[i] * th[i] + 2 * U * Math.abs(1 - (double) th[i] * th[i])) * 2;
            assertClose(ref, dz[6 + i], tol + 1e-30, "tanhBackward[" + i + "]");
        }
        assertGuards(dz, 6, n);

        // In place: dz overwrites da.
        float[] daInPlace = embed(da, 2);
        k.sigmoidBackward(n, embed(sig, 2), 2, daInPlace, 2, daInPlace, 2);
        float[] outOfPlace = new float[n];
        k.sigmoidBackward(n, sig, 0, da, 0, outOfPlace, 0);
        assertExact(outOfPlace, daInPlace, 2, "sigmoidBackward in place");
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void allFiniteFindsANonFiniteValueAtEveryPosition(String name, ElementKernels k, int n) {
        SplittableRandom rnd = new SplittableRandom(61 + n);
        float[] x = embed(random(rnd, n, -1e30, 1e30), 3);
        assertTrue(k.allFinite(n, x, 3), "finite data");
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            float keep = x[3 + i];
            x[3 + i] = bad[i % 3];
            assertTrue(!k.allFinite(n, x, 3), bad[i % 3] + " at " + i + " of " + n + " not found");
            x[3 + i] = keep;
        }
        // The guard cells around the range are finite; non-finite values just outside it must not count.
        x[2] = Float.NaN;
        x[3 + n] = Float.POSITIVE_INFINITY;
        assertTrue(k.allFinite(n, x, 3), "values outside the range were read");
    }
}
