package io.github.simdnn.training;

/** What {@link Trainer} does when a batch gives a NaN or infinite loss or gradient. */
public enum NonFinitePolicy {
    /** Stop training with a {@link TrainingDivergedException} naming the epoch and batch. The default. */
    STOP,
    /**
     * Leave the parameters and optimizer state untouched for that batch (no step), tell the listeners
     * ({@link TrainingListener#onBatchSkipped}) and go on. Training still stops with a
     * {@link TrainingDivergedException} if every batch of an epoch is skipped, or if the WEIGHTS become non-finite
     * after a step (that cannot be undone).
     */
    SKIP_BATCH
}
