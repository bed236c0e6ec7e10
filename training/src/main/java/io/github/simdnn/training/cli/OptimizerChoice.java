package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.training.Adam;
import io.github.simdnn.training.Momentum;
import io.github.simdnn.training.Optimizer;
import io.github.simdnn.training.Sgd;

import java.util.List;

/** The {@code --optimizer} values, each with the learning rate used when {@code --lr} is not given. */
enum OptimizerChoice {
    /** Plain mini-batch SGD. */
    sgd(0.5),
    /** SGD with classical momentum. */
    momentum(0.2),
    /** SGD with Nesterov momentum. */
    nesterov(0.2),
    /** Adam. */
    adam(0.001);

    /** The learning rate when {@code --lr} is absent. */
    final double defaultRate;

    OptimizerChoice(double defaultRate) {
        this.defaultRate = defaultRate;
    }

    Optimizer create(List<Parameter> parameters, double rate, double momentumValue, double l2) {
        return switch (this) {
            case sgd -> new Sgd(parameters, rate, l2);
            case momentum -> new Momentum(parameters, rate, momentumValue, false, l2);
            case nesterov -> new Momentum(parameters, rate, momentumValue, true, l2);
            case adam -> new Adam(parameters, rate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON, l2);
        };
    }
}
