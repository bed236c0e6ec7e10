package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Accuracy of the vector exp, sigmoid and tanh against {@link Math} in double precision: dense sweeps over the
 * float bit patterns (every k-th float, so all binades are covered evenly rather than only large magnitudes),
 * plus the special values and the overflow and underflow edges.
 */
class ExpAccuracyTest {

    private static final VectorElementKernels K = new VectorElementKernels();
    private static final int CHUNK = 1 << 14;

    private interface Check {
        void check(float x, float y);
    }

    private interface Kernel {
        void run(int n, float[] x, float[] y);
    }

    /** Sweeps [lo, hi] by stepping through bit patterns of each sign; returns the number of points checked. */
    private static long sweep(float lo, float hi, int stride, Kernel kernel, Check check) {
        float[] x = new float[CHUNK];
        float[] y = new float[CHUNK];
        long count = 0;
        // Non-negative floats in [max(lo, 0), hi], then negative ones in [lo, min(hi, 0)], by magnitude bits.
        for (int sign = 0; sign < 2; sign++) {
            float from = sign == 0 ? Math.max(lo, 0f) : Math.max(-hi, 0f);
            float to = sign == 0 ? hi : -lo;
            if (to < from) {
                continue;
            }
            int maxBits = Float.floatToRawIntBits(to);
            long bits = Float.floatToRawIntBits(from);
            while (bits <= maxBits) {
                int m = 0;
                while (m < CHUNK && bits <= maxBits) {
                    float v = Float.intBitsToFloat((int) bits);
                    x[m++] = sign == 0 ? v : -v;
                    bits += stride;
                }
                kernel.run(m, x, y);
                for (int i = 0; i < m; i++) {
                    check.check(x[i], y[i]);
                }
                count += m;
            }
        }
        return count;
    }

    private static final class MaxError {
        double max;
        float worst;

        void add(double err, float x) {
            if (err > max || Double.isNaN(err)) {
                max = err;
                worst = x;
            }
        }
    }

    @Test
    void expRelativeErrorAtMost1e6OverMillionsOfPointsOfTheUsefulRange() {
        MaxError e = new MaxError();
        long n = sweep(-87.3f, 88.7f, 509, (m, x, y) -> K.exp(m, x, 0, y, 0),
                (x, y) -> e.add(Math.abs(y - Math.exp(x)) / Math.exp(x), x));
        assertTrue(n > 4_000_000, "points: " + n);
        assertTrue(e.max <= 1e-6, "max relative error " + e.max + " at x = " + e.worst);
    }

