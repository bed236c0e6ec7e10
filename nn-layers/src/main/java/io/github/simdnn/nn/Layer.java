package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;

import java.util.List;

/**
 * One stage of a {@link Network}, working on a batch with ONE SAMPLE PER COLUMN: the input is a compact row-major
 * {@code inputSize × batch} matrix, the output {@code outputSize × batch}; element (r, c) of a rows×batch matrix is
 * at index {@code r·batch + c}. Arrays may be longer than {@code rows·batch} (buffers sized for a larger batch);
 * only the first {@code rows·batch} elements are read or written.
 *
 * <p>A layer keeps no per-call state: {@link #forward} and {@link #backward} take every buffer as an argument, so
 * {@code forward} may run on any number of threads at once as long as nobody changes the parameters;
 * {@code backward} accumulates into the parameters' gradients, so one layer's backward runs on one thread at a
 * time.
 * {@link #backward} ACCUMULATES into the gradients of {@link #parameters()} (like PyTorch); clear them with
 * {@link Parameter#zeroGradient()} / {@link Network#zeroGradients()} before each step.
 *
 * <p>The layer kinds are fixed (sealed) so that every network can be described by {@link LayerSpec}s and rebuilt.
 */
public sealed interface Layer permits Dense, Activation {

    /** Rows of the input (features per sample). */
    int inputSize();

    /** Rows of the output. */
    int outputSize();

    /** The trainable parameters, in a fixed order (empty for activations). The list is unmodifiable. */
    List<Parameter> parameters();

    /** The structural description of this layer (kind and sizes, not the parameter values). */
    LayerSpec spec();

    /** A deep copy: the same kind and sizes, copies of the parameter values, zero gradients. */
    Layer copy();

    /**
     * Computes the output for a batch. Reads {@code input} (inputSize×batch) and the parameters; writes
     * {@code output} (outputSize×batch), which must be a different array than {@code input}.
     *
     * @param parallelism threads the matrix products may use; results do not depend on it
     * @throws IllegalArgumentException if {@code batch < 1}, an array is too short, or the arrays are the same
     */
    void forward(Parallelism parallelism, float[] input, float[] output, int batch);

    /**
     * Back-propagates {@code outputGradient} = ∂L/∂output (outputSize×batch). ACCUMULATES ∂L/∂p into the gradient
     * of every parameter p and OVERWRITES {@code inputGradient} (inputSize×batch) with ∂L/∂input, unless it is
     * {@code null} (not needed, e.g. for the first layer). Reads {@code input} and {@code output} exactly as the
     * matching {@link #forward} call received and produced them; modifies no argument but {@code inputGradient}.
     *
     * @throws IllegalArgumentException if {@code batch < 1}, an array is too short, or {@code inputGradient} is
     *         the same array as another argument
     */
    void backward(Parallelism parallelism, float[] input, float[] output, float[] outputGradient,
                  float[] inputGradient, int batch);
}
