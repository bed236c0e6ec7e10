package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Blas;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every optimizer here shares: the parameters, η, λ, the step count, argument checks and the coupled L2 term.
 */
abstract class OptimizerState implements Optimizer {

    /** The parameters as an array, so that {@link #step()} iterates without an iterator. */
    final Parameter[] params;
    private final List<Parameter> paramList;
    private final double weightDecay;
    private double learningRate;
    private long steps;

    OptimizerState(List<Parameter> parameters, double learningRate, double weightDecay) {
        Objects.requireNonNull(parameters, "parameters");
        this.params = parameters.toArray(new Parameter[0]);
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.length; i++) {
            Objects.requireNonNull(params[i], "parameter " + i);
            if (!seen.add(params[i])) {
                throw new IllegalArgumentException("parameter " + i + " " + params[i] + " appears twice; each"
                        + " parameter may be given once (it would be updated twice per step)");
            }
        }
        this.paramList = List.of(params);
        checkRate(learningRate);
        this.learningRate = learningRate;
        this.weightDecay = nonNegative("weight decay (L2 lambda)", weightDecay);
    }

    @Override
    public final List<Parameter> parameters() {
        return paramList;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double rate) {
        checkRate(rate);
        this.learningRate = rate;
    }

    @Override
    public final double weightDecay() {
        return weightDecay;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void step() {
        steps++;
        float eta = (float) learningRate;
        float lambda = (float) weightDecay;
        prepareStep(eta);
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (lambda != 0f && p.isWeight()) {
                Blas.saxpy(p.size(), lambda, p.value(), 0, p.gradient(), 0);   // g = dW + λ·W
            }
            update(i, p.value(), p.gradient(), eta);
        }
    }

    /** Called once per step before the first {@link #update}, after {@link #steps()} counts the step. */
    void prepareStep(float eta) {
    }

    /**
     * Updates {@code value} from {@code gradient} (already including L2) with learning rate {@code eta}; the state
     * of parameter {@code index} belongs to the subclass. {@link #steps()} already counts this step.
     */
    abstract void update(int index, float[] value, float[] gradient, float eta);

    static void checkRate(double rate) {
        nonNegative("learning rate", rate);
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 but was " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException unless {@code 0 <= value < 1} */
    static double unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1) but was " + value);
        }
        return value;
    }
}
