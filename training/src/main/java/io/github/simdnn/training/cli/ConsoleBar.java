package io.github.simdnn.training.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.text.DecimalFormat;

/** One epoch's in-place progress bar (samples done, samples/s, ETA), erased when the epoch ends. */
final class ConsoleBar implements AutoCloseable {

    private final ProgressBar bar;

    ConsoleBar(PrintStream out, String task, long samples) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(samples)
                .setUnit(" samples", 1)
                .showSpeed(new DecimalFormat("#"))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .clearDisplayOnFinish()
                .build();
    }

    void stepTo(long samples) {
        bar.stepTo(samples);
    }

    @Override
    public void close() {
        bar.close();
    }
}
