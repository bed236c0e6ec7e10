package io.github.simdnn.training;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The float32 tolerance of /work/shared/golden/backprop-examples.md for results compared with its float64 values:
 * {@code |actual - golden| <= 1e-5·|golden| + 1e-7}.
 */
final class GoldenTolerance {

    private GoldenTolerance() {
    }

    static void close(String what, double golden, double actual) {
        double allowed = 1e-5 * Math.abs(golden) + 1e-7;
        if (!(Math.abs(actual - golden) <= allowed)) {
            fail(what + ": expected " + golden + " but was " + actual + " (|diff| " + Math.abs(actual - golden)
                    + " > " + allowed + ")");
        }
    }

    /** Row-major values against golden values given in the same order. */
    static void close(String what, float[] actual, double... golden) {
        if (actual.length != golden.length) {
            fail(what + ": " + actual.length + " values but " + golden.length + " golden ones");
        }
        for (int i = 0; i < golden.length; i++) {
            close(what + "[" + i + "]", golden[i], actual[i]);
        }
    }

    static float[] floats(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
