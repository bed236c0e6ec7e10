package io.github.simdnn.nn;

import io.github.simdnn.tensor.Ops;

/**
 * Logistic sigmoid, element-wise: {@code A = 1 / (1 + exp(-Z))}; backward from the output,
 * {@code dZ = dA ⊙ A ⊙ (1 - A)} ({@code Ops.sigmoidBackward}). As the last layer it may be fused with
 * {@link BinaryCrossEntropy}.
 */
public final class Sigmoid extends Activation {

    /** A sigmoid over {@code size} units. */
    public Sigmoid(int size) {
        super(size);
    }

    @Override
    public String type() {
        return LayerSpec.SIGMOID;
    }

    @Override
    boolean elementWise() {
        return true;
    }

    @Override
    void apply(float[] z, float[] a, int from, int to) {
        Ops.sigmoid(to - from, z, from, a, from);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int from, int to) {
        Ops.sigmoidBackward(to - from, a, from, da, from, dz, from);
    }
}
