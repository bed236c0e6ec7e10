package io.github.simdnn.training;

import io.github.simdnn.tensor.Parallelism;

import java.util.Objects;

/**
 * How {@link Trainer} trains. Immutable; start from {@link #defaults()} and change fields with the {@code with}
 * methods: {@code TrainingOptions.defaults().withEpochs(30).withBatchSize(32).withSeed(7)}.
 *
 * @param epochs            epochs to run (fewer if early stopping triggers), ≥ 1
 * @param batchSize         samples per mini-batch, ≥ 1 and at most the network's {@code maxBatch}; the last batch of
 *                          an epoch holds the remainder
 * @param seed              seed of the {@link java.util.Random} that draws one permutation of the training samples
 *                          per epoch; the same seed (and the same network, optimizer and data) gives bit-identical
 *                          weights for any thread count
 * @param schedule          learning-rate schedule: before every batch the optimizer's rate is set to the schedule's
 *                          rate for the fractional epoch reached, from the rate the optimizer had when
 *                          {@link Trainer#fit} started
 * @param patience          early stopping: stop after this many epochs without a lower validation loss; 0 = off
 * @param restoreBest       with early stopping, copy back the weights of the best validation epoch at the end
 * @param nonFinitePolicy   what a NaN/infinite loss or gradient does
 * @param parallelism       threads for the network's matrix products and the optimizer's updates (set on both by
 *                          {@link Trainer#fit} for the run) and for the copies of each batch from the data set
 */
public record TrainingOptions(int epochs, int batchSize, long seed, LearningRateSchedule schedule, int patience,
                              boolean restoreBest, NonFinitePolicy nonFinitePolicy, Parallelism parallelism) {

    /** @throws IllegalArgumentException if a count is out of range */
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1 but was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("early-stopping patience must be >= 0 (0 = off) but was " + patience);
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
        Objects.requireNonNull(parallelism, "parallelism");
    }

    /** 10 epochs, batches of 32, seed 0, constant rate, no early stopping, stop on non-finite values, one thread. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(10, 32, 0L, LearningRateSchedule.constant(), 0, true, NonFinitePolicy.STOP,
                Parallelism.SEQUENTIAL);
    }

    public TrainingOptions withEpochs(int epochs) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }

    public TrainingOptions withBatchSize(int batchSize) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }

    public TrainingOptions withSeed(long seed) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }

    public TrainingOptions withSchedule(LearningRateSchedule schedule) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }

    /** Early stopping after {@code patience} epochs without improvement (0 = off), restoring the best weights or not. */
    public TrainingOptions withEarlyStopping(int patience, boolean restoreBest) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }

    public TrainingOptions withNonFinitePolicy(NonFinitePolicy policy) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, policy, parallelism);
    }

    public TrainingOptions withParallelism(Parallelism parallelism) {
        return new TrainingOptions(epochs, batchSize, seed, schedule, patience, restoreBest, nonFinitePolicy, parallelism);
    }
}
