package io.github.simdnn.nn;

import io.github.simdnn.tensor.Ops;

/** Hyperbolic tangent, element-wise: {@code A = tanh(Z)}; backward from the output, {@code dZ = dA ⊙ (1 - A²)}. */
public final class Tanh extends Activation {

    /** A tanh over {@code size} units. */
    public Tanh(int size) {
        super(size);
    }

    @Override
    public String type() {
        return LayerSpec.TANH;
    }

    @Override
    boolean elementWise() {
        return true;
    }

    @Override
    void apply(float[] z, float[] a, int from, int to) {
        Ops.tanh(to - from, z, from, a, from);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int from, int to) {
        Ops.tanhBackward(to - from, a, from, da, from, dz, from);
    }
}
