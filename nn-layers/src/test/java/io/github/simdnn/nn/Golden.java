package io.github.simdnn.nn;

import io.github.simdnn.tensor.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tolerances of /work/shared/golden/backprop-examples.md: float32 results against the float64 golden values,
 * {@code |actual - golden| <= 1e-5·|golden| + 1e-7}.
 */
final class Golden {

    static final double REL = 1e-5;
    static final double ABS = 1e-7;

    private Golden() {
    }

    static void close(String what, double golden, double actual) {
        double allowed = REL * Math.abs(golden) + ABS;
        if (!(Math.abs(actual - golden) <= allowed)) {
            fail(what + ": expected " + golden + " but was " + actual + " (|diff| " + Math.abs(actual - golden)
                    + " > " + allowed + ")");
        }
    }

    /** Every element of a rows×cols matrix stored row-major in {@code actual} (first rows·cols elements). */
    static void close(String what, double[][] golden, float[] actual) {
        int cols = golden[0].length;
        for (int r = 0; r < golden.length; r++) {
            for (int c = 0; c < cols; c++) {
                close(what + "[" + r + "][" + c + "]", golden[r][c], actual[r * cols + c]);
            }
        }
    }

    static void close(String what, double[][] golden, Matrix actual) {
        assertEquals(golden.length, actual.rows(), what + " rows");
        assertEquals(golden[0].length, actual.cols(), what + " cols");
        close(what, golden, actual.data());
    }

    /** A column vector. */
    static void close(String what, double[] golden, float[] actual) {
        for (int i = 0; i < golden.length; i++) {
            close(what + "[" + i + "]", golden[i], actual[i]);
        }
    }

    static void close(String what, double[] golden, Matrix actual) {
        assertEquals(golden.length, actual.rows() * actual.cols(), what + " size");
        close(what, golden, actual.data());
    }

    static float[] floats(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** One SGD step {@code value -= eta·(gradient + lambda·value if weight)}, written out here as the optimizer will. */
    static void sgdStep(Network network, float eta, float lambda) {
        for (Parameter p : network.parameters()) {
            float[] v = p.value();
            float[] g = p.gradient();
            for (int i = 0; i < v.length; i++) {
                float grad = p.isWeight() ? g[i] + lambda * v[i] : g[i];
                v[i] -= eta * grad;
            }
        }
    }
}
