package io.github.simdnn.benchmarks.report;

import io.github.simdnn.benchmarks.support.Mlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The network part of the report: {@code NetworkBenchmark} and {@code TrainingBenchmark} batches/s converted to
 * samples/s ({@code × batch}) and milliseconds per batch, the sampled step times of {@code TrainingBenchmark}
 * ({@code SampleTime}: percentiles, samples/s at the median, and the median against one thread),
 * {@code TrainerEpochBenchmark}'s whole epochs as samples/s, and {@code InferenceLatencyBenchmark}'s latency
 * percentiles per call and per sample. The passes' matrix products as a fraction of the machine's FMA peak for the
 * same thread count ({@link Mlp#STEP_FLOP_PER_SAMPLE}, {@link Mlp#FORWARD_FLOP_PER_SAMPLE}): the training
 * target is 85% of one core's peak for that work.
 */
final class NetworkSection {

    static final String NETWORK = "NetworkBenchmark";
    static final String TRAINING = "TrainingBenchmark";
    static final String LATENCY = "InferenceLatencyBenchmark";
    static final String EPOCH = "TrainerEpochBenchmark";

    private final List<JmhResult> network = new ArrayList<>();
    private final List<JmhResult> stepTimes = new ArrayList<>();
    private final List<JmhResult> latency = new ArrayList<>();
    private final List<JmhResult> epochs = new ArrayList<>();
    private final MachinePeak peak;

    NetworkSection(List<JmhResult> results, MachinePeak peak) {
        this.peak = peak;
        for (JmhResult r : results) {
            if (r.className().equals(TRAINING) && r.mode().equals("sample")) {
                stepTimes.add(r);
            } else if (r.className().equals(NETWORK) || r.className().equals(TRAINING)) {
                network.add(r);
            } else if (r.className().equals(LATENCY)) {
                latency.add(r);
            } else if (r.className().equals(EPOCH)) {
                epochs.add(r);
            }
        }
        Comparator<JmhResult> byPass = Comparator.comparing(JmhResult::method)
                .thenComparingInt(r -> Integer.parseInt(r.param("batch")))
                .thenComparingInt(r -> Integer.parseInt(r.param("threads")));
        network.sort(byPass);
        stepTimes.sort(byPass);
        latency.sort(Comparator.comparingInt(r -> Integer.parseInt(r.param("latencyBatch"))));
        epochs.sort(Comparator.comparing((JmhResult r) -> r.param("optimizer"))
                .thenComparing(r -> r.param("storage"))
                .thenComparingInt(r -> Integer.parseInt(r.param("threads"))));
    }

    static boolean owns(JmhResult r) {
        return r.className().equals(NETWORK) || r.className().equals(TRAINING) || r.className().equals(LATENCY)
                || r.className().equals(EPOCH);
    }

    boolean isEmpty() {
        return network.isEmpty() && stepTimes.isEmpty() && latency.isEmpty() && epochs.isEmpty();
    }

    void appendTo(StringBuilder out) {
        out.append("## 784-256-10 MLP (sigmoid hidden layer, softmax + cross-entropy)\n\n");
        if (!network.isEmpty()) {
            out.append("`forward`: `Network.forward`; `forwardBackward`: `zeroGradients` + `forward` + `backward`, a "
                    + "training step without the optimizer update; `step`: the whole SGD step, `zeroGrad` + "
                    + "`forward` + `backward` + `Sgd.step`; `stepInsideBackward`: the same SGD step as `Trainer` runs "
                    + "it once the batch is in the network's input panels, `forwardInputPanels` + `backwardSgdStep` (no "
                    + "input copy or packing; the trainer's gather of the batch is not measured). Samples/s = JMH "
                    + "batches/s × batch. % of peak: the pass's matrix products (" + Mlp.STEP_FLOP_PER_SAMPLE
                    + " FLOP per sample for a step, " + Mlp.FORWARD_FLOP_PER_SAMPLE + " for a forward) against the "
                    + "FMA peak with the same number of threads.\n\n");
            MarkdownTable t = new MarkdownTable("pass", "batch", "threads", "samples/s", "ms per batch", "±",
                    "% of peak", "vs 1 thread", "spread");
            for (JmhResult r : network) {
                int batch = Integer.parseInt(r.param("batch"));
                double perSecond = r.opsPerSecond();
                double single = network.stream()
                        .filter(o -> o.method().equals(r.method()) && o.param("batch").equals(r.param("batch"))
                                && o.param("threads").equals("1"))
                        .mapToDouble(JmhResult::opsPerSecond).findFirst().orElse(Double.NaN);
                t.row(r.method(), batch, r.param("threads"), MarkdownTable.num(perSecond * batch),
                        MarkdownTable.num(1e3 / perSecond), MarkdownTable.num(r.perSecond(r.error()) * batch),
                        ofPeak(r, perSecond * batch),
                        r.param("threads").equals("1") ? "–" : MarkdownTable.times(perSecond / single),
                        MarkdownTable.percent(r.spread()));
            }
            t.appendTo(out);
        }
        if (!stepTimes.isEmpty()) {
            out.append("Time per training step, step by step (JMH SampleTime): on a shared machine the host now and "
                    + "then takes the second core away and a two-thread step runs at about the one-thread speed; the "
                    + "throughput above averages those periods in, the median is the step when both cores run.\n\n");
            MarkdownTable t = new MarkdownTable("pass", "batch", "threads", "p50", "p90", "p99", "unit",
                    "samples/s at p50", "% of peak at p50", "p50 vs 1 thread");
            for (JmhResult r : stepTimes) {
                int batch = Integer.parseInt(r.param("batch"));
                double p50 = r.percentiles().getOrDefault("50.0", Double.NaN);
                double single = stepTimes.stream()
                        .filter(o -> o.method().equals(r.method()) && o.param("batch").equals(r.param("batch"))
                                && o.param("threads").equals("1"))
                        .mapToDouble(o -> o.percentiles().getOrDefault("50.0", Double.NaN)).findFirst()
                        .orElse(Double.NaN);
                t.row(r.method(), batch, r.param("threads"), MarkdownTable.num(p50),
                        MarkdownTable.num(r.percentiles().getOrDefault("90.0", Double.NaN)),
                        MarkdownTable.num(r.percentiles().getOrDefault("99.0", Double.NaN)), r.unit(),
                        MarkdownTable.num(batch / toSeconds(p50, r.unit())), ofPeak(r, batch / toSeconds(p50, r.unit())),
                        r.param("threads").equals("1") ? "–" : MarkdownTable.times(single / p50));
            }
            t.appendTo(out);
        }
        if (!epochs.isEmpty()) {
            appendEpochs(out);
        }
        if (!latency.isEmpty()) {
            out.append("Inference latency of one `Predictor.predict` call (JMH SampleTime, calling thread). "
                    + "Per sample = per call / batch.\n\n");
            MarkdownTable t = new MarkdownTable("batch", "p50", "p99", "p99.9", "mean", "unit",
                    "p50 per sample", "samples/s at p50");
            for (JmhResult r : latency) {
                int batch = Integer.parseInt(r.param("latencyBatch"));
                double p50 = r.percentiles().getOrDefault("50.0", Double.NaN);
                double perSecondAtP50 = batch / toSeconds(p50, r.unit());
                t.row(batch, MarkdownTable.num(p50), MarkdownTable.num(r.percentiles().getOrDefault("99.0", Double.NaN)),
                        MarkdownTable.num(r.percentiles().getOrDefault("99.9", Double.NaN)), MarkdownTable.num(r.score()),
                        r.unit(), MarkdownTable.num(p50 / batch), MarkdownTable.num(perSecondAtP50));
            }
            t.appendTo(out);
        }
    }

    /** The matrix products of {@code samplesPerSecond} samples of the pass r against the peak at r's thread count. */
    private String ofPeak(JmhResult r, double samplesPerSecond) {
        long flop = r.method().equals("forward")
                ? Mlp.FORWARD_FLOP_PER_SAMPLE : Mlp.STEP_FLOP_PER_SAMPLE;
        return MarkdownTable.percent(samplesPerSecond * flop / 1e9, peak.gflops(Integer.parseInt(r.param("threads"))));
    }

    /**
     * Whole epochs through {@code Trainer.fit} (JMH SingleShotTime, one epoch per operation): samples/s =
     * samples / mean epoch time, against one thread and against the same run with the data held as floats.
     */
    private void appendEpochs(StringBuilder out) {
        out.append("One training epoch through `Trainer.fit` (batch 128, MNIST-sized random data, no validation): "
                + "the step above plus the shuffled gather of each batch from the data set, the loss, the finiteness "
                + "checks and the optimizer's own passes; what the command-line trainer's samples/s covers. "
                + "`bytes`: pixels kept as bytes and normalized while gathered; `floats`: the same values as floats. "
                + "Samples/s = samples / mean time per epoch.\n\n");
        MarkdownTable t = new MarkdownTable("optimizer", "storage", "threads", "samples/s", "ms per epoch", "±",
                "vs 1 thread", "bytes vs floats", "spread");
        for (JmhResult r : epochs) {
            JmhResult single = sibling(r, "threads", "1");
            JmhResult floats = sibling(r, "storage", "floats");
            t.row(r.param("optimizer"), r.param("storage"), r.param("threads"),
                    MarkdownTable.num(Integer.parseInt(r.param("samples")) / toSeconds(r.score(), r.unit())),
                    MarkdownTable.num(r.score()), MarkdownTable.num(r.error()),
                    r.param("threads").equals("1") || single == null ? "–"
                            : MarkdownTable.times(single.score() / r.score()),
                    !r.param("storage").equals("bytes") || floats == null ? "–"
                            : MarkdownTable.times(floats.score() / r.score()),
                    MarkdownTable.percent(r.spread()));
        }
        t.appendTo(out);
    }

    /** The epoch result with the same parameters as {@code r} except {@code name = value}, or null. */
    private JmhResult sibling(JmhResult r, String name, String value) {
        for (JmhResult o : epochs) {
            boolean same = o.param(name).equals(value);
            for (String p : new String[] {"samples", "storage", "optimizer", "threads"}) {
                same &= p.equals(name) || o.param(p).equals(r.param(p));
            }
            if (same) {
                return o;
            }
        }
        return null;
    }

    /** A time per operation in JMH's unit ({@code us/op}, ...) in seconds. */
    private static double toSeconds(double value, String unit) {
        return value * switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> Double.NaN;
        };
    }
}
