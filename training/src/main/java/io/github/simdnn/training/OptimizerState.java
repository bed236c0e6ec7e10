package io.github.simdnn.training;

import io.github.simdnn.nn.DenseUpdate;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.Parallelism;

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
    private Parallelism parallelism = Parallelism.SEQUENTIAL;
    private final UpdateTask updateTask = new UpdateTask();

    /**
     * Parameters are split between threads only from this many elements per thread: an update pass over 2^15
     * elements takes 3–5 µs, against 1–2 µs to hand a range to a polling helper. The 784×256 weight matrix of an
     * MLP (200,704 elements) is split; biases and small output layers are not.
     */
    static final int MIN_PARALLEL_ELEMENTS = 1 << 15;

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
    public final void setParallelism(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
    }

    @Override
    public final Parallelism parallelism() {
        return parallelism;
    }

    @Override
    public final void step() {
        steps++;
        float eta = (float) learningRate;
        prepareStep(eta);
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            float lambda = p.isWeight() ? (float) weightDecay : 0f;
            updateTask.set(i, p, lambda, eta);
            try {
                parallelism.forEachRange(p.size(), MIN_PARALLEL_ELEMENTS, updateTask);
            } finally {
                updateTask.set(0, null, 0f, 0f);
            }
        }
    }

    /**
     * Counts a step applied elsewhere (by {@code Network.backwardSgdStep} for {@link Sgd}, or through
     * {@link #inBackward()}; see {@link Trainer}).
     */
    final void countStep() {
        steps++;
    }

    /**
     * This optimizer's step as a {@link DenseUpdate} that {@code Network.backwardStep} applies straight from each
     * dense layer's dZ and input, or null if it has none (then {@link Trainer} runs zeroGrad, backward and
     * {@link #step()}). The caller counts the step with {@link #countStep()} after every layer's update;
     * {@link #prepareStep} is not called, so an update must not depend on it or on {@link #steps()}.
     */
    DenseUpdate inBackward() {
        return null;
    }

    @Override
    public final void zeroGrad() {
        for (Parameter p : params) {
            float[] g = p.gradient();
            Ops.fill(parallelism, g.length, 0f, g, 0);
        }
    }

    /** The body of a split {@link #step()} for one parameter; reused (an optimizer is used by one thread). */
    private final class UpdateTask implements Parallelism.RangeTask {
        private int index;
        private Parameter parameter;
        private float lambda;
        private float eta;

        void set(int index, Parameter parameter, float lambda, float eta) {
            this.index = index;
            this.parameter = parameter;
            this.lambda = lambda;
            this.eta = eta;
        }

        @Override
        public void run(int from, int to) {
            update(index, parameter, lambda, eta, from, to);
        }
    }

    /** The L2 term, then the subclass's update, on the elements [from, to) of parameter {@code index}. */
    private void update(int index, Parameter p, float lambda, float eta, int from, int to) {
        if (lambda != 0f) {
            Blas.saxpy(to - from, lambda, p.value(), from, p.gradient(), from);   // g = dW + λ·W
        }
        update(index, p.value(), p.gradient(), eta, from, to);
    }

    /** Called once per step before the first {@link #update}, after {@link #steps()} counts the step. */
    void prepareStep(float eta) {
    }

    /**
     * Updates the elements {@code [from, to)} of {@code value} from {@code gradient} (already including L2) with
     * learning rate {@code eta}; the state of parameter {@code index} belongs to the subclass. {@link #steps()}
     * already counts this step. Ranges of one parameter may run on different threads at once.
     */
    abstract void update(int index, float[] value, float[] gradient, float eta, int from, int to);

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
