package io.github.simdnn.training;

/**
 * The figures of one training epoch.
 *
 * @param epoch              the epoch, from 1
 * @param epochs             the epochs planned
 * @param trainLoss          mean loss over the epoch's trained samples, each batch's loss taken before its step
 *                           (the data loss only, without the L2 term)
 * @param validationLoss     mean loss on the validation set after the epoch; NaN without a validation set
 * @param validationAccuracy fraction of validation samples classified correctly; NaN without a validation set
 * @param learningRate       the learning rate of the epoch's last step
 * @param samples            samples trained (skipped batches excluded)
 * @param trainSeconds       wall time of the batch loop (validation excluded)
 * @param skippedBatches     batches skipped under {@link NonFinitePolicy#SKIP_BATCH}
 * @param best               whether the validation loss is the best so far
 */
public record EpochResult(int epoch, int epochs, double trainLoss, double validationLoss, double validationAccuracy,
                          double learningRate, long samples, double trainSeconds, int skippedBatches, boolean best) {

    /** Training throughput of the epoch: {@code samples / trainSeconds}. */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : Double.NaN;
    }

    /** Whether the epoch was validated. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
