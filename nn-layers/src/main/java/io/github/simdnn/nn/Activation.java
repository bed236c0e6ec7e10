package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;

import java.util.List;

/**
 * A parameter-free layer of {@code size} units mapping a size×batch matrix to a size×batch matrix. Immutable, so
 * {@link #copy()} returns {@code this} and one instance may be shared by several networks and threads.
 *
 * <p>Backward works from the activation's OUTPUT {@code A} (not its input), as {@code Ops.sigmoidBackward} does.
 * Sigmoid, Tanh and ReLU are element-wise; {@link Softmax} couples the rows of each column and uses its full
 * Jacobian — a loss fused with it ({@link SoftmaxCrossEntropy}) bypasses that backward altogether.
 */
public abstract sealed class Activation implements Layer permits Sigmoid, Tanh, ReLU, Softmax {

    private final int size;

    Activation(int size) {
        if (size < 1) {
            throw new IllegalArgumentException(type() + ": size must be >= 1 but was " + size);
        }
        this.size = size;
    }

    /** The {@link LayerSpec#type()} name: {@code "sigmoid"}, {@code "tanh"}, {@code "relu"} or {@code "softmax"}. */
    public abstract String type();

    /** Units in and out. */
    public final int size() {
        return size;
    }

    @Override
    public final int inputSize() {
        return size;
    }

    @Override
    public final int outputSize() {
        return size;
    }

    /** Always empty. */
    @Override
    public final List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public final LayerSpec spec() {
        return LayerSpec.activation(type(), size);
    }

    /** {@code this}: an activation is immutable. */
    @Override
    public final Layer copy() {
        return this;
    }

    @Override
    public final void forward(Parallelism parallelism, float[] input, float[] output, int batch) {
        LayerChecks.forward(this, parallelism, input, output, batch);
        apply(input, output, batch);
    }

    @Override
    public final void backward(Parallelism parallelism, float[] input, float[] output, float[] outputGradient,
                               float[] inputGradient, int batch) {
        LayerChecks.backward(this, parallelism, input, output, outputGradient, inputGradient, batch);
        if (inputGradient != null) {
            derive(output, outputGradient, inputGradient, batch);
        }
    }

    /** {@code a = f(z)} on the first size·batch elements; arguments checked. */
    abstract void apply(float[] z, float[] a, int batch);

    /** {@code dz = ∂L/∂z} from the output {@code a} and {@code da = ∂L/∂a}; arguments checked. */
    abstract void derive(float[] a, float[] da, float[] dz, int batch);

    /** E.g. {@code sigmoid(128)}. */
    @Override
    public final String toString() {
        return type() + "(" + size + ")";
    }
}
