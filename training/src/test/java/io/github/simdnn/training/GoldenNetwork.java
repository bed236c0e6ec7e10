package io.github.simdnn.training;

import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Sigmoid;
import io.github.simdnn.nn.Softmax;
import io.github.simdnn.nn.SoftmaxCrossEntropy;

import java.util.List;

import static io.github.simdnn.training.GoldenTolerance.floats;

/**
 * The 2-2-2 network of golden cases A and B (sigmoid hidden layer, softmax + cross-entropy):
 * W1 = [[0.1, 0.2], [0.3, 0.4]], b1 = [0.1, 0.2], W2 = [[0.7, 0.8], [0.9, 1.0]], b2 = [0.1, 0.2].
 */
final class GoldenNetwork {

    final Dense dense1 = new Dense(2, 2, 1);
    final Dense dense2 = new Dense(2, 2, 2);
    final Network network;

    GoldenNetwork(int maxBatch) {
        dense1.setWeights(floats(0.1, 0.2, 0.3, 0.4));
        dense1.setBias(floats(0.1, 0.2));
        dense2.setWeights(floats(0.7, 0.8, 0.9, 1.0));
        dense2.setBias(floats(0.1, 0.2));
        network = new Network(List.of(dense1, new Sigmoid(2), dense2, new Softmax(2)), new SoftmaxCrossEntropy(),
                maxBatch);
    }
}
