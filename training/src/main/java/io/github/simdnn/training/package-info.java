/**
 * Optimizers and the training loop.
 *
 * <ul>
 *   <li>{@link io.github.simdnn.training.Optimizer}: {@link io.github.simdnn.training.Sgd} (the tutorial's
 *       {@code W ← W - η·(dW + λ·W)}, {@code b ← b - η·db}), {@link io.github.simdnn.training.Momentum} (classical
 *       and Nesterov, PyTorch's formulation) and {@link io.github.simdnn.training.Adam} (bias-corrected, coupled
 *       L2); they own their state and allocate nothing per step.</li>
 *   <li>{@link io.github.simdnn.training.LearningRateSchedule}: constant, step decay, cosine.</li>
 *   <li>{@link io.github.simdnn.training.Trainer}: seeded mini-batch epochs, validation after each epoch
 *       ({@link io.github.simdnn.training.Evaluator}), early stopping, progress through
 *       {@link io.github.simdnn.training.TrainingListener}, and NaN/infinity detection that names the epoch and
 *       batch ({@link io.github.simdnn.training.TrainingDivergedException}).</li>
 * </ul>
 *
 * <p>Gradients from {@code Network.backward} are batch means (the loss carries the 1/m) and backward accumulates,
 * so each step is: zero the gradients, forward, backward, {@code optimizer.step()}. L2 is the optimizer's
 * ({@code λ·W} on weights only); the command-line trainer in {@code io.github.simdnn.training.cli} is not part of
 * the API.
 */
package io.github.simdnn.training;
