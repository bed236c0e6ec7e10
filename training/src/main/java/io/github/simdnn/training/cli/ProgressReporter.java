package io.github.simdnn.training.cli;

import io.github.simdnn.training.EpochResult;
import io.github.simdnn.training.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints one line per epoch (train loss, validation loss and accuracy, learning rate, samples/s); on an
 * interactive terminal also an in-place progress bar with samples/s and ETA during the epoch.
 */
final class ProgressReporter implements TrainingListener, AutoCloseable {

    private final PrintWriter out;
    private final long samplesPerEpoch;
    private final boolean bar;
    private ConsoleBar current;

    ProgressReporter(PrintWriter out, long samplesPerEpoch, boolean bar) {
        this.out = out;
        this.samplesPerEpoch = samplesPerEpoch;
        this.bar = bar;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        if (bar) {
            out.flush();
            current = new ConsoleBar(System.out, "epoch " + epoch + "/" + epochs, samplesPerEpoch);
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss, double samplesPerSecond) {
        if (current != null) {
            current.stepTo(samples);
        }
    }

    @Override
    public void onBatchSkipped(int epoch, int batch, int batches, String reason) {
        closeBar();
        out.printf(Locale.ROOT, "warning: skipped epoch %d batch %d of %d: %s%n", epoch, batch, batches, reason);
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        closeBar();
        out.println(line(r));
        out.flush();
    }

    /** Removes a progress bar left open by a failed epoch. */
    @Override
    public void close() {
        closeBar();
        out.flush();
    }

    private void closeBar() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** {@code epoch  3/40  train loss 0.5123  val loss 0.4432  val acc 0.9148  lr 0.1  41234 samples/s}. */
    static String line(EpochResult r) {
        int width = Integer.toString(r.epochs()).length();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  train loss %.4f",
                r.epoch(), r.epochs(), r.trainLoss()));
        if (r.hasValidation()) {
            s.append(String.format(Locale.ROOT, "  val loss %.4f  val acc %.4f", r.validationLoss(),
                    r.validationAccuracy()));
        }
        s.append(String.format(Locale.ROOT, "  lr %.4g  %.0f samples/s", r.learningRate(), r.samplesPerSecond()));
        if (r.skippedBatches() > 0) {
            s.append("  (").append(r.skippedBatches()).append(" batches skipped)");
        }
        return s.toString();
    }
}
