package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Blas;

import java.util.List;

/**
 * Plain mini-batch gradient descent, exactly the tutorial's rule (PyTorch {@code optim.SGD} without momentum):
 * <pre>
 * W ← W - η·(dW + λ·W)      for weights ({@link Parameter#isWeight()})
 * b ← b - η·db              for biases (never regularised)
 * </pre>
 * where dW and db are the batch-MEAN gradients that {@code Network.backward} accumulated. Each parameter costs two
 * {@code Blas.saxpy} passes with λ &gt; 0 ({@code g += λ·W}, {@code W -= η·g}), one without. See {@link Optimizer}
 * for what {@link #step()} modifies.
 */
public final class Sgd extends OptimizerState {

    /**
     * @param parameters   the parameters to update (typically {@code network.parameters()})
     * @param learningRate η ≥ 0
     * @param weightDecay  λ ≥ 0, applied to weights only
     * @throws IllegalArgumentException if η or λ is negative, NaN or infinite, or a parameter repeats
     */
    public Sgd(List<Parameter> parameters, double learningRate, double weightDecay) {
        super(parameters, learningRate, weightDecay);
    }

    /** {@code Sgd(parameters, learningRate, 0)}. */
    public Sgd(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0);
    }

    @Override
    void update(int index, float[] value, float[] gradient, float eta, int from, int to) {
        Blas.saxpy(to - from, -eta, gradient, from, value, from);
    }

    @Override
    public String toString() {
        return "Sgd[lr=" + learningRate() + ", weightDecay=" + weightDecay() + "]";
    }
}
