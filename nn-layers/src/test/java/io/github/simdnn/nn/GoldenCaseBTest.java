package io.github.simdnn.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.simdnn.nn.Golden.close;
import static io.github.simdnn.nn.Golden.floats;

/** Golden case B: the case A network on a mini-batch of 4, mean gradients, L2 with lambda = 0 and 0.001. */
class GoldenCaseBTest {

    /** X, 2x4, one sample per column. */
    private static final float[] X = floats(0.5, 0.1, -0.3, 0.9, 0.6, -0.2, 0.8, 0.4);
    private static final int[] LABELS = {0, 1, 1, 0};

    private final Dense dense1 = new Dense(2, 2, 1);
    private final Dense dense2 = new Dense(2, 2, 2);
    private final Network network;

    GoldenCaseBTest() {
        dense1.setWeights(floats(0.1, 0.2, 0.3, 0.4));
        dense1.setBias(floats(0.1, 0.2));
        dense2.setWeights(floats(0.7, 0.8, 0.9, 1.0));
        dense2.setBias(floats(0.1, 0.2));
        network = new Network(List.of(dense1, new Sigmoid(2), dense2, new Softmax(2)), new SoftmaxCrossEntropy(), 4);
    }

    @Test
    void forwardValuesPerSample() {
        network.forward(X, 4);
        close("Z1", new double[][] {{0.27000000, 0.070000000, 0.23000000, 0.27000000},
                {0.59000000, 0.15000000, 0.43000000, 0.63000000}}, network.layerOutput(0));
        close("A1", new double[][] {{0.56709290, 0.51749286, 0.55724785, 0.56709290},
                {0.64336515, 0.53742985, 0.60587367, 0.65248946}}, network.layerOutput(1));
        close("Z2", new double[][] {{1.0116572, 0.89218888, 0.97477243, 1.0189566},
                {1.3537488, 1.2031734, 1.3073967, 1.3628731}}, network.layerOutput(2));
        close("A2", new double[][] {{0.41530149, 0.42287444, 0.41760223, 0.41485843},
                {0.58469851, 0.57712556, 0.58239777, 0.58514157}}, network.layerOutput(3));
        close("CE (mean)", 0.71221638, network.loss(LABELS));
    }

    @Test
    void perSampleCrossEntropyFromBatchesOfOne() {
        double[] golden = {0.87875054, 0.54969543, 0.54060161, 0.87981794};
        for (int s = 0; s < 4; s++) {
            network.forward(floats(X[s], X[4 + s]), 1);
            close("CE of sample " + s, golden[s], network.loss(new int[] {LABELS[s]}));
        }
    }

    /** Columns of the golden table: lambda, then every value that depends on it. */
    @ParameterizedTest(name = "lambda = {0}")
    @CsvSource({
        "0,     0.71221638, 0.011070412, 0.0041139214, 0.010294646, 0.0037407706, -0.052966390, -0.069423452, 0.052966390, 0.069423452,"
            + " 0.099889296, 0.19995886, 0.29989705, 0.39996259, 0.70052966, 0.80069423, 0.89947034, 0.99930577, 0.71192661, 0.71192661",
        "0.001, 0.71383638, 0.011170412, 0.0043139214, 0.010594646, 0.0041407706, -0.052266390, -0.068623452, 0.053866390, 0.070423452,"
            + " 0.099888296, 0.19995686, 0.29989405, 0.39995859, 0.70052266, 0.80068623, 0.89946134, 0.99929577, 0.71192630, 0.71354596"
    })
    void meanGradientsL2AndOneStep(float lambda, double j,
                                   double dw1a, double dw1b, double dw1c, double dw1d,
                                   double dw2a, double dw2b, double dw2c, double dw2d,
                                   double w1a, double w1b, double w1c, double w1d,
                                   double w2a, double w2b, double w2c, double w2d,
                                   double ceAfter, double jAfter) {
        network.zeroGradients();
        network.forward(X, 4);
        double ce = network.loss(LABELS);
        close("CE", 0.71221638, ce);
        close("J", j, ce + network.l2Penalty(lambda));
        network.backward(LABELS);

        // The optimizer's share of L2, written out here: dW += lambda * W (weights only, never biases).
        close("dW1", new double[][] {{dw1a, dw1b}, {dw1c, dw1d}}, withL2(dense1.weight(), lambda));
        close("dW2", new double[][] {{dw2a, dw2b}, {dw2c, dw2d}}, withL2(dense2.weight(), lambda));
        close("db1", new double[] {0.0039286440, 0.0030995170}, dense1.bias().gradient());
        close("db2", new double[] {-0.082340852, 0.082340852}, dense2.bias().gradient());

        Golden.sgdStep(network, 0.01f, lambda);
        close("W1'", new double[][] {{w1a, w1b}, {w1c, w1d}}, dense1.weight().value());
        close("W2'", new double[][] {{w2a, w2b}, {w2c, w2d}}, dense2.weight().value());
        close("b1'", new double[] {0.099960714, 0.19996900}, dense1.bias().value());
        close("b2'", new double[] {0.10082341, 0.19917659}, dense2.bias().value());

        network.forward(X, 4);
        double ceStep = network.loss(LABELS);
        close("CE after step", ceAfter, ceStep);
        close("J after step", jAfter, ceStep + network.l2Penalty(lambda));
    }

    @Test
    void l2PenaltyCountsWeightsOnlyAndIsNotDividedByTheBatch() {
        // (0.001/2) * (0.3 + 2.94), biases excluded.
        close("(lambda/2) sum W^2", 0.0016200000, network.l2Penalty(0.001));
    }

    private static float[] withL2(Parameter weight, float lambda) {
        float[] g = weight.gradient().clone();
        float[] w = weight.value();
        for (int i = 0; i < g.length; i++) {
            g[i] += lambda * w[i];
        }
        return g;
    }
}
