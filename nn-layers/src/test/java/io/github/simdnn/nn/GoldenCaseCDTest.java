package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.simdnn.nn.Golden.close;
import static io.github.simdnn.nn.Golden.floats;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden cases C (softmax per column) and D (2-3-2 network: the hidden delta is element-wise). */
class GoldenCaseCDTest {

    private static Network caseANetwork(int maxBatch) {
        Dense dense1 = new Dense(2, 2, 1);
        Dense dense2 = new Dense(2, 2, 2);
        dense1.setWeights(floats(0.1, 0.2, 0.3, 0.4));
        dense1.setBias(floats(0.1, 0.2));
        dense2.setWeights(floats(0.7, 0.8, 0.9, 1.0));
        dense2.setBias(floats(0.1, 0.2));
        return new Network(List.of(dense1, new Sigmoid(2), dense2, new Softmax(2)), new SoftmaxCrossEntropy(), maxBatch);
    }

    @Test
    void caseCSoftmaxIsPerColumn() {
        Network network = caseANetwork(2);
        network.forward(floats(0.5, 0.1, 0.6, -0.2), 2);
        close("Z2", new double[][] {{1.0116572, 0.89218888}, {1.3537488, 1.2031734}}, network.layerOutput(2));
        float[] a2 = network.layerOutput(3).data();
        close("A2 (per column)", new double[][] {{0.41530149, 0.42287444}, {0.58469851, 0.57712556}}, a2);
        close("column 0 sum", 1.0, a2[0] + a2[2]);
        close("column 1 sum", 1.0, a2[1] + a2[3]);

        // Summed quantities are m = 2 times the mean ones.
        int[] labels = {0, 1};
        close("summed CE", 1.4284460, 2 * network.loss(labels));
        network.zeroGradients();
        network.backward(labels);
        float[] summedDw2 = ((Dense) network.layers().get(2)).weight().gradient().clone();
        for (int i = 0; i < summedDw2.length; i++) {
            summedDw2[i] *= 2;
        }
        close("summed dW2", new double[][] {{-0.11274387, -0.14890930}, {0.11274387, 0.14890930}}, summedDw2);
    }

    @Test
    void caseCLargeLogitOnlyAffectsItsOwnColumn() {
        // Z2 = [[800, 1], [0, 2]]: a whole-matrix softmax underflows column 1 to (0, 0).
        float[] z = floats(800, 1, 0, 2);
        float[] a = new float[4];
        new Softmax(2).forward(Parallelism.SEQUENTIAL, z, a, 2);
        close("column 1 [0]", 0.26894142, a[1]);
        close("column 1 [1]", 0.73105858, a[3]);
        close("column 0 [0]", 1.0, a[0]);
        close("column 0 [1]", 0.0, a[2]);
        double ce = new SoftmaxCrossEntropy().value(z, a, new int[] {0, 0}, 2, 2);
        assertTrue(Double.isFinite(ce), "CE with one sample far from its class must be finite");
        close("summed CE: ln(1 + e) for sample 1, ~0 for sample 0", 1.3132617, 2 * ce);
    }

    @Test
    void caseDTwoThreeTwoNetwork() {
        Dense dense1 = new Dense(2, 3, 1);
        Dense dense2 = new Dense(3, 2, 2);
        dense1.setWeights(floats(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
        dense1.setBias(floats(0.1, 0.2, 0.3));
        dense2.setWeights(floats(0.7, 0.8, -0.9, 1.0, -1.1, 1.2));
        dense2.setBias(floats(0.1, 0.2));
        Network network = new Network(List.of(dense1, new Sigmoid(3), dense2, new Softmax(2)),
                new SoftmaxCrossEntropy(), 1);
        network.forward(floats(0.5, 0.6), 1);
        close("A1", new double[] {0.56709290, 0.64336515, 0.71300016}, network.layerOutput(1));
        close("A2", new double[] {0.36701722, 0.63298278}, network.layerOutput(3));
        close("loss", 1.0023465, network.loss(new int[] {0}));
        network.backward(new int[] {0});
        close("dW2", new double[][] {{-0.35896004, -0.40723906, -0.45131682}, {0.35896004, 0.40723906, 0.45131682}},
                dense2.weight().gradient());
        close("db2", new double[] {-0.63298278, 0.63298278}, dense2.bias().gradient());
        close("dA1", new double[] {0.18989483, -1.2026673, 1.3292638}, network.layerGradient(1));
        close("dZ1", new double[] {0.046618905, -0.27594772, 0.27200849}, network.layerGradient(0));
        close("dW1", new double[][] {{0.023309452, 0.027971343}, {-0.13797386, -0.16556863}, {0.13600425, 0.16320510}},
                dense1.weight().gradient());
        close("db1", new double[] {0.046618905, -0.27594772, 0.27200849}, dense1.bias().gradient());

        Golden.sgdStep(network, 0.01f, 0f);
        close("W1'", new double[][] {{0.099766905, 0.19972029}, {0.30137974, 0.40165569}, {0.49863996, 0.59836795}},
                dense1.weight().value());
        close("b1'", new double[] {0.099533811, 0.20275948, 0.29727992}, dense1.bias().value());
        close("W2'", new double[][] {{0.70358960, 0.80407239, -0.89548683}, {0.99641040, -1.1040724, 1.1954868}},
                dense2.weight().value());
        close("b2'", new double[] {0.10632983, 0.19367017}, dense2.bias().value());
        network.forward(floats(0.5, 0.6), 1);
        close("loss after step", 0.98203509, network.loss(new int[] {0}));
    }
}
