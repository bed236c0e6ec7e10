package io.github.simdnn.training;

import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.DenseUpdate;
import io.github.simdnn.nn.LayerInput;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.Parallelism;

import java.util.List;

/**
 * Gradient descent with momentum, in PyTorch's formulation ({@code optim.SGD(momentum=μ, nesterov=...)}, no
 * dampening). With {@code g = dW + λ·W} for weights and {@code g = db} for biases, and a velocity v per parameter
 * that starts at 0:
 * <pre>
 * v ← μ·v + g
 * W ← W - η·v               classical (heavy ball)
 * W ← W - η·(g + μ·v)       Nesterov (using the NEW v)
 * </pre>
 * The learning rate multiplies the velocity, not the gradient inside it (unlike the {@code v ← μ·v - η·g}
 * formulation), so changing η by a schedule takes effect at once; for a constant η both are the same. The first
 * step is plain SGD for the classical variant ({@code v = g}).
 *
 * <p>The velocities are allocated here, one array per parameter; {@link #step()} allocates nothing and costs two or
 * three {@code Blas} passes per parameter. See {@link Optimizer} for what it modifies.
 *
 * <p><b>Inside backward.</b> For the classical variant, {@link Trainer} runs the step inside
 * {@code Network.backwardStep} ({@link #inBackward()}): the weight gradient's product writes the velocity directly,
 * {@code v ← 1·(dZ·Xᵀ) + μ·v}, then {@code v ← v + λ·W} and {@code W ← W - η·v} in one pass, so dW is never
 * written, re-read or zeroed. Without L2 this is the same arithmetic as {@code zeroGrad(); backward; step()}, bit
 * for bit (up to the sign of a zero), when the batch fits one reduction block of the vector GEMM (at most 512
 * samples), on the scalar kernels, or with μ = 0; a larger batch adds μ·v to the first block's partial product
 * rather than to the whole of it, and with L2 the λ·W term joins v after the product instead of before: both
 * change the last bits only.
 */
public final class Momentum extends OptimizerState {

    /** A common choice of μ. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private final float momentum;
    private final boolean nesterov;
    private final float[][] velocity;
    /** The classical step inside backward; null for Nesterov. */
    private final InBackward inBackward;

    /**
     * @param parameters   the parameters to update
     * @param learningRate η ≥ 0
     * @param momentum     μ in [0, 1)
     * @param nesterov     whether to use Nesterov's look-ahead form
     * @param weightDecay  λ ≥ 0, applied to weights only
     * @throws IllegalArgumentException if an argument is out of range or a parameter repeats
     */
    public Momentum(List<Parameter> parameters, double learningRate, double momentum, boolean nesterov,
                    double weightDecay) {
        super(parameters, learningRate, weightDecay);
        this.momentum = (float) unitInterval("momentum", momentum);
        this.nesterov = nesterov;
        this.velocity = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            velocity[i] = new float[params[i].size()];
        }
        this.inBackward = nesterov ? null : new InBackward();
    }

    /** Classical momentum μ = {@value #DEFAULT_MOMENTUM}, no L2. */
    public Momentum(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, DEFAULT_MOMENTUM, false, 0);
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    /** A copy of the velocity of parameter {@code index} (in {@link #parameters()} order); for tests and inspection. */
    public float[] velocity(int index) {
        return velocity[index].clone();
    }

    @Override
    void update(int index, float[] value, float[] gradient, float eta, int from, int to) {
        float[] v = velocity[index];
        int n = to - from;
        Blas.sscal(n, momentum, v, from);
        Blas.saxpy(n, 1f, gradient, from, v, from);
        if (nesterov) {
            Blas.saxpy(n, -eta, gradient, from, value, from);
            Blas.saxpy(n, -eta * momentum, v, from, value, from);
        } else {
            Blas.saxpy(n, -eta, v, from, value, from);
        }
    }

    /**
     * The classical momentum step as a {@link DenseUpdate} for {@code Network.backwardStep}, or null for Nesterov
     * (whose update needs the gradient apart from the new velocity). Each call updates the layer's two parameters,
     * which must be parameters of this optimizer; the caller counts the step ({@link #countStep()}).
     */
    @Override
    DenseUpdate inBackward() {
        return inBackward;
    }

    /** The classical step of one dense layer from dZ and X; reused, allocates nothing. */
    private final class InBackward implements DenseUpdate, Parallelism.RangeTask {
        private float[] weights;
        private float[] weightVelocity;
        private float lambda;
        private float eta;

        @Override
        public void update(Dense layer, Parallelism parallelism, LayerInput input, float[] outputGradient,
                           int batch) {
            int w = indexOf(layer.weight());
            int b = indexOf(layer.bias());
            int out = layer.outputSize();
            input.gradientProduct(parallelism, out, 1f, outputGradient, momentum, velocity[w]);   // v = dZ·Xᵀ + μ·v
            weights = layer.weight().value();
            weightVelocity = velocity[w];
            lambda = (float) weightDecay();
            eta = (float) learningRate();
            try {
                parallelism.forEachRange(weights.length, MIN_PARALLEL_ELEMENTS, this);
            } finally {
                weights = null;
                weightVelocity = null;
            }
            float[] v = velocity[b];
            for (int k = 0; k < out; k++) {
                // μ·v, then + db rounded once more: what sscal and saxpy(1, db, v) compute in step().
                v[k] = v[k] * momentum + Ops.sum(batch, outputGradient, k * batch);
            }
            Blas.saxpy(out, -eta, v, 0, layer.bias().value(), 0);
        }

        /** {@code v += λ·W; W -= η·v} on elements [from, to) of the layer's weights. */
        @Override
        public void run(int from, int to) {
            if (lambda != 0f) {
                Blas.saxpy(to - from, lambda, weights, from, weightVelocity, from);
            }
            Blas.saxpy(to - from, -eta, weightVelocity, from, weights, from);
        }

        private int indexOf(Parameter p) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == p) {
                    return i;
                }
            }
            throw new IllegalArgumentException(p + " is not a parameter of " + Momentum.this);
        }
    }

    @Override
    public String toString() {
        return (nesterov ? "Nesterov" : "Momentum") + "[lr=" + learningRate() + ", momentum=" + momentum
                + ", weightDecay=" + weightDecay() + "]";
    }
}
