package io.github.simdnn.nn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.simdnn.nn.Golden.close;
import static io.github.simdnn.nn.Golden.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Golden case A: the worked example, 2-2-2, sigmoid hidden layer, softmax + cross-entropy, one sample, eta = 0.01. */
class GoldenCaseATest {

    private final Dense dense1 = new Dense(2, 2, 1);
    private final Dense dense2 = new Dense(2, 2, 2);
    private final Network network;

    GoldenCaseATest() {
        dense1.setWeights(floats(0.1, 0.2, 0.3, 0.4));
        dense1.setBias(floats(0.1, 0.2));
        dense2.setWeights(floats(0.7, 0.8, 0.9, 1.0));
        dense2.setBias(floats(0.1, 0.2));
        // maxBatch 4: the single sample also exercises a batch smaller than the workspace.
        network = new Network(List.of(dense1, new Sigmoid(2), dense2, new Softmax(2)), new SoftmaxCrossEntropy(), 4);
    }

    private void forwardBackward() {
        network.zeroGradients();
        network.forward(floats(0.5, 0.6), 1);
        network.backward(new int[] {0});
    }

    @Test
    void forwardValuesAndLoss() {
        network.forward(floats(0.5, 0.6), 1);
        close("Z1", new double[] {0.27000000, 0.59000000}, network.layerOutput(0));
        close("A1", new double[] {0.56709290, 0.64336515}, network.layerOutput(1));
        close("Z2", new double[] {1.0116572, 1.3537488}, network.layerOutput(2));
        close("A2", new double[] {0.41530149, 0.58469851}, network.layerOutput(3));
        close("loss (labels)", 0.87875054, network.loss(new int[] {0}));
        close("loss (one-hot)", 0.87875054, network.loss(floats(1, 0)));
    }

    @Test
    void everyGradient() {
        forwardBackward();
        close("dZ2", new double[] {-0.58469851, 0.58469851}, network.layerGradient(2));
        close("dW2", new double[][] {{-0.33157838, -0.37617464}, {0.33157838, 0.37617464}}, dense2.weight().gradient());
        close("db2", new double[] {-0.58469851, 0.58469851}, dense2.bias().gradient());
        close("dA1", new double[] {0.11693970, 0.11693970}, network.layerGradient(1));
        close("dZ1", new double[] {0.028708526, 0.026831398}, network.layerGradient(0));
        close("dW1", new double[][] {{0.014354263, 0.017225116}, {0.013415699, 0.016098839}}, dense1.weight().gradient());
        close("db1", new double[] {0.028708526, 0.026831398}, dense1.bias().gradient());
        // The hidden delta is element-wise: dZ1 / dA1 is the sigmoid derivative A1*(1-A1) of each unit.
        float[] dA1 = network.layerGradient(1).data();
        float[] dZ1 = network.layerGradient(0).data();
        close("A1*(1-A1)[0]", 0.24549854, dZ1[0] / dA1[0]);
        close("A1*(1-A1)[1]", 0.22944644, dZ1[1] / dA1[1]);
    }

    @Test
    void oneHotTargetsGiveTheSameGradientsAsLabels() {
        forwardBackward();
        float[] fromLabels = dense1.weight().gradient().clone();
        network.zeroGradients();
        network.forward(floats(0.5, 0.6), 1);
        network.backward(floats(1, 0));
        close("dW1 (one-hot)", new double[][] {{fromLabels[0], fromLabels[1]}, {fromLabels[2], fromLabels[3]}},
                dense1.weight().gradient());
        close("dW2 (one-hot)", new double[][] {{-0.33157838, -0.37617464}, {0.33157838, 0.37617464}},
                dense2.weight().gradient());
    }

    @Test
    void parametersAndLossAfterOneSgdStep() {
        forwardBackward();
        Golden.sgdStep(network, 0.01f, 0f);
        close("W1'", new double[][] {{0.099856457, 0.19982775}, {0.29986584, 0.39983901}}, dense1.weight().value());
        close("b1'", new double[] {0.099712915, 0.19973169}, dense1.bias().value());
        close("W2'", new double[][] {{0.70331578, 0.80376175}, {0.89668422, 0.99623825}}, dense2.weight().value());
        close("b2'", new double[] {0.10584699, 0.19415301}, dense2.bias().value());
        network.forward(floats(0.5, 0.6), 1);
        close("loss after step", 0.86691035, network.loss(new int[] {0}));
    }

    @Test
    void backwardAccumulatesUntilGradientsAreZeroed() {
        forwardBackward();
        network.backward(new int[] {0});
        close("dW2 after two backward calls", new double[][] {{-2 * 0.33157838, -2 * 0.37617464},
                {2 * 0.33157838, 2 * 0.37617464}}, dense2.weight().gradient());
        close("db1 after two backward calls", new double[] {2 * 0.028708526, 2 * 0.026831398}, dense1.bias().gradient());
        network.zeroGradients();
        for (Parameter p : network.parameters()) {
            for (float g : p.gradient()) {
                assertEquals(0f, g, p.name());
            }
        }
    }
}
