package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Parallelism;

import java.util.List;
import java.util.Objects;

/**
 * Updates a fixed list of {@link Parameter}s from their gradients, in the style of PyTorch's {@code torch.optim}:
 * the optimizer owns its update state (velocities, moment estimates), allocated once at construction;
 * {@link #step()} applies one update; clearing the gradients is a separate call ({@link #zeroGrad()} or
 * {@code Network.zeroGradients()}), because {@code Network.backward} ACCUMULATES into them.
 *
 * <h2>Gradients and L2</h2>
 * The gradients that {@code Network.backward} leaves are those of the MEAN loss over the batch (the 1/m is in the
 * loss gradient {@code dZ = (A - T)/m}), so {@code dW} and {@code db} are already batch averages. The optimizer
 * adds the L2 term of the objective {@code J = loss + (λ/2)·Σ W²}: at the start of {@link #step()} every
 * {@link Parameter#isWeight() weight} gradient becomes {@code dW + λ·W} IN PLACE (bias gradients are left as they
 * are), so after a step the gradient arrays hold {@code ∂J/∂p}. This is PyTorch's coupled {@code weight_decay}.
 *
 * <h2>Cost</h2>
 * {@link #step()} allocates nothing and works on the live arrays with {@code Blas.saxpy}/{@code Blas.sscal} where
 * the update is a linear combination. It does not check for NaN or infinity; {@link Trainer} does, cheaply, around
 * each step.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from its current gradient. Modifies the parameter values, this
     * optimizer's state and (with {@code λ > 0}) the weight gradients, which become {@code dW + λ·W}.
     */
    void step();

    /** Sets the gradient of every parameter to 0. Modifies only the gradients. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGradient();
        }
    }

    /**
     * Threads that {@link #step()} and {@link #zeroGrad()} may use on large parameters (default
     * {@link Parallelism#SEQUENTIAL}). The updates are element-wise, so the results do not depend on it.
     * {@link Trainer#fit} passes its options' parallelism here for the run, and the previous one ({@link
     * #parallelism()}) back when it returns. The optimizers of this package split the update
     * of every parameter of at least 2^16 elements, and zeroing of at least 2^15, into contiguous ranges, without
     * allocating; an implementation that always runs on the calling thread may ignore the call, as this default
     * does.
     */
    default void setParallelism(Parallelism parallelism) {
        Objects.requireNonNull(parallelism, "parallelism");
    }

    /**
     * The threads {@link #step()} and {@link #zeroGrad()} use: the last {@link #setParallelism}. An implementation
     * that overrides {@link #setParallelism} must override this too, or {@link Trainer#fit} restores this default
     * ({@link Parallelism#SEQUENTIAL}) after each run.
     */
    default Parallelism parallelism() {
        return Parallelism.SEQUENTIAL;
    }

    /** The parameters this optimizer updates, in the order given (unmodifiable; the live objects). */
    List<Parameter> parameters();

    /** The learning rate η the next {@link #step()} uses. */
    double learningRate();

    /**
     * Sets η for later steps; schedules call this (see {@link LearningRateSchedule}). Nothing else changes.
     *
     * @throws IllegalArgumentException if {@code rate} is negative, NaN or infinite
     */
    void setLearningRate(double rate);

    /** The L2 coefficient λ (0 = none), applied to weights only. */
    double weightDecay();

    /** How many steps were applied: {@link #step()} calls, and the steps {@link Trainer} ran inside backward. */
    long steps();
}
