package io.github.simdnn.benchmarks.support;

import io.github.simdnn.nn.Activation;
import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.Layer;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;

import java.util.List;

/**
 * A double-precision forward and backward pass written independently of nn-layers, used to check a network
 * benchmark's results once before it is timed. It supports dense layers, sigmoid / tanh / ReLU activations and
 * a final softmax with cross-entropy (gradient of the mean loss), one sample per column.
 *
 * <p>Tolerances: outputs (probabilities) must agree within {@link #OUTPUT_TOLERANCE}; each gradient within
 * {@link #GRADIENT_TOLERANCE} times the largest magnitude of that parameter's reference gradient. Float
 * rounding over these reductions (at most 784 terms) is about 1e-6 relative; a wrong transpose, a missing bias
 * or activation derivative, or a wrong batch scale is off by far more.
 */
public final class MlpReference {

    /** Absolute tolerance on output probabilities. */
    public static final double OUTPUT_TOLERANCE = 1e-4;

    /** Tolerance on gradients, relative to the largest reference gradient of the same parameter. */
    public static final double GRADIENT_TOLERANCE = 1e-3;

    private MlpReference() {
    }

    /**
     * Checks {@code output} (outputSize×batch, compact) against the reference forward pass of {@code network}'s
     * layers on {@code x}.
     *
     * @throws IllegalStateException naming the first element out of tolerance
     */
    public static void verifyOutput(String what, Network network, float[] x, int batch, float[] output) {
        double[][] a = forward(network.layers(), x, batch);
        double[] ref = a[a.length - 1];
        for (int i = 0; i < ref.length; i++) {
            if (!(Math.abs(output[i] - ref[i]) <= OUTPUT_TOLERANCE)) {
                throw new IllegalStateException(what + ": output[" + (i / batch) + "][" + (i % batch) + "] = "
                        + output[i] + " but the double-precision reference is " + ref[i]);
            }
        }
    }

