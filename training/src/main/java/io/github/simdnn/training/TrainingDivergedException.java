package io.github.simdnn.training;

/**
 * Training produced a NaN or infinite value: a loss, a gradient, a weight after a step, or the validation loss.
 * The message names the epoch and batch (both counted from 1, as progress output prints them) and the quantity.
 * Typical causes are a learning rate that is too large or inputs on a huge scale.
 */
public class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /**
     * @param epoch   the epoch, from 1
     * @param batch   the batch within the epoch, from 1; 0 when the validation after the epoch diverged
     * @param message the full message
     */
    public TrainingDivergedException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch in which it happened, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The batch within {@link #epoch()}, from 1; 0 for the validation pass after the epoch. */
    public int batch() {
        return batch;
    }
}
