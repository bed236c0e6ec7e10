package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dense forward and backward against a plain double reference over many shapes, including odd sizes and tails. */
class DenseTest {

    private static final int[] SIZES = {1, 3, 7, 13, 16, 17, 33};
    private static final int[] BATCHES = {1, 2, 15, 17, 31};

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    @Test
    void forwardAndBackwardMatchADoubleReference() {
        SplittableRandom r = new SplittableRandom(42);
        for (int in : SIZES) {
            for (int out : SIZES) {
                for (int m : BATCHES) {
                    check(r, in, out, m);
                }
            }
        }
    }

    private static void check(SplittableRandom r, int in, int out, int m) {
        String shape = in + "->" + out + ", batch " + m;
        Dense dense = new Dense(in, out, r.nextLong());
        dense.setBias(random(r, out));
        float[] w = dense.weight().value();
        float[] b = dense.bias().value();
        float[] x = random(r, in * m);
        float[] dz = random(r, out * m);
        // Gradients start non-zero: backward must add to them.
        float[] dw0 = random(r, out * in);
        float[] db0 = random(r, out);
        System.arraycopy(dw0, 0, dense.weight().gradient(), 0, dw0.length);
        System.arraycopy(db0, 0, dense.bias().gradient(), 0, db0.length);

        float[] z = new float[out * m];
        float[] dx = new float[in * m];
        dense.forward(Parallelism.SEQUENTIAL, x, z, m);
        dense.backward(Parallelism.SEQUENTIAL, x, z, dz, dx, m);

        // Tolerances scale with the reduction length and the magnitude of the summed terms.
        for (int k = 0; k < out; k++) {
            for (int c = 0; c < m; c++) {
                double s = b[k];
                double mag = Math.abs(b[k]);
                for (int j = 0; j < in; j++) {
                    s += (double) w[k * in + j] * x[j * m + c];
                    mag += Math.abs((double) w[k * in + j] * x[j * m + c]);
                }
                assertEquals(s, z[k * m + c], 2e-7 * (in + 1) * mag + 1e-30, shape + " Z(" + k + "," + c + ")");
            }
            double db = 0;
            double dbMag = 0;
            for (int c = 0; c < m; c++) {
                db += dz[k * m + c];
                dbMag += Math.abs(dz[k * m + c]);
            }
            assertEquals(db0[k] + db, dense.bias().gradient()[k], 2e-7 * (m + 1) * (dbMag + Math.abs(db0[k])),
                    shape + " db(" + k + ")");
            for (int j = 0; j < in; j++) {
                double s = dw0[k * in + j];
                double mag = Math.abs(s);
                for (int c = 0; c < m; c++) {
                    s += (double) dz[k * m + c] * x[j * m + c];
                    mag += Math.abs((double) dz[k * m + c] * x[j * m + c]);
                }
                assertEquals(s, dense.weight().gradient()[k * in + j], 2e-7 * (m + 1) * mag, shape + " dW(" + k + "," + j + ")");
            }
        }
        for (int j = 0; j < in; j++) {
            for (int c = 0; c < m; c++) {
                double s = 0;
                double mag = 0;
                for (int k = 0; k < out; k++) {
                    s += (double) w[k * in + j] * dz[k * m + c];
                    mag += Math.abs((double) w[k * in + j] * dz[k * m + c]);
                }
                assertEquals(s, dx[j * m + c], 2e-7 * (out + 1) * mag + 1e-30, shape + " dX(" + j + "," + c + ")");
            }
        }
    }

    @Test
    void nullInputGradientSkipsItButStillAccumulatesParameters() {
        Dense dense = new Dense(2, 2, 1);
        float[] x = {1, 2, 3, 4};
        float[] z = new float[4];
        dense.forward(Parallelism.SEQUENTIAL, x, z, 2);
        dense.backward(Parallelism.SEQUENTIAL, x, z, new float[] {1, 1, 1, 1}, null, 2);
        assertArrayEquals(new float[] {3, 7, 3, 7}, dense.weight().gradient());
        assertArrayEquals(new float[] {2, 2}, dense.bias().gradient());
    }

    @Test
    void initializationIsSeededAndWithinTheDocumentedLimits() {
        Dense a = new Dense(300, 200, Initializer.GLOROT_UNIFORM, 7);
        Dense b = new Dense(300, 200, Initializer.GLOROT_UNIFORM, 7);
        Dense c = new Dense(300, 200, Initializer.GLOROT_UNIFORM, 8);
        assertArrayEquals(a.weight().value(), b.weight().value(), "same seed, same weights");
        assertNotEquals(a.weight().value()[0], c.weight().value()[0], "another seed, other weights");
        assertArrayEquals(new float[200], a.bias().value(), "biases start at 0");
        checkUniform(a.weight().value(), Math.sqrt(6.0 / 500));
        checkUniform(new Dense(300, 200, Initializer.HE_UNIFORM, 7).weight().value(), Math.sqrt(6.0 / 300));
    }

    private static void checkUniform(float[] w, double limit) {
        double sum = 0;
        double sq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= limit, v + " outside ±" + limit);
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / w.length;
        double variance = sq / w.length - mean * mean;
        // U(-l, l) has variance l²/3; 60000 samples put the estimate within a few percent.
        assertEquals(limit * limit / 3, variance, 0.03 * limit * limit / 3, "variance");
        assertEquals(0, mean, 0.02 * limit, "mean");
    }

    @Test
    void rejectsBadArgumentsNamingTheLayer() {
        Dense dense = new Dense(3, 2, 1);
        float[] x = new float[6];
        IllegalArgumentException shortOut = assertThrows(IllegalArgumentException.class,
                () -> dense.forward(Parallelism.SEQUENTIAL, x, new float[3], 2));
        assertTrue(shortOut.getMessage().contains("forward of dense(3,2): output must hold a 2x2 matrix (4 elements)"
                + " but has only 3 elements"), shortOut.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> dense.forward(Parallelism.SEQUENTIAL, x, x, 2));
        assertTrue(same.getMessage().contains("output must not be the same array as input"), same.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> dense.backward(Parallelism.SEQUENTIAL, x, new float[4], new float[4], null, 0));
        assertTrue(batch.getMessage().contains("backward of dense(3,2): batch must be >= 1 but was 0"), batch.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> dense.setWeights(new float[5]));
        assertTrue(weights.getMessage().contains("weight is 2x3 (6 values) but 5 values were given"), weights.getMessage());
        float[] before = dense.weight().value().clone();
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> dense.setWeights(new float[] {0, 0, 0, 0, Float.NaN, 0}));
        assertTrue(nan.getMessage().contains("value NaN at row 1, column 1 is not finite"), nan.getMessage());
        assertArrayEquals(before, dense.weight().value(), "a rejected setWeights changes nothing");
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, 2, 1));
    }

    @Test
    void copyIsDeepWithZeroGradients() {
        Dense dense = new Dense(3, 2, 1);
        dense.weight().gradient()[0] = 5f;
        Dense copy = dense.copy();
        assertArrayEquals(dense.weight().value(), copy.weight().value());
        assertEquals(0f, copy.weight().gradient()[0]);
        copy.weight().value()[0] += 1f;
        assertNotEquals(copy.weight().value()[0], dense.weight().value()[0], "the copy has its own arrays");
    }
}
