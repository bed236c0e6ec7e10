package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.simdnn.nn.Golden.close;
import static io.github.simdnn.nn.Golden.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss values, labels vs target columns, golden case E (binary cross-entropy variant), target validation. */
class LossTest {

    @Test
    void goldenCaseEBinaryCrossEntropyOnASigmoidLayer() {
        // The golden file is row-major (x is 1x3, W is 3x2 in x out); here W is out x in, so it is transposed.
        Dense dense = new Dense(3, 2, 1);
        dense.setWeights(floats(-0.1, -0.3, 0.5, 0.2, 0.4, -0.6));
        dense.setBias(floats(0, 0));
        Network network = new Network(List.of(dense, new Sigmoid(2)), new BinaryCrossEntropy(), 1);
        float[] x = floats(2, 4, -2);
        float[] t = floats(1, 0);
        network.forward(x, 1);
        close("Y", new double[] {-2.4000000, 3.2000000}, network.layerOutput(0));
        close("Yo", new double[] {0.083172696, 0.96083428}, network.layerOutput(1));
        close("loss", 5.7267895, network.loss(t));
        close("loss (label 0 = one-hot e_0)", 5.7267895, network.loss(new int[] {0}));
        network.backward(t);
        // dY = Yo - t is the gradient w.r.t. the sigmoid INPUT Y (fused), held at the dense layer's output.
        close("dY", new double[] {-0.91682730, 0.96083428}, network.layerGradient(0));
        close("dW (transposed)", new double[][] {{-1.8336546, -3.6673092, 1.8336546}, {1.9216686, 3.8433371, -1.9216686}},
                dense.weight().gradient());
        close("db = dY", new double[] {-0.91682730, 0.96083428}, dense.bias().gradient());
        // The golden layer has no bias: step W only.
        float[] w = dense.weight().value();
        float[] dw = dense.weight().gradient();
        for (int i = 0; i < w.length; i++) {
            w[i] -= 0.01f * dw[i];
        }
        close("W' (transposed)", new double[][] {{-0.081663454, -0.26332691, 0.48166345}, {0.18078331, 0.36156663, -0.58078331}}, w);
        network.forward(x, 1);
        close("loss after step", 5.3065215, network.loss(t));
    }

    @Test
    void labelsAndOneHotColumnsAgreeForEveryLoss() {
        int rows = 3;
        int m = 4;
        float[] z = floats(0.2, -1.0, 2.0, 0.0, 1.5, 0.3, -0.7, 0.1, -0.4, 0.9, 0.6, -2.0);
        int[] labels = {2, 0, 1, 1};
        float[] oneHot = new float[rows * m];
        for (int c = 0; c < m; c++) {
            oneHot[labels[c] * m + c] = 1f;
        }
        for (Loss loss : List.of(new SoftmaxCrossEntropy(), new BinaryCrossEntropy(), new MeanSquaredError())) {
            float[] a = new float[rows * m];
            String act = loss.fusedActivation() == null ? LayerSpec.SIGMOID : loss.fusedActivation();
            LayerSpec.activation(act, rows).create(Initializer.GLOROT_UNIFORM, 0).forward(Parallelism.SEQUENTIAL, z, a, m);
            assertEquals(loss.value(z, a, oneHot, rows, m), loss.value(z, a, labels, rows, m), 1e-12, loss.name());
            float[] g1 = new float[rows * m];
            float[] g2 = new float[rows * m];
            loss.gradient(a, oneHot, g1, rows, m);
            loss.gradient(a, labels, g2, rows, m);
            for (int i = 0; i < g1.length; i++) {
                assertEquals(g1[i], g2[i], 1e-7, loss.name() + " gradient element " + i);
                assertEquals((a[i] - oneHot[i]) / m, g1[i], 1e-7, loss.name() + " gradient (A - T)/m element " + i);
            }
        }
    }

    @Test
    void meanSquaredErrorIsHalfTheSquaredDistanceMeanOverSamples() {
        MeanSquaredError mse = new MeanSquaredError();
        float[] a = floats(0.5, -1, 2, 0);     // 2x2
        float[] t = floats(1, 0, 0, 0);
        // d = [[-0.5, -1], [2, 0]]: ½·(0.25 + 1 + 4) = 2.625, over m = 2 samples.
        assertEquals(1.3125, mse.value(null, a, t, 2, 2), 1e-12);
        float[] g = new float[4];
        mse.gradient(a, t, g, 2, 2);
        assertArrayEquals(floats(-0.25, -0.5, 1, 0), g);
        assertNull(mse.fusedActivation());
    }

