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

    /**
     * Element-wise work is split between threads only from this many elements per thread. Handing a range to a
     * polling helper costs about 1–2 µs; 2^14 elements of sigmoid take about 7 µs. A 256-unit layer at batch 128
     * (32,768 elements) is split in two; output layers of a few units never are.
     */
    static final int MIN_PARALLEL_ELEMENTS = 1 << 14;

    @Override
    public final void forward(Parallelism parallelism, float[] input, float[] output, int batch) {
        LayerChecks.forward(this, parallelism, input, output, batch);
        int n = size * batch;
        if (split(parallelism, n)) {
            parallelism.forEachRange(n, MIN_PARALLEL_ELEMENTS, (from, to) -> apply(input, output, from, to));
        } else {
            apply(input, output, batch);
        }
    }

    @Override
    public final void backward(Parallelism parallelism, float[] input, float[] output, float[] outputGradient,
                               float[] inputGradient, int batch) {
        LayerChecks.backward(this, parallelism, input, output, outputGradient, inputGradient, batch);
        if (inputGradient == null) {
            return;
        }
        int n = size * batch;
        if (split(parallelism, n)) {
            parallelism.forEachRange(n, MIN_PARALLEL_ELEMENTS,
                    (from, to) -> derive(output, outputGradient, inputGradient, from, to));
        } else {
            derive(output, outputGradient, inputGradient, batch);
        }
    }

    /** Whether to split: element-wise, several threads, enough elements. (The lambdas above are built only then.) */
    private boolean split(Parallelism parallelism, int n) {
        return parallelism.threads() > 1 && n >= 2 * MIN_PARALLEL_ELEMENTS && elementWise();
    }

    /** Whether f acts on each element alone, so that any element range can be computed on its own. */
    abstract boolean elementWise();

    /** {@code a = f(z)} on the first size·batch elements; arguments checked. */
    void apply(float[] z, float[] a, int batch) {
        apply(z, a, 0, size * batch);
    }

    /** {@code dz = ∂L/∂z} from the output {@code a} and {@code da = ∂L/∂a}; arguments checked. */
    void derive(float[] a, float[] da, float[] dz, int batch) {
        derive(a, da, dz, 0, size * batch);
    }

    /** {@code a = f(z)} on the elements {@code [from, to)}; only for {@link #elementWise()} activations. */
    void apply(float[] z, float[] a, int from, int to) {
        throw new UnsupportedOperationException(type() + " is not element-wise");
    }

    /** {@code dz = ∂L/∂z} on the elements {@code [from, to)}; only for {@link #elementWise()} activations. */
    void derive(float[] a, float[] da, float[] dz, int from, int to) {
        throw new UnsupportedOperationException(type() + " is not element-wise");
    }

    /** E.g. {@code sigmoid(128)}. */
    @Override
    public final String toString() {
        return type() + "(" + size + ")";
    }
}
