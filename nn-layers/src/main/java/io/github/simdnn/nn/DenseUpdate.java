package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;

/**
 * An optimizer's update of one {@link Dense} layer computed straight from the back-propagated dZ and the layer's
 * input X, for {@link Network#backwardStep}: an optimizer whose state takes in {@code dW = dZ·Xᵀ} as one term
 * (momentum's velocity {@code v ← μ·v + dW}) can have the matrix product write that state directly, so the weight
 * gradients are never written, re-read or zeroed.
 *
 * <p>An implementation is the optimizer's; it must not allocate (it runs once per layer per training step).
 */
@FunctionalInterface
public interface DenseUpdate {

    /**
     * Updates the parameters of {@code layer} from {@code outputGradient} (dZ, outputSize×batch, compact with
     * leading dimension {@code batch} in the first outputSize·batch elements of the network's workspace: the
     * gradient of the batch's MEAN loss with respect to the layer's output, so {@code dW = dZ·Xᵀ} and
     * {@code db = Σ_columns dZ} with no further 1/m) and {@code input} (X, inputSize×batch, whose
     * {@link LayerInput#gradientProduct} computes {@code alpha·dZ·Xᵀ + beta·C} in one matrix product, whatever form
     * the network holds X in). {@code parallelism} is the network's. Called for every dense layer from the top down,
     * after every dZ of the step has been checked finite and every input gradient computed; it must not modify
     * {@code outputGradient}, nor keep {@code input} past the call.
     */
    void update(Dense layer, Parallelism parallelism, LayerInput input, float[] outputGradient, int batch);
}
