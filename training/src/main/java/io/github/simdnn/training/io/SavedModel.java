package io.github.simdnn.training.io;

import io.github.simdnn.nn.Network;
import io.github.simdnn.training.data.Normalization;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model file holds: the network with its trained weights, the normalization its inputs need, the class
 * names and free-form information (for example the epochs trained or the test accuracy).
 *
 * @param network       the network (structure, loss and weights)
 * @param normalization the transform to apply to raw inputs before {@link Network#forward}; its feature count is
 *                      the network's input size ({@link Normalization#identity} if the inputs are used as they are)
 * @param classNames    the name of each class, index = class; empty if unnamed
 * @param info          other string metadata, stored under its own keys (none of {@link ModelFile}'s reserved ones)
 */
public record SavedModel(Network network, Normalization normalization, List<String> classNames,
                         Map<String, String> info) {

    /**
     * @throws IllegalArgumentException if the normalization does not fit the network's input, or there are class
     *                                  names but not one per output (two for a single sigmoid output)
     */
    public SavedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(normalization, "normalization");
        classNames = List.copyOf(classNames);
        info = Map.copyOf(info);
        if (normalization.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException("the normalization has " + normalization.featureCount()
                    + " features but the network takes " + network.inputSize() + " inputs");
        }
        int outputs = network.outputSize();
        if (!classNames.isEmpty() && classNames.size() != outputs && !(outputs == 1 && classNames.size() == 2)) {
            throw new IllegalArgumentException(classNames.size() + " class names for a network with " + outputs
                    + " outputs; give one per output (two for a single sigmoid output) or none");
        }
    }

    /** A model whose inputs need no normalization, with unnamed classes and no extra information. */
    public static SavedModel of(Network network) {
        return new SavedModel(network, Normalization.identity(network.inputSize()), List.of(), Map.of());
    }
}
