package io.github.simdnn.benchmarks.support;

import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.Layer;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.SoftmaxCrossEntropy;

import java.util.SplittableRandom;

/**
 * The network the layer, training and inference suites measure: the MNIST-sized 784-256-10 MLP with a
 * sigmoid hidden layer and a softmax output trained with cross-entropy, one sample per column. Weights come
 * from the library's initializer with a fixed seed; biases are set to small non-zero values so that a kernel
 * which drops the bias add is caught by the checks in {@link MlpReference}.
 */
public final class Mlp {

    public static final int INPUTS = 784;
    public static final int HIDDEN = 256;
    public static final int CLASSES = 10;
    /** FLOP of the forward products per sample: 2·(784·256 + 256·10). */
    public static final long FORWARD_FLOP_PER_SAMPLE = 2L * (INPUTS * HIDDEN + HIDDEN * CLASSES);
    /**
     * FLOP of a training step's matrix products per sample, ≈0.82 MFLOP: the forward products, the two weight
     * gradients (the same sizes again) and the hidden layer's input gradient 2·256·10 (none for the input).
     */
    public static final long STEP_FLOP_PER_SAMPLE = 2 * FORWARD_FLOP_PER_SAMPLE + 2L * HIDDEN * CLASSES;

    private Mlp() {
    }

    /** A fresh network with workspaces for {@code maxBatch} samples. */
    public static Network network(int maxBatch) {
        Network network = Network.builder(INPUTS).dense(HIDDEN).sigmoid().dense(CLASSES).softmax()
                .seed(Inputs.SEED).build(new SoftmaxCrossEntropy(), maxBatch);
        long seed = Inputs.SEED + 10;
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense dense) {
                dense.setBias(Inputs.uniform(seed++, dense.outputSize(), -0.1f, 0.1f));
            }
        }
        return network;
    }

    /** {@code batch} samples of pixel-like features in [0, 1), one per column (784×batch). */
    public static float[] features(int batch) {
        return Inputs.uniform(Inputs.SEED + 20, INPUTS * batch, 0f, 1f);
    }

    /** One class label in [0, 10) per sample. */
    public static int[] labels(int batch) {
        SplittableRandom random = new SplittableRandom(Inputs.SEED + 21);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        return labels;
    }
}
