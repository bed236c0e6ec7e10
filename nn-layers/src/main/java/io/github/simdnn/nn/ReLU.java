package io.github.simdnn.nn;

import io.github.simdnn.tensor.Ops;

/**
 * Rectified linear unit, element-wise: {@code A = max(Z, 0)}; backward from the output,
 * {@code dZ = A > 0 ? dA : 0} (the subgradient at Z = 0 is taken as 0). Dense layers feeding a ReLU are
 * initialised with {@link Initializer#HE_UNIFORM} by {@link NetworkBuilder} and {@link Network#fromSpecs}.
 */
public final class ReLU extends Activation {

    /** A ReLU over {@code size} units. */
    public ReLU(int size) {
        super(size);
    }

    @Override
    public String type() {
        return LayerSpec.RELU;
    }

    @Override
    boolean elementWise() {
        return true;
    }

    @Override
    void apply(float[] z, float[] a, int from, int to) {
        Ops.relu(to - from, z, from, a, from);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int from, int to) {
        Ops.reluBackward(to - from, a, from, da, from, dz, from);
    }
}
