package io.github.simdnn.nn;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural description of one layer — its kind and sizes, not its parameter values — from which a
 * {@link Network} can be rebuilt ({@link Network#fromSpecs}), e.g. when loading a model file.
 *
 * <p>The text form ({@link #toString()}, read back by {@link #parse}) is {@code dense(784,128)} for a dense layer
 * (input size, output size) and {@code sigmoid(128)}, {@code tanh(n)}, {@code relu(n)}, {@code softmax(n)} for an
 * activation of n units.
 *
 * @param type       {@link #DENSE}, {@link #SIGMOID}, {@link #TANH}, {@link #RELU} or {@link #SOFTMAX}
 * @param inputSize  rows of the layer's input
 * @param outputSize rows of the layer's output; equal to {@code inputSize} for activations
 */
public record LayerSpec(String type, int inputSize, int outputSize) {

    /** {@link Dense}. */
    public static final String DENSE = "dense";
    /** {@link Sigmoid}. */
    public static final String SIGMOID = "sigmoid";
    /** {@link Tanh}. */
    public static final String TANH = "tanh";
    /** {@link ReLU}. */
    public static final String RELU = "relu";
    /** {@link Softmax}. */
    public static final String SOFTMAX = "softmax";

    private static final Pattern TEXT = Pattern.compile("\\s*([a-z]+)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)\\s*");

    /**
     * @throws IllegalArgumentException for an unknown type, a size below 1, or an activation whose sizes differ
     */
    public LayerSpec {
        Objects.requireNonNull(type, "type");
        if (!isKnown(type)) {
            throw new IllegalArgumentException("unknown layer type \"" + type + "\"; expected one of " + DENSE + ", "
                    + SIGMOID + ", " + TANH + ", " + RELU + ", " + SOFTMAX);
        }
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException(type + ": sizes must be >= 1 but were " + inputSize + " -> " + outputSize);
        }
        if (!DENSE.equals(type) && inputSize != outputSize) {
            throw new IllegalArgumentException(type + " keeps its size, but inputSize=" + inputSize
                    + " and outputSize=" + outputSize);
        }
    }

    private static boolean isKnown(String type) {
        return switch (type) {
            case DENSE, SIGMOID, TANH, RELU, SOFTMAX -> true;
            default -> false;
        };
    }

    /** A dense layer inputSize → outputSize. */
    public static LayerSpec dense(int inputSize, int outputSize) {
        return new LayerSpec(DENSE, inputSize, outputSize);
    }

    /** An activation ({@code sigmoid}, {@code tanh}, {@code relu} or {@code softmax}) of {@code size} units. */
    public static LayerSpec activation(String type, int size) {
        if (DENSE.equals(type)) {
            throw new IllegalArgumentException("dense is not an activation; use LayerSpec.dense(inputSize, outputSize)");
        }
        return new LayerSpec(type, size, size);
    }

    /** {@code true} for {@link #DENSE}. */
    public boolean isDense() {
        return DENSE.equals(type);
    }

    /**
     * A new layer of this kind. A dense layer draws its weights with {@code initializer} from
     * {@code SplittableRandom(seed)}; activations ignore both.
     */
    public Layer create(Initializer initializer, long seed) {
        return switch (type) {
            case DENSE -> new Dense(inputSize, outputSize, initializer, seed);
            case SIGMOID -> new Sigmoid(inputSize);
            case TANH -> new Tanh(inputSize);
            case RELU -> new ReLU(inputSize);
            case SOFTMAX -> new Softmax(inputSize);
            default -> throw new AssertionError(type);
        };
    }

    /**
     * Reads the text form written by {@link #toString()}: {@code dense(784,128)}, {@code relu(128)}, ...
     * (case-insensitive, spaces allowed).
     *
     * @throws IllegalArgumentException naming the text if it is not a valid layer description
     */
    public static LayerSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read layer \"" + text + "\": expected e.g. dense(784,128) or sigmoid(128)");
        }
        String type = m.group(1);
        if (!isKnown(type)) {
            new LayerSpec(type, 1, 1);   // throws, naming the known types
        }
        int first;
        try {
            first = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer \"" + text + "\": size out of range", e);
        }
        if (DENSE.equals(type)) {
            if (m.group(3) == null) {
                throw new IllegalArgumentException("layer \"" + text + "\": dense needs two sizes, e.g. dense(784,128)");
            }
            try {
                return dense(first, Integer.parseInt(m.group(3)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer \"" + text + "\": size out of range", e);
            }
        }
        if (m.group(3) != null) {
            throw new IllegalArgumentException("layer \"" + text + "\": " + type + " takes one size, e.g. " + type + "(128)");
        }
        return new LayerSpec(type, first, first);
    }

    /** {@code dense(in,out)} or {@code type(size)}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return isDense() ? type + "(" + inputSize + "," + outputSize + ")" : type + "(" + inputSize + ")";
    }
}
