package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.ColumnKernels;
import io.github.simdnn.tensor.Ops;

/**
 * Softmax of EACH COLUMN (each sample) separately, stabilised by the column maximum:
 * {@code A[k][j] = exp(Z[k][j] - c_j) / Σ_i exp(Z[i][j] - c_j)}, {@code c_j = max_i Z[i][j]}. Every column of A
 * sums to 1; adding a constant to a column of Z does not change it.
 *
 * <p>Backward is the full Jacobian-vector product per column, {@code dZ = A ⊙ (dA - Σ_k A[k]·dA[k])}, NOT an
 * element-wise derivative. As the last layer of a {@link Network} trained with {@link SoftmaxCrossEntropy} this
 * backward is never called: the fused loss gives {@code dZ = (A - T)/m} directly.
 */
public final class Softmax extends Activation {

    /** A softmax over {@code size} units (classes). */
    public Softmax(int size) {
        super(size);
    }

    @Override
    public String type() {
        return LayerSpec.SOFTMAX;
    }

    /** False: each output depends on its whole column. */
    @Override
    boolean elementWise() {
        return false;
    }

    @Override
    void apply(float[] z, float[] a, int batch) {
        Ops.softmaxColumns(size(), batch, z, 0, a, 0);
    }

    @Override
    void derive(float[] a, float[] da, float[] dz, int batch) {
        ColumnKernels.softmaxBackward(size(), batch, a, da, dz);
    }
}
