package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, as PyTorch's {@code optim.Adam}. With {@code g = dW + λ·W} for
 * weights (L2 COUPLED into the gradient, like PyTorch Adam's {@code weight_decay}; not AdamW's decoupled decay) and
 * {@code g = db} for biases, moments m and v starting at 0 and t the step number (1 for the first step):
 * <pre>
 * m ← β1·m + (1 - β1)·g
 * v ← β2·v + (1 - β2)·g²
 * W ← W - η·m̂ / (√v̂ + ε),     m̂ = m / (1 - β1^t),  v̂ = v / (1 - β2^t)
 * </pre>
 * computed as PyTorch does, {@code W ← W - (η / (1 - β1^t))·m / (√v / √(1 - β2^t) + ε)}, in float. The two moment
 * arrays per parameter are allocated here; {@link #step()} allocates nothing (one scalar pass per parameter: the
 * square root has no BLAS form). See {@link Optimizer} for what it modifies.
 */
public final class Adam extends OptimizerState {

    /** Default β1. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Default β2. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Default ε, added to √v̂ so the step stays finite where v̂ = 0. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final float epsilon;
    private final float[][] first;
    private final float[][] second;
    /** Per-step constants, set by {@link #prepareStep}. */
    private float stepSize;
    private float inverseRootCorrection2;

    /**
     * @param parameters   the parameters to update
     * @param learningRate η ≥ 0
     * @param beta1        β1 in [0, 1)
     * @param beta2        β2 in [0, 1)
     * @param epsilon      ε &gt; 0
     * @param weightDecay  λ ≥ 0, applied to weights only (coupled L2)
     * @throws IllegalArgumentException if an argument is out of range or a parameter repeats
     */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon,
                double weightDecay) {
        super(parameters, learningRate, weightDecay);
        this.beta1 = unitInterval("beta1", beta1);
        this.beta2 = unitInterval("beta2", beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0 but was " + epsilon);
        }
        this.epsilon = (float) epsilon;
        this.first = new float[params.length][];
        this.second = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            first[i] = new float[params[i].size()];
            second[i] = new float[params[i].size()];
        }
    }

    /** Default β1, β2, ε; no L2. */
    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0);
    }

    /** Copy of the first moment m of parameter {@code index}; for tests and inspection. */
    public float[] firstMoment(int index) {
        return first[index].clone();
    }

    /** Copy of the second moment v of parameter {@code index}; for tests and inspection. */
    public float[] secondMoment(int index) {
        return second[index].clone();
    }

    @Override
    void prepareStep(float eta) {
        long t = steps();
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        stepSize = (float) (eta / correction1);
        inverseRootCorrection2 = (float) (1 / Math.sqrt(correction2));
    }

    @Override
    void update(int index, float[] value, float[] gradient, float eta, int from, int to) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float step = stepSize;
        float invRoot = inverseRootCorrection2;
        float eps = epsilon;
        float[] m = first[index];
        float[] v = second[index];
        for (int k = from; k < to; k++) {
            float g = gradient[k];
            float mk = b1 * m[k] + c1 * g;
            float vk = b2 * v[k] + c2 * g * g;
            m[k] = mk;
            v[k] = vk;
            value[k] -= step * mk / ((float) Math.sqrt(vk) * invRoot + eps);
        }
    }

    @Override
    public String toString() {
        return "Adam[lr=" + learningRate() + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
                + ", weightDecay=" + weightDecay() + "]";
    }
}
