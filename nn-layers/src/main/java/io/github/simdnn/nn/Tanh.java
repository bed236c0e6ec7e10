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
    void apply(float[] z, float[] a, int batch) {
        Ops.tanh(size() * batch, z, 0, a, 0);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int batch) {
        Ops.tanhBackward(size() * batch, a, 0, da, 0, dz, 0);
    }
}