    /**
     * Checks that a plain SGD step (no weight decay) moved every parameter from {@code before} by
     * {@code -learningRate} times its gradient, which the network still holds from a checked {@link
     * #verifyGradients} backward of the same batch: the check of {@code backwardSgdStep}, which updates the weights
     * without storing gradients. Tolerance: a few float roundings of the old value and of the update.
     *
     * @param before every parameter's value before the step, in {@code network.parameters()} order
     * @throws IllegalStateException naming the first element out of tolerance
     */
    public static void verifySgdStep(String what, Network network, float[][] before, float learningRate) {
        List<Parameter> parameters = network.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            float[] value = parameters.get(i).value();
            float[] gradient = parameters.get(i).gradient();
            double largest = 0;
            for (float g : gradient) {
                largest = Math.max(largest, Math.abs((double) learningRate * g));
            }
            for (int k = 0; k < value.length; k++) {
                double expected = before[i][k] - (double) learningRate * gradient[k];
                double tolerance = 4 * Math.ulp(Math.abs(before[i][k])) + 1e-4 * largest;
                if (!(Math.abs(value[k] - expected) <= tolerance)) {
                    throw new IllegalStateException(what + ": " + parameters.get(i).name() + "[" + k + "] is "
                            + value[k] + " after the step but " + before[i][k] + " - " + learningRate + "·"
                            + gradient[k] + " = " + expected);
                }
            }
        }
    }

    /**
     * Checks the gradient of every dense layer's weight and bias, as left by a step of {@code zeroGradients();
     * forward(x, batch); backward(labels)}, against the reference gradient of the mean cross-entropy.
     *
     * @throws IllegalArgumentException if the network does not end with softmax and cross-entropy
     * @throws IllegalStateException    naming the first gradient element out of tolerance
     */
    public static void verifyGradients(String what, Network network, float[] x, int[] labels, int batch) {
        List<Layer> layers = network.layers();
        if (!(network.loss() instanceof SoftmaxCrossEntropy) || !type(layers.get(layers.size() - 1)).equals("softmax")) {
            throw new IllegalArgumentException("the reference back-propagates softmax + cross-entropy only, not "
                    + network.loss() + " after " + layers.get(layers.size() - 1));
        }
        double[][] a = forward(layers, x, batch);
        int n = layers.size();
        // Gradient of the mean loss with respect to the softmax's input: (A - Y) / m.
        double[] grad = a[n].clone();
        for (int c = 0; c < batch; c++) {
            grad[labels[c] * batch + c] -= 1;
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= batch;
        }
        for (int l = n - 2; l >= 0; l--) {
            Layer layer = layers.get(l);
            double[] in = a[l];
            if (layer instanceof Dense dense) {
                int rows = dense.outputSize();
                int cols = dense.inputSize();
                float[] w = dense.weight().value();
                double[] dw = new double[rows * cols];
                double[] db = new double[rows];
                double[] dIn = new double[cols * batch];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < batch; c++) {
                        double g = grad[r * batch + c];
                        db[r] += g;
                        for (int j = 0; j < cols; j++) {
                            dw[r * cols + j] += g * in[j * batch + c];
                            dIn[j * batch + c] += w[r * cols + j] * g;
                        }
                    }
                }
                compare(what, l + ".weight", dense.weight().gradient(), dw);
                compare(what, l + ".bias", dense.bias().gradient(), db);
                grad = dIn;
            } else {
                double[] out = a[l + 1];
                double[] dz = new double[grad.length];
                String type = type(layer);
                for (int i = 0; i < dz.length; i++) {
                    dz[i] = switch (type) {
                        case "sigmoid" -> grad[i] * out[i] * (1 - out[i]);
                        case "tanh" -> grad[i] * (1 - out[i] * out[i]);
                        case "relu" -> out[i] > 0 ? grad[i] : 0;
                        default -> throw new IllegalArgumentException("no reference derivative for " + layer);
                    };
                }
                grad = dz;
            }
        }
    }

    /** Activations a[0] = x, a[l + 1] = output of layer l, each rows×batch in double. */
    private static double[][] forward(List<Layer> layers, float[] x, int batch) {
        double[][] a = new double[layers.size() + 1][];
        a[0] = new double[layers.get(0).inputSize() * batch];
        for (int i = 0; i < a[0].length; i++) {
            a[0][i] = x[i];
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            double[] in = a[l];
            int rows = layer.outputSize();
            double[] out = new double[rows * batch];
            if (layer instanceof Dense dense) {
                int cols = dense.inputSize();
                float[] w = dense.weight().value();
                float[] b = dense.bias().value();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < batch; c++) {
                        double s = b[r];
                        for (int j = 0; j < cols; j++) {
                            s += w[r * cols + j] * in[j * batch + c];
                        }
                        out[r * batch + c] = s;
                    }
                }
            } else {
                String type = type(layer);
                if (type.equals("softmax")) {
                    for (int c = 0; c < batch; c++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int r = 0; r < rows; r++) {
                            max = Math.max(max, in[r * batch + c]);
                        }
                        double sum = 0;
                        for (int r = 0; r < rows; r++) {
                            sum += Math.exp(in[r * batch + c] - max);
                        }
                        for (int r = 0; r < rows; r++) {
                            out[r * batch + c] = Math.exp(in[r * batch + c] - max) / sum;
                        }
                    }
                } else {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = switch (type) {
                            case "sigmoid" -> 1 / (1 + Math.exp(-in[i]));
                            case "tanh" -> Math.tanh(in[i]);
                            case "relu" -> Math.max(in[i], 0);
                            default -> throw new IllegalArgumentException("no reference for " + layer);
                        };
                    }
                }
            }
            a[l + 1] = out;
        }
        return a;
    }

    private static String type(Layer layer) {
        return layer instanceof Activation activation ? activation.type() : "dense";
    }

    private static void compare(String what, String parameter, float[] got, double[] ref) {
        double max = 0;
        for (double v : ref) {
            max = Math.max(max, Math.abs(v));
        }
        double tolerance = GRADIENT_TOLERANCE * max + Double.MIN_NORMAL;
        for (int i = 0; i < ref.length; i++) {
            if (!(Math.abs(got[i] - ref[i]) <= tolerance)) {
                throw new IllegalStateException(what + ": gradient of " + parameter + "[" + i + "] = " + got[i]
                        + " but the double-precision reference is " + ref[i] + " (tolerance " + tolerance + ")");
            }
        }
    }
}
