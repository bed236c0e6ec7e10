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
    void apply(float[] z, float[] a, int batch) {
        Ops.relu(size() * batch, z, 0, a, 0);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int batch) {
        Ops.reluBackward(size() * batch, a, 0, da, 0, dz, 0);
    }
}
