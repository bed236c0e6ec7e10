package io.github.simdnn.training;

import java.util.List;

/**
 * What {@link Trainer#fit} did.
 *
 * @param history      one entry per epoch run, in order
 * @param bestEpoch    the epoch (from 1) with the lowest validation loss; 0 without a validation set
 * @param stoppedEarly whether early stopping ended training before the planned epochs
 * @param restoredBest whether the weights of {@code bestEpoch} were copied back at the end
 */
public record TrainingResult(List<EpochResult> history, int bestEpoch, boolean stoppedEarly, boolean restoredBest) {

    /** @throws IllegalArgumentException if the history is empty */
    public TrainingResult {
        history = List.copyOf(history);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a training result needs at least one epoch");
        }
    }

    /** The last epoch run. */
    public EpochResult last() {
        return history.getLast();
    }

    /** The lowest validation loss; NaN without a validation set. */
    public double bestValidationLoss() {
        return bestEpoch == 0 ? Double.NaN : history.get(bestEpoch - 1).validationLoss();
    }

    /** Samples trained over all epochs. */
    public long samples() {
        return history.stream().mapToLong(EpochResult::samples).sum();
    }

    /** Wall time of all batch loops (validation excluded). */
    public double trainSeconds() {
        return history.stream().mapToDouble(EpochResult::trainSeconds).sum();
    }

    /** Overall training throughput: {@code samples() / trainSeconds()}. */
    public double samplesPerSecond() {
        double seconds = trainSeconds();
        return seconds > 0 ? samples() / seconds : Double.NaN;
    }
}
