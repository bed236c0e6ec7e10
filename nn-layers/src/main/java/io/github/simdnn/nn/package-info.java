/**
 * Layers, losses, sequential networks and the thread-safe predictor, on tensor-core's float32 kernels.
 *
 * <p>Layout: ONE SAMPLE PER COLUMN. A batch of m samples with n features is a compact row-major n×m
 * {@code float[]} (element (r, c) at {@code r·m + c}); {@code Z = W·X + b} with W out×in and b added to every
 * column; {@code dW = dZ·Xᵀ}, {@code db} = row sums of dZ, {@code dX = Wᵀ·dZ}; softmax per column.
 *
 * <ul>
 *   <li>{@link io.github.simdnn.nn.Layer}: {@link io.github.simdnn.nn.Dense}, and the
 *       {@link io.github.simdnn.nn.Activation}s {@link io.github.simdnn.nn.Sigmoid},
 *       {@link io.github.simdnn.nn.Tanh}, {@link io.github.simdnn.nn.ReLU}, {@link io.github.simdnn.nn.Softmax}.
 *       Layers own their {@link io.github.simdnn.nn.Parameter}s (value and gradient); backward ACCUMULATES
 *       gradients, zeroing them is a separate call.</li>
 *   <li>{@link io.github.simdnn.nn.Loss}: {@link io.github.simdnn.nn.SoftmaxCrossEntropy} (fused with a final
 *       Softmax), {@link io.github.simdnn.nn.BinaryCrossEntropy} (fused with a final Sigmoid),
 *       {@link io.github.simdnn.nn.MeanSquaredError}; each the mean over the batch.</li>
 *   <li>{@link io.github.simdnn.nn.Network}: forward / loss / backward with preallocated workspaces, built
 *       directly, with {@link io.github.simdnn.nn.NetworkBuilder}, or from {@link io.github.simdnn.nn.LayerSpec}s.</li>
 *   <li>{@link io.github.simdnn.nn.Predictor}: an immutable snapshot for lock-free, allocation-free concurrent
 *       inference.</li>
 * </ul>
 * Optimizers (which own update state and apply L2) live in the training module.
 */
package io.github.simdnn.nn;
