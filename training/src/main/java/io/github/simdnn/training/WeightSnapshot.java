package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;

import java.util.List;

/** A copy of parameter values, taken and put back without allocating (the copies are allocated once, here). */
final class WeightSnapshot {

    private final Parameter[] params;
    private final float[][] copies;

    WeightSnapshot(List<Parameter> parameters) {
        this.params = parameters.toArray(new Parameter[0]);
        this.copies = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            copies[i] = new float[params[i].size()];
        }
    }

    /** Copies every current value aside. */
    void save() {
        for (int i = 0; i < params.length; i++) {
            System.arraycopy(params[i].value(), 0, copies[i], 0, copies[i].length);
        }
    }

    /** Copies the saved values back. Modifies the parameter values only. */
    void restore() {
        for (int i = 0; i < params.length; i++) {
            System.arraycopy(copies[i], 0, params[i].value(), 0, copies[i].length);
        }
    }
}
