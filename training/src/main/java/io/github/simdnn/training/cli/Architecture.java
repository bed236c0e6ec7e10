package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.NetworkBuilder;
import io.github.simdnn.nn.SoftmaxCrossEntropy;

import java.util.Arrays;

/**
 * The network of {@code --layers} and {@code --activation}: the widths {@code n0,n1,...,nk} give dense layers
 * n0→n1→...→nk with the activation after every hidden one and softmax (with cross-entropy) at the end.
 */
final class Architecture {

    private Architecture() {
    }

    /**
     * Parses {@code 64,32,10}.
     *
     * @throws IllegalArgumentException unless it is at least two positive integers separated by commas
     */
    static int[] parseLayers(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("--layers needs at least two sizes (inputs and classes), e.g."
                    + " 64,32,10, but was '" + text + "'");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers entry " + (i + 1) + " '" + parts[i]
                        + "' is not an integer (expected e.g. 64,32,10)");
            }
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("--layers entry " + (i + 1) + " is " + sizes[i]
                        + "; sizes must be >= 1");
            }
        }
        if (sizes[sizes.length - 1] < 2) {
            throw new IllegalArgumentException("--layers must end with the class count (at least 2), not "
                    + sizes[sizes.length - 1]);
        }
        return sizes;
    }

    /** The network, its weights drawn from {@code seed}, with workspaces for {@code maxBatch} samples. */
    static Network build(int[] sizes, String activation, long seed, int maxBatch) {
        NetworkBuilder b = Network.builder(sizes[0]).seed(seed);
        for (int i = 1; i < sizes.length; i++) {
            b.dense(sizes[i]);
            if (i < sizes.length - 1) {
                switch (activation) {
                    case "sigmoid" -> b.sigmoid();
                    case "relu" -> b.relu();
                    case "tanh" -> b.tanh();
                    default -> throw new IllegalArgumentException("unknown activation '" + activation
                            + "'; expected sigmoid, relu or tanh");
                }
            }
        }
        return b.softmax().build(new SoftmaxCrossEntropy(), maxBatch);
    }

    static String describe(int[] sizes) {
        return Arrays.toString(sizes).replace(" ", "").replace("[", "").replace("]", "");
    }
}
