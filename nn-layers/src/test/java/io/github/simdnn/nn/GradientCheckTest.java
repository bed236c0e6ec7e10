package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central-difference gradient checks: the float analytic gradients of every layer and loss against numeric
 * derivatives of the independent double-precision {@link Reference} (central differences in double, so float
 * round-off does not limit the check). Random small networks and batches with fixed seeds.
 */
class GradientCheckTest {

    private static final int M = 5;
    private static final double EPS = 1e-6;
    /** Float analytic vs double numeric: |a - n| <= REL·max(|a|, |n|) + ABS per element, and a norm bound. */
    private static final double REL = 1e-4;
    private static final double ABS = 1e-6;
    private static final double NORM_REL = 1e-5;

    private static float[] uniform(SplittableRandom random, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    // ------------------------------------------------------------------ whole networks, every parameter

    private static void checkNetwork(Network network, String lossName, float[] x, float[] targets, int[] labels) {
        List<LayerSpec> specs = network.specs();
        double[] t = targets != null ? Reference.doubles(targets)
                : labels != null && network.outputSize() == 1 ? Reference.doubles(toFloats(labels))
                : Reference.oneHot(labels, network.outputSize());
        network.zeroGradients();
        network.forward(x, M);
        double loss = labels != null ? network.loss(labels) : network.loss(targets);
        if (labels != null) {
            network.backward(labels);
        } else {
            network.backward(targets);
        }
        List<double[]> params = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            params.add(Reference.doubles(p.value()));
        }
        double[] xd = Reference.doubles(x);
        double referenceLoss = Reference.loss(specs, params, lossName, xd, t, M);
        Golden.close("loss vs double reference", referenceLoss, loss);

        List<double[]> analytic = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            analytic.add(Reference.doubles(p.gradient()));
        }
        List<double[]> numeric = Reference.centralDifferences(specs, params, lossName, xd, t, M, EPS);
        GoldenCaseFTest.compare(network + " analytic vs central differences", analytic, numeric, REL, ABS, NORM_REL);
    }

    private static float[] toFloats(int[] labels) {
        float[] f = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            f[i] = labels[i];
        }
        return f;
    }

    @Test
    void denseSigmoidSoftmaxCrossEntropyWithLabels() {
        SplittableRandom random = new SplittableRandom(11);
        Network network = Network.builder(4).dense(6).sigmoid().dense(3).softmax().seed(1)
                .build(new SoftmaxCrossEntropy(), M);
        checkNetwork(network, SoftmaxCrossEntropy.NAME, uniform(random, 4 * M, -1, 1), null, new int[] {0, 2, 1, 1, 0});
    }

    @Test
    void softmaxCrossEntropyWithSoftTargets() {
        SplittableRandom random = new SplittableRandom(12);
        Network network = Network.builder(3).dense(4).tanh().dense(3).softmax().seed(2)
                .build(new SoftmaxCrossEntropy(), M);
        float[] targets = new float[3 * M];
        for (int c = 0; c < M; c++) {
            float a = (float) random.nextDouble(0.1, 0.5);
            float b = (float) random.nextDouble(0.1, 0.4);
            targets[c] = a;
            targets[M + c] = b;
            targets[2 * M + c] = 1f - a - b;
        }
        checkNetwork(network, SoftmaxCrossEntropy.NAME, uniform(random, 3 * M, -1, 1), targets, null);
    }

    @Test
    void denseTanhSigmoidBinaryCrossEntropyWithSoftTargets() {
        SplittableRandom random = new SplittableRandom(13);
        Network network = Network.builder(3).dense(4).tanh().dense(2).sigmoid().seed(3)
                .build(new BinaryCrossEntropy(), M);
        checkNetwork(network, BinaryCrossEntropy.NAME, uniform(random, 3 * M, -1, 1), uniform(random, 2 * M, 0, 1), null);
    }

    @Test
    void binaryCrossEntropySingleOutputWithLabels() {
        SplittableRandom random = new SplittableRandom(14);
        Network network = Network.builder(4).dense(3).sigmoid().dense(1).sigmoid().seed(4)
                .build(new BinaryCrossEntropy(), M);
        checkNetwork(network, BinaryCrossEntropy.NAME, uniform(random, 4 * M, -1, 1), null, new int[] {1, 0, 0, 1, 1});
    }

    @Test
    void reluAndLinearOutputWithMeanSquaredError() {
        SplittableRandom random = new SplittableRandom(15);
        Network network = Network.builder(3).dense(6).relu().dense(2).seed(5).build(new MeanSquaredError(), M);
        float[] x = uniform(random, 3 * M, -1, 1);
        // Central differences are only valid away from the ReLU kink: every pre-activation must be far from 0.
        network.forward(x, M);
        for (float z : network.layerOutput(0).data()) {
            // A parameter change of EPS moves z by at most about EPS·max|x| = 1e-6.
            assertTrue(Math.abs(z) > 1e-4, "pre-activation " + z + " too close to the ReLU kink; pick another seed");
        }
        checkNetwork(network, MeanSquaredError.NAME, x, uniform(random, 2 * M, -1, 1), null);
    }

    @Test
    void softmaxWithMeanSquaredErrorUsesTheFullJacobian() {
        SplittableRandom random = new SplittableRandom(16);
        Network network = Network.builder(3).dense(4).sigmoid().dense(3).softmax().seed(6)
                .build(new MeanSquaredError(), M);
        checkNetwork(network, MeanSquaredError.NAME, uniform(random, 3 * M, -1, 1), null, new int[] {2, 0, 1, 2, 0});
    }

    @Test
    void sigmoidWithMeanSquaredErrorIsNotFused() {
        SplittableRandom random = new SplittableRandom(17);
        Network network = Network.builder(2).dense(3).tanh().dense(2).sigmoid().seed(7)
                .build(new MeanSquaredError(), M);
        checkNetwork(network, MeanSquaredError.NAME, uniform(random, 2 * M, -1, 1), uniform(random, 2 * M, 0, 1), null);
    }

    // ------------------------------------------------------------------ single layers, input gradient

    /** f(X) = Σ G ⊙ layer(X); checks dX (and, for Dense, dW and db) against central differences in double. */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "sigmoid", "tanh", "relu", "softmax"})
    void layerInputGradient(String type) {
        SplittableRandom random = new SplittableRandom(type.hashCode());
        int in = 7;
        int out = type.equals("dense") ? 4 : in;
        LayerSpec spec = type.equals("dense") ? LayerSpec.dense(in, out) : LayerSpec.activation(type, in);
        Layer layer = spec.create(Initializer.GLOROT_UNIFORM, 21);
        if (layer instanceof Dense d) {
            d.setBias(uniform(random, out, -0.5, 0.5));
        }
        float[] x = uniform(random, in * M, -2, 2);
        if (type.equals("relu")) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]) < 0.05f ? 0.5f : x[i];
            }
        }
        float[] g = uniform(random, out * M, -1, 1);
        float[] y = new float[out * M];
        float[] dx = new float[in * M];
        layer.forward(Parallelism.SEQUENTIAL, x, y, M);
        layer.backward(Parallelism.SEQUENTIAL, x, y, g, dx, M);

        List<double[]> params = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            params.add(Reference.doubles(p.value()));
        }
        double[] xd = Reference.doubles(x);
        double[] gd = Reference.doubles(g);
        List<double[]> analytic = new ArrayList<>();
        List<double[]> numeric = new ArrayList<>();
        analytic.add(Reference.doubles(dx));
        numeric.add(numericGradient(xd, () -> functional(spec, params, xd, gd)));
        for (int k = 0; k < params.size(); k++) {
            analytic.add(Reference.doubles(layer.parameters().get(k).gradient()));
            double[] theta = params.get(k);
            numeric.add(numericGradient(theta, () -> functional(spec, params, xd, gd)));
        }
        GoldenCaseFTest.compare(layer + " dX (and parameters) vs central differences", analytic, numeric, REL, ABS, NORM_REL);
    }

    private static double functional(LayerSpec spec, List<double[]> params, double[] x, double[] g) {
        double[] y = spec.isDense()
                ? Reference.dense(params.get(0), params.get(1), spec.outputSize(), spec.inputSize(), x, M)
                : Reference.activation(spec.type(), x, spec.outputSize(), M);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += g[i] * y[i];
        }
        return s;
    }

    private static double[] numericGradient(double[] theta, java.util.function.DoubleSupplier f) {
        double[] n = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + EPS;
            double plus = f.getAsDouble();
            theta[i] = saved - EPS;
            double minus = f.getAsDouble();
            theta[i] = saved;
            n[i] = (plus - minus) / (2 * EPS);
        }
        return n;
    }

    // ------------------------------------------------------------------ losses, gradient w.r.t. what they say

    @ParameterizedTest
    @ValueSource(strings = {SoftmaxCrossEntropy.NAME, BinaryCrossEntropy.NAME, MeanSquaredError.NAME})
    void lossGradient(String name) {
        Loss loss = Loss.forName(name);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        int rows = 4;
        float[] z = uniform(random, rows * M, -3, 3);
        int[] labels = {3, 0, 1, 2, 1};
        double[] t = Reference.oneHot(labels, rows);
        // The network output for the fused losses is their activation of z; MSE takes z as the output itself.
        String activation = loss.fusedActivation();
        float[] a = new float[rows * M];
        if (activation != null) {
            LayerSpec.activation(activation, rows).create(Initializer.GLOROT_UNIFORM, 0)
                    .forward(Parallelism.SEQUENTIAL, z, a, M);
        } else {
            System.arraycopy(z, 0, a, 0, a.length);
        }
        float[] gradient = new float[rows * M];
        loss.gradient(a, labels, gradient, rows, M);

        double[] zd = Reference.doubles(z);
        java.util.function.DoubleSupplier f = () -> {
            double[] out = activation == null ? zd : Reference.activation(activation, zd, rows, M);
            return switch (name) {
                case SoftmaxCrossEntropy.NAME -> Reference.crossEntropy(out, t, rows, M);
                case BinaryCrossEntropy.NAME -> Reference.binaryCrossEntropy(out, t, rows * M) / M;
                default -> Reference.squaredError(out, t) / M;
            };
        };
        Golden.close(name + " value", f.getAsDouble(), loss.value(z, a, labels, rows, M));
        double[] numeric = numericGradient(zd, f);
        GoldenCaseFTest.compare(name + " gradient (w.r.t. " + (activation == null ? "output" : activation + " input")
                + ")", List.of(Reference.doubles(gradient)), List.of(numeric), 1e-5, 1e-7, 1e-6);
    }

    @Test
    void numericCheckerDetectsAWrongGradient() {
        // Guards the checker itself: a gradient off by 1% in one element must fail.
        List<double[]> a = List.of(new double[] {0.5, -0.25});
        List<double[]> n = List.of(new double[] {0.505, -0.25});
        try {
            GoldenCaseFTest.compare("deliberately wrong", a, n, REL, ABS, NORM_REL);
        } catch (AssertionError expected) {
            return;
        }
        fail("compare accepted a gradient that is 1% off");
    }
}
