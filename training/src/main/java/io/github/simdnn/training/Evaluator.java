package io.github.simdnn.training;

import io.github.simdnn.nn.Network;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.training.data.Dataset;

import java.util.Objects;

/**
 * Evaluates a {@link Network} on labelled data in batches of the network's {@code maxBatch}: the mean loss (as
 * {@code Network.loss}), the accuracy and the confusion matrix. The predicted class of a sample is the index of its
 * largest output (the first on ties); for a network with a single (sigmoid) output it is {@code output ≥ 0.5}.
 *
 * <p>It copies each batch into the network's input buffer and runs {@code forwardInputBuffer}, so it overwrites
 * the network's workspaces (not its parameters): do not use it between a forward and the matching backward. The
 * label buffers are allocated once, here.
 */
public final class Evaluator {

    private final Network network;
    /** The network's own input workspace: each batch is copied straight into it ({@link Network#inputBuffer()}). */
    private final float[] x;
    private final int[] labels;
    private final int[] predicted;

    /** An evaluator with buffers for {@code network.maxBatch()} samples. */
    public Evaluator(Network network) {
        this.network = Objects.requireNonNull(network, "network");
        this.x = network.inputBuffer();
        this.labels = new int[network.maxBatch()];
        this.predicted = new int[network.maxBatch()];
    }

    /**
     * Evaluates every sample of {@code data}, in order. Reads the parameters; writes only the network's workspaces.
     *
     * @throws IllegalArgumentException if the data has another feature count than the network's input, or more
     *                                  classes than the network can predict
     * @throws IllegalStateException    if the loss is not finite (the message names the layer)
     */
    public Evaluation evaluate(Dataset data) {
        checkCompatible(network, data, "data");
        int classes = classCount(network, data);
        int[][] confusion = new int[classes][classes];
        int outputs = network.outputSize();
        int batchMax = network.maxBatch();
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < data.size(); start += batchMax) {
            int count = Math.min(batchMax, data.size() - start);
            data.copyRange(network.parallelism(), start, count, x, 0, labels, 0);
            float[] out = network.forwardInputBuffer(count);
            lossSum += network.loss(labels) * count;
            if (outputs == 1) {
                for (int c = 0; c < count; c++) {
                    predicted[c] = out[c] >= 0.5f ? 1 : 0;
                }
            } else {
                Ops.argmaxColumns(outputs, count, out, 0, predicted, 0);
            }
            for (int c = 0; c < count; c++) {
                confusion[labels[c]][predicted[c]]++;
                if (labels[c] == predicted[c]) {
                    correct++;
                }
            }
        }
        double loss = data.size() == 0 ? Double.NaN : lossSum / data.size();
        return new Evaluation(data.size(), loss, correct, confusion);
    }

    /** Classes of the confusion matrix: the network's outputs (2 for a single output), at least the data's. */
    private static int classCount(Network network, Dataset data) {
        int predictable = network.outputSize() == 1 ? 2 : network.outputSize();
        return Math.max(predictable, data.classCount());
    }

    /**
     * Checks that {@code data} fits {@code network}: the same feature count, and labels the network can predict.
     *
     * @throws IllegalArgumentException naming both sizes
     */
    static void checkCompatible(Network network, Dataset data, String what) {
        Objects.requireNonNull(data, what);
        if (data.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException(what + " has " + data.featureCount() + " features but the network "
                    + network + " takes " + network.inputSize() + " inputs");
        }
        int predictable = network.outputSize() == 1 ? 2 : network.outputSize();
        if (data.classCount() > predictable) {
            throw new IllegalArgumentException(what + " has " + data.classCount() + " classes but the network "
                    + network + " has " + network.outputSize() + " output" + (network.outputSize() == 1 ? "" : "s")
                    + " and can predict only " + predictable);
        }
    }
}