    @Test
    void binaryCrossEntropyWithOneOutputTakesZeroOrOneLabels() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        float[] z = floats(0.3, -2);
        float[] a = new float[2];
        new Sigmoid(1).forward(Parallelism.SEQUENTIAL, z, a, 2);
        double expected = (-Math.log(1 / (1 + Math.exp(-0.3))) - Math.log(1 - 1 / (1 + Math.exp(2)))) / 2;
        assertEquals(expected, bce.value(z, a, new int[] {1, 0}, 1, 2), 1e-7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bce.value(z, a, new int[] {1, 2}, 1, 2));
        assertTrue(e.getMessage().contains("label 2 of column (sample) 1") && e.getMessage().contains("0 or 1"),
                e.getMessage());
    }

    @Test
    void extremeLogitsGiveFiniteBinaryCrossEntropy() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        float[] z = floats(1000, -1000, 1000, -1000);
        float[] a = new float[4];
        new Sigmoid(1).forward(Parallelism.SEQUENTIAL, z, a, 4);
        float[] t = floats(1, 0, 0, 1);
        // Right with certainty twice (loss 0), wrong twice (loss 1000 each): mean 500.
        assertEquals(500.0, bce.value(z, a, t, 1, 4), 1e-9);
        float[] g = new float[4];
        bce.gradient(a, t, g, 1, 4);
        assertArrayEquals(floats(0, 0, 0.25, -0.25), g);
    }

    @Test
    void crossEntropyTargetsMustBeDistributions() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float[] a = floats(0.5, 0.5, 0.5, 0.5);
        float[] z = new float[4];
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> ce.value(z, a, floats(1, 0.5, 0, 0), 2, 2));
        assertTrue(sum.getMessage().contains("column (sample) 1 sums to 0.5"), sum.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ce.checkTargets(floats(2, 1, -1, 0), 2, 2));
        assertTrue(negative.getMessage().contains("-1.0 at row 1, column (sample) 0 is negative"), negative.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ce.gradient(a, floats(1, Float.NaN, 0, 0), new float[4], 2, 2));
        assertTrue(nan.getMessage().contains("NaN at row 0, column (sample) 1"), nan.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ce.gradient(a, new int[] {0, 2}, new float[4], 2, 2));
        assertTrue(range.getMessage().contains("label 2 of column (sample) 1 is out of range")
                && range.getMessage().contains("0..1"), range.getMessage());
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> ce.value(z, a, new int[] {0, 0}, 1, 2));
        assertTrue(single.getMessage().contains("at least 2 classes"), single.getMessage());
    }

    @Test
    void binaryTargetsMustBeProbabilitiesAndShapesMustFit() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bce.checkTargets(floats(0, 1.5, 1, 0), 2, 2));
        assertTrue(e.getMessage().contains("1.5 at row 0, column (sample) 1 is outside [0, 1]"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> bce.gradient(new float[6], floats(0, 1, 1, 0), new float[6], 3, 2));
        assertTrue(shape.getMessage().contains("targets must hold a 3x2 matrix (6 elements) but has only 4"),
                shape.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> bce.checkLabels(new int[] {0}, 2, 3));
        assertTrue(labels.getMessage().contains("labels must hold 3 class indices"), labels.getMessage());
    }

    @Test
    void rejectedGradientWritesNothing() {
        float[] g = floats(7, 7, 7, 7);
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().gradient(floats(1, 2, 3, 4), floats(0, 0, 0, Float.POSITIVE_INFINITY), g, 2, 2));
        assertArrayEquals(floats(7, 7, 7, 7), g);
    }

    @Test
    void lossesByName() {
        for (Loss loss : List.of(new SoftmaxCrossEntropy(), new BinaryCrossEntropy(), new MeanSquaredError())) {
            assertEquals(loss, Loss.forName(loss.name()));
            assertEquals(loss.name(), loss.toString());
        }
        assertEquals(LayerSpec.SOFTMAX, new SoftmaxCrossEntropy().fusedActivation());
        assertEquals(LayerSpec.SIGMOID, new BinaryCrossEntropy().fusedActivation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.forName("hinge"));
        assertTrue(e.getMessage().contains("unknown loss \"hinge\""), e.getMessage());
    }
}
