package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Blas;

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
 */
public final class Momentum extends OptimizerState {

    /** A common choice of μ. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private final float momentum;
    private final boolean nesterov;
    private final float[][] velocity;

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

    @Override
    public String toString() {
        return (nesterov ? "Nesterov" : "Momentum") + "[lr=" + learningRate() + ", momentum=" + momentum
                + ", weightDecay=" + weightDecay() + "]";
    }
}
