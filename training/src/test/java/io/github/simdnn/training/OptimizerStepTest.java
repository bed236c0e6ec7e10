package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three steps of each optimizer on a weight (2x3) and a bias (2) with given gradients, against the update rules
 * evaluated here in double precision, element by element. lambda > 0 checks that L2 reaches weights only.
 */
class OptimizerStepTest {

    private static final double ETA = 0.05;
    private static final double LAMBDA = 0.01;
    private static final float[] W0 = {0.3f, -0.2f, 0.7f, -1.1f, 0.05f, 0.4f};
    private static final float[] B0 = {0.25f, -0.5f};
    /** Gradients of the three steps (weight 6 values, then bias 2 values). */
    private static final float[][] GRADIENTS = {
        {0.12f, -0.4f, 0.03f, 0.9f, -0.25f, 0.06f, 0.3f, -0.07f},
        {-0.05f, -0.3f, 0.2f, 0.4f, 0.1f, -0.6f, -0.2f, 0.15f},
        {0.08f, 0.02f, -0.5f, 0.01f, 0.33f, 0.2f, 0.05f, 0.4f},
    };

    private final Parameter weight = new Parameter("weight", Parameter.Kind.WEIGHT, 2, 3);
    private final Parameter bias = new Parameter("bias", Parameter.Kind.BIAS, 2, 1);

    OptimizerStepTest() {
        weight.setValue(W0);
        bias.setValue(B0);
    }

    /** Runs three steps of {@code optimizer} and compares with {@code reference}, which updates doubles. */
    private void check(Optimizer optimizer, Reference reference) {
        double[] p = new double[8];
        for (int i = 0; i < 6; i++) {
            p[i] = W0[i];
        }
        p[6] = B0[0];
        p[7] = B0[1];
        for (int step = 0; step < GRADIENTS.length; step++) {
            float[] g = GRADIENTS[step];
            System.arraycopy(g, 0, weight.gradient(), 0, 6);
            System.arraycopy(g, 6, bias.gradient(), 0, 2);
            double[] full = new double[8];
            for (int i = 0; i < 8; i++) {
                full[i] = g[i] + (i < 6 ? LAMBDA * p[i] : 0);   // L2 on the weight only
            }
            reference.step(step + 1, p, full);
            optimizer.step();
            for (int i = 0; i < 8; i++) {
                float actual = i < 6 ? weight.value()[i] : bias.value()[i - 6];
                double allowed = 2e-6 * Math.abs(p[i]) + 1e-7;
                if (!(Math.abs(actual - p[i]) <= allowed)) {
                    fail(optimizer + " step " + (step + 1) + " value " + i + ": expected " + p[i] + " but was "
                            + actual);
                }
                float gradient = i < 6 ? weight.gradient()[i] : bias.gradient()[i - 6];
                assertEquals(full[i], gradient, 1e-7 + 1e-6 * Math.abs(full[i]), "gradient " + i + " incl. L2");
            }
        }
        assertEquals(GRADIENTS.length, optimizer.steps());
    }

    @FunctionalInterface
    private interface Reference {
        /** Updates {@code p} in place from the full gradient {@code g} at step t (from 1). */
        void step(int t, double[] p, double[] g);
    }

    @Test
    void sgd() {
        check(new Sgd(List.of(weight, bias), ETA, LAMBDA), (t, p, g) -> {
            for (int i = 0; i < p.length; i++) {
                p[i] -= ETA * g[i];
            }
        });
    }

    @ParameterizedTest(name = "nesterov = {0}")
    @ValueSource(booleans = {false, true})
    void momentum(boolean nesterov) {
        double mu = 0.9;
        double[] v = new double[8];
        check(new Momentum(List.of(weight, bias), ETA, mu, nesterov, LAMBDA), (t, p, g) -> {
            for (int i = 0; i < p.length; i++) {
                v[i] = mu * v[i] + g[i];
                p[i] -= ETA * (nesterov ? g[i] + mu * v[i] : v[i]);
            }
        });
    }

    @Test
    void adam() {
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-3;
        double[] m = new double[8];
        double[] v = new double[8];
        check(new Adam(List.of(weight, bias), ETA, b1, b2, eps, LAMBDA), (t, p, g) -> {
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= ETA * mHat / (Math.sqrt(vHat) + eps);
            }
        });
    }

    @Test
    void firstAdamStepMovesEveryValueByAboutTheLearningRate() {
        // With m-hat = g and v-hat = g^2 at t = 1 the step is eta * g / (|g| + eps): about eta, sign of g.
        Adam adam = new Adam(List.of(weight, bias), 0.01);
        System.arraycopy(GRADIENTS[0], 0, weight.gradient(), 0, 6);
        System.arraycopy(GRADIENTS[0], 6, bias.gradient(), 0, 2);
        adam.step();
        for (int i = 0; i < 6; i++) {
            assertEquals(W0[i] - 0.01 * Math.signum(GRADIENTS[0][i]), weight.value()[i], 1e-6);
        }
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Sgd sgd = new Sgd(List.of(weight, bias), ETA);
        weight.gradient()[4] = 3f;
        bias.gradient()[1] = -2f;
        sgd.zeroGrad();
        assertArrayEquals(new float[6], weight.gradient());
        assertArrayEquals(new float[2], bias.gradient());
    }

    @Test
    void velocityIsStateOfTheOptimizer() {
        Momentum momentum = new Momentum(List.of(weight, bias), ETA, 0.5, false, 0);
        System.arraycopy(GRADIENTS[0], 0, weight.gradient(), 0, 6);
        momentum.step();
        momentum.step();   // same gradient twice: v = g, then 0.5 g + g
        assertEquals(1.5f * GRADIENTS[0][3], momentum.velocity(0)[3], 1e-7);
    }

    @Test
    void rejectsBadArguments() {
        List<Parameter> ps = List.of(weight, bias);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(weight, weight), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(ps, 0.1, 1.0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, 0.999, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, -0.1, 0.999, 1e-8, 0));
        Sgd sgd = new Sgd(ps, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
        assertEquals(true, e.getMessage().contains("-1.0"), e.getMessage());
        assertEquals(0.1, sgd.learningRate());
    }
}
