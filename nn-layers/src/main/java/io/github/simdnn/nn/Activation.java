package io.github.simdnn.nn;

import io.github.simdnn.tensor.Ops;
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
     * Element-wise work is split between threads from {@link Ops#MIN_PARALLEL_ELEMENTS} (2^14) elements per thread:
     * a 256-unit layer at batch 128 (32,768 elements, about 15 µs of sigmoid) is split in two; output layers of a
     * few units never are.
     */
    static final int MIN_PARALLEL_ELEMENTS = Ops.MIN_PARALLEL_ELEMENTS;

    @Override
    public final void forward(Parallelism parallelism, float[] input, float[] output, int batch) {
        LayerChecks.forward(this, parallelism, input, output, batch);
        if (elementWise()) {
            RangeTask task = RangeTask.forThisThread().forward(this, input, output);
            try {
                parallelism.forEachRange(size * batch, MIN_PARALLEL_ELEMENTS, task);
            } finally {
                task.clear();
            }
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
        if (elementWise()) {
            RangeTask task = RangeTask.forThisThread().backward(this, output, outputGradient, inputGradient);
            try {
                parallelism.forEachRange(size * batch, MIN_PARALLEL_ELEMENTS, task);
            } finally {
                task.clear();
            }
        } else {
            derive(output, outputGradient, inputGradient, batch);
        }
    }

    /**
     * The body of a split forward or backward: {@link #apply} or {@link #derive} on one range. An activation is
     * immutable and shared, so the task is per calling thread, reused (nothing allocated per call), and cleared
     * after each call so that it keeps no arrays alive.
     */
    private static final class RangeTask implements Parallelism.RangeTask {
        private static final ThreadLocal<RangeTask> PER_THREAD = ThreadLocal.withInitial(RangeTask::new);

        private Activation activation;
        private boolean backward;
        private float[] first;
        private float[] second;
        private float[] third;

        /** Whether a call of this thread is using this instance (then a nested call gets a new one). */
        private boolean inUse;

        static RangeTask forThisThread() {
            RangeTask task = PER_THREAD.get();
            return task.inUse ? new RangeTask() : task;
        }

        RangeTask forward(Activation activation, float[] z, float[] a) {
            return set(activation, false, z, a, null);
        }

        RangeTask backward(Activation activation, float[] a, float[] da, float[] dz) {
            return set(activation, true, a, da, dz);
        }

        private RangeTask set(Activation activation, boolean backward, float[] first, float[] second, float[] third) {
            this.inUse = activation != null;
            this.activation = activation;
            this.backward = backward;
            this.first = first;
            this.second = second;
            this.third = third;
            return this;
        }

        void clear() {
            set(null, false, null, null, null);
        }

        @Override
        public void run(int from, int to) {
            if (backward) {
                activation.derive(first, second, third, from, to);
            } else {
                activation.apply(first, second, from, to);
            }
        }
    }

    /** Whether f acts on each element alone, so that any element range can be computed on its own. */
    abstract boolean elementWise();

    /**
     * {@code a = f(z)} on the first size·batch elements, for activations that are not {@link #elementWise()}
     * (element-wise ones run on ranges, split between threads); arguments checked.
     */
    void apply(float[] z, float[] a, int batch) {
        throw new UnsupportedOperationException(type() + " is element-wise");
    }

    /**
     * {@code dz = ∂L/∂z} from the output {@code a} and {@code da = ∂L/∂a}, for activations that are not
     * {@link #elementWise()}; arguments checked.
     */
    void derive(float[] a, float[] da, float[] dz, int batch) {
        throw new UnsupportedOperationException(type() + " is element-wise");
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
