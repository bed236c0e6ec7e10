package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.Checks;
import io.github.simdnn.tensor.Parallelism;

import java.util.Objects;

/** The argument checks of {@link Layer#forward} and {@link Layer#backward}, shared by every layer. */
final class LayerChecks {

    private LayerChecks() {
    }

    static void forward(Layer layer, Parallelism parallelism, float[] input, float[] output, int batch) {
        Objects.requireNonNull(parallelism, "parallelism");
        String verb = "forward";
        Layer where = layer;
        Checks.positiveBatch(verb, where, batch);
        Checks.matrix(verb, where, "input", input, layer.inputSize(), batch);
        Checks.matrix(verb, where, "output", output, layer.outputSize(), batch);
        Checks.distinct(verb, where, "output", output, "input", input);
    }

    static void backward(Layer layer, Parallelism parallelism, float[] input, float[] output, float[] outputGradient,
                         float[] inputGradient, int batch) {
        Objects.requireNonNull(parallelism, "parallelism");
        String verb = "backward";
        Layer where = layer;
        Checks.positiveBatch(verb, where, batch);
        Checks.matrix(verb, where, "input", input, layer.inputSize(), batch);
        Checks.matrix(verb, where, "output", output, layer.outputSize(), batch);
        Checks.matrix(verb, where, "outputGradient", outputGradient, layer.outputSize(), batch);
        if (inputGradient != null) {
            Checks.matrix(verb, where, "inputGradient", inputGradient, layer.inputSize(), batch);
            Checks.distinct(verb, where, "inputGradient", inputGradient, "input", input);
            Checks.distinct(verb, where, "inputGradient", inputGradient, "output", output);
            Checks.distinct(verb, where, "inputGradient", inputGradient, "outputGradient", outputGradient);
        }
    }
}
