package io.github.simdnn.training;

/**
 * Progress callbacks from {@link Trainer#fit}, all on the training thread; epochs and batches are counted from 1.
 * Every method has an empty default, so a listener implements only what it needs. Callbacks should be quick:
 * {@link #onBatchEnd} runs after every batch.
 */
public interface TrainingListener {

    /** Before the first batch of epoch {@code epoch} of {@code epochs}, which has {@code batches} batches. */
    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    /**
     * After the optimizer step of a batch. The step's parameters are not checked yet at this point: the trainer
     * checks them through the next batch's forward pass and in full at the end of the epoch, so a step that left
     * a non-finite weight is reported (and training stops, naming this batch) only after this callback. A
     * listener that saves or exports the network mid-epoch should check the parameters first
     * ({@code Ops.allFinite} on each parameter's values); {@link #onEpochEnd} only ever sees parameters checked
     * in full.
     *
     * @param samples          samples trained so far in this epoch (including this batch)
     * @param loss             this batch's mean loss (before the step)
     * @param samplesPerSecond training throughput of this epoch so far
     */
    default void onBatchEnd(int epoch, int batch, int batches, int samples, double loss, double samplesPerSecond) {
    }

    /** A batch was skipped under {@link NonFinitePolicy#SKIP_BATCH}; {@code reason} says what was non-finite. */
    default void onBatchSkipped(int epoch, int batch, int batches, String reason) {
    }

    /** After the epoch's validation; {@code result} holds its figures. */
    default void onEpochEnd(EpochResult result) {
    }
}