    @Test
    void expOfSpecialValuesAndEdges() {
        float[] x = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, -1f,
                88.72283f, 88.72284f, 89f, 89.1f, 100f, 1000f, Float.MAX_VALUE,
                -87.33654f, -87.34f, -103.97f, -103.98f, -104f, -105f, -1000f, -Float.MAX_VALUE,
                Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f};
        float[] y = new float[x.length];
        K.exp(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            double ref = Math.exp(x[i]);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(y[i]), "exp(NaN) = " + y[i]);
            } else if (ref > Float.MAX_VALUE) {
                assertEquals(Float.POSITIVE_INFINITY, y[i], "exp(" + x[i] + ") overflows");
            } else if (ref < Float.MIN_NORMAL) {
                // Subnormal results: within one subnormal step (they carry fewer significant bits).
                assertTrue(y[i] >= 0 && Math.abs(y[i] - ref) <= Float.MIN_VALUE, "exp(" + x[i] + ") = " + y[i] + " vs " + ref);
            } else {
                assertTrue(Math.abs(y[i] - ref) <= 1e-6 * ref, "exp(" + x[i] + ") = " + y[i] + " vs " + ref);
            }
        }
        assertEquals(1f, y[0], "exp(0)");
        assertEquals(1f, y[1], "exp(-0)");
        assertEquals(0f, y[3], "exp(-Inf)");
        assertTrue(Float.isFinite(y[7]), "exp(88.72283) is still finite: " + y[7]);
        assertEquals(Float.POSITIVE_INFINITY, y[8], "exp(88.72284) overflows");
        assertEquals(0f, y[18], "exp(-104) underflows to 0");
        assertEquals(Float.MIN_VALUE, y[16], "exp(-103.97) rounds up to the smallest subnormal, not to 0");
    }

    @Test
    void expUnderflowsGraduallyThroughTheSubnormals() {
        MaxError e = new MaxError();
        sweep(-103.9f, -87.34f, 7, (m, x, y) -> K.exp(m, x, 0, y, 0), (x, y) -> {
            double ref = Math.exp(x);
            e.add(Math.abs(y - ref) / (1e-6 * ref + Float.MIN_VALUE), x);
        });
        // Subnormal results carry fewer bits: the 1e-6 relative contract plus one step of the smallest subnormal.
        assertTrue(e.max <= 1.0, "error " + e.max + " times (1e-6·exp(x) + MIN_VALUE) at x = " + e.worst);
    }

    @Test
    void sigmoidIsAccurateFiniteAndInUnitIntervalEverywhere() {
        MaxError e = new MaxError();
        sweep(-87f, 87f, 509, (m, x, y) -> K.sigmoid(m, x, 0, y, 0), (x, y) -> {
            double ref = 1 / (1 + Math.exp(-(double) x));
            if (!(y >= 0f && y <= 1f)) {
                fail("sigmoid(" + x + ") = " + y + " is outside [0, 1]");
            }
            if (ref >= Float.MIN_NORMAL) {
                e.add(Math.abs(y - ref) / ref, x);
            }
        });
        assertTrue(e.max <= 1e-6, "sigmoid max relative error " + e.max + " at x = " + e.worst);

        float[] x = {1000f, -1000f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.NaN,
                Float.MAX_VALUE, -Float.MAX_VALUE, 20f, -100f};
        float[] y = new float[x.length];
        K.sigmoid(x.length, x, 0, y, 0);
        assertEquals(1f, y[0], "sigmoid(1000)");
        assertEquals(0f, y[1], "sigmoid(-1000)");
        assertEquals(1f, y[2], "sigmoid(+Inf)");
        assertEquals(0f, y[3], "sigmoid(-Inf)");
        assertEquals(0.5f, y[4], "sigmoid(0)");
        assertEquals(0.5f, y[5], "sigmoid(-0)");
        assertTrue(Float.isNaN(y[6]), "sigmoid(NaN) stays NaN so it can be detected");
        assertEquals(1f, y[7]);
        assertEquals(0f, y[8]);
        assertEquals(1f, y[9], "sigmoid(20) rounds to 1");
        // sigmoid(-100) = 3.7e-44: e^100 overflows, so 1/(1 + Inf) = 0, within Float.MIN_NORMAL of the truth.
        assertTrue(y[10] >= 0 && Math.abs(y[10] - Math.exp(-100)) < Float.MIN_NORMAL, "sigmoid(-100) = " + y[10]);
    }

    @Test
    void scalarTailsGiveTheSameBitsAsVectorLanes() {
        // Lengths of the form 16k + t send the last t elements through the scalar twins: they must agree with
        // the vector lanes bit for bit, or an element's value would depend on where it sits in the array.
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72283f,
                88.72284f, -87.34f, -103.97f, -104f, 0.625f, -0.625f, 9.1f, 1e-30f, -3e-8f};
        float[] y = new float[CHUNK];
        long count = sweep(-110f, 110f, 4099, (m, x, out) -> {
            System.arraycopy(special, 0, x, 0, Math.min(special.length, m));
            K.exp(m, x, 0, out, 0);
            for (int i = 0; i < m; i++) {
                assertBits(out[i], VectorMath.expScalar(x[i]), "exp", x[i]);
            }
            K.tanh(m, x, 0, y, 0);
            for (int i = 0; i < m; i++) {
                assertBits(y[i], VectorMath.tanhScalar(x[i]), "tanh", x[i]);
            }
            K.sigmoid(m, x, 0, y, 0);
            for (int i = 0; i < m; i++) {
                float e = VectorMath.expScalar(-x[i]);
                assertBits(y[i], 1f / (1f + e), "sigmoid", x[i]);
            }
        }, (x, out) -> { });
        assertTrue(count > 500_000, "points: " + count);
    }

    private static void assertBits(float vector, float scalar, String fn, float x) {
        if (Float.floatToRawIntBits(vector) != Float.floatToRawIntBits(scalar)
                && !(Float.isNaN(vector) && Float.isNaN(scalar))) {
            fail(fn + "(" + x + "): vector lane " + vector + " but scalar tail " + scalar);
        }
    }

    @Test
    void tanhIsRelativelyAccurateNearZeroAndSaturatesExactly() {
        MaxError e = new MaxError();
        sweep(-20f, 20f, 509, (m, x, y) -> K.tanh(m, x, 0, y, 0), (x, y) -> {
            double ref = Math.tanh(x);
            if (Math.abs(ref) >= Float.MIN_NORMAL) {
                e.add(Math.abs(y - ref) / Math.abs(ref), x);
            } else if (y != (float) ref) {
                fail("tanh(" + x + ") = " + y + " but the subnormal " + x + " should come back unchanged");
            }
        });
        assertTrue(e.max <= 1e-6, "tanh max relative error " + e.max + " at x = " + e.worst);

        float[] x = {0f, -0f, 1e-20f, -3e-8f, 9.1f, -9.1f, 10f, -10f, 50f, -50f, 1000f, -1000f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.625f, -0.625f};
        float[] y = new float[x.length];
        K.tanh(x.length, x, 0, y, 0);
        assertEquals(0f, y[0]);
        assertEquals(-0f, y[1], "tanh(-0) keeps the sign");
        assertEquals(1e-20f, y[2], "tanh(x) = x for tiny x");
        assertEquals(-3e-8f, y[3], "tanh(x) = x for tiny x");
        for (int i = 4; i <= 13; i++) {
            assertEquals(Math.signum(x[i]), y[i], "tanh(" + x[i] + ") saturates to exactly ±1");
        }
        assertTrue(Float.isNaN(y[14]), "tanh(NaN)");
        assertEquals((float) Math.tanh(0.625), y[15], 2 * Math.ulp(y[15]), "at the polynomial limit");
        assertEquals(-y[15], y[16], "odd at the limit");
    }
}
