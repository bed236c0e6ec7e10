package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Network;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.training.Evaluation;
import io.github.simdnn.training.Evaluator;
import io.github.simdnn.training.LearningRateSchedule;
import io.github.simdnn.training.NonFinitePolicy;
import io.github.simdnn.training.Optimizer;
import io.github.simdnn.training.Trainer;
import io.github.simdnn.training.TrainingOptions;
import io.github.simdnn.training.TrainingResult;
import io.github.simdnn.training.data.DataSplits;
import io.github.simdnn.training.data.DataSpec;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.LoadedData;
import io.github.simdnn.training.data.Normalization;
import io.github.simdnn.training.io.ModelFile;
import io.github.simdnn.training.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** {@code simdnn train}: trains a classifier, prints progress, saves the model and prints the test accuracy last. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Trains a classifier with mini-batch gradient descent and saves it.",
                "Prints one line per epoch (a progress bar on a terminal), then the test accuracy last."},
        footer = {"", "Examples:", "  simdnn train",
                "  simdnn train --data idx:data/mnist --layers 784,256,10 --batch 128 --epochs 10",
                "  simdnn train --data csv:iris.csv --layers 4,16,3 --normalize standard --plot loss.png"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "SPEC", defaultValue = "digits",
            description = "digits (bundled 8x8 digits), idx:DIR (MNIST-style IDX files) or csv:FILE (label last)")
    String data;

    @Option(names = "--layers", paramLabel = "N,N,...", defaultValue = "64,32,10",
            description = "layer widths: inputs (must match the data), hidden layers, classes")
    String layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "sigmoid",
            description = "hidden activation: ${COMPLETION-CANDIDATES}")
    Activation activation;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "momentum",
            description = "${COMPLETION-CANDIDATES}")
    OptimizerChoice optimizer;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "epochs to train")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "mini-batch size")
    int batch;

    @Option(names = "--lr", paramLabel = "F",
            description = "learning rate (default: sgd 0.5, momentum and nesterov 0.2, adam 0.001)")
    Double lr;

    @Option(names = "--momentum", paramLabel = "F", defaultValue = "0.9", description = "momentum coefficient")
    double momentumValue;

    @Option(names = "--l2", paramLabel = "F", defaultValue = "0", description = "L2 coefficient lambda (weights)")
    double l2;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "learning-rate schedule: ${COMPLETION-CANDIDATES} (step: x0.5 every 10 epochs;"
                    + " cosine: to 1%% over the epochs)")
    Schedule schedule;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "early stopping after N epochs without a lower validation loss, restoring the best"
                    + " weights (0 = off)")
    int patience;

    @Option(names = "--normalize", paramLabel = "KIND", defaultValue = "none",
            description = "per-feature normalization fitted on the training split: none, min-max, standard")
    String normalize;

    @Option(names = "--label-column", paramLabel = "N",
            description = "csv: data: the 1-based column holding the class label (default: the last)")
    Integer labelColumn;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.15",
            description = "fraction of the training pool held out for validation")
    double validationFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.15",
            description = "fraction held out for the test (not used when the data has its own test set)")
    double testFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the split, the initial weights and the shuffling")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "threads for matrix products")
    int threads;

    @Option(names = "--on-non-finite", paramLabel = "POLICY", defaultValue = "stop",
            description = "NaN/infinite loss or gradient: stop (error) or skip (drop the batch)")
    NonFinite nonFinite;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "model.safetensors",
            description = "where to save the model")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "write a PNG of training and validation loss")
    Path plot;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** Hidden activations. */
    enum Activation { sigmoid, relu, tanh }

    /** Learning-rate schedules. */
    enum Schedule { constant, step, cosine }

    /** Non-finite policies. */
    enum NonFinite { stop, skip }

    @Override
    public Integer call() throws Exception {
        int[] sizes = checkOptions();
        Normalization.Kind kind = parse(() -> Normalization.Kind.fromId(normalize), "--normalize");
        DataSpec source = DataOptions.spec(spec.commandLine(), data, labelColumn);
        checkNotData(out, "--out", source);
        if (plot != null) {
            checkNotData(plot, "--plot", source);
        }
        PrintWriter o = spec.commandLine().getOut();

        LoadedData loaded = source.load();
        DataSplits raw = parse(() -> loaded.split(validationFraction, testFraction, seed), "--val-fraction/--test-fraction");
        if (raw.test().size() == 0) {
            throw usage("--test-fraction " + testFraction + " of " + loaded.train().size() + " samples leaves no test"
                    + " samples");
        }
        checkLayers(sizes, raw.train());
        if (patience > 0 && raw.validation().size() == 0) {
            throw usage("--patience " + patience + " needs validation samples, but --val-fraction "
                    + validationFraction + " of " + (raw.train().size() + raw.validation().size()) + " leaves none");
        }
        Normalization normalization = raw.fitNormalization(kind);
        DataSplits splits = raw.normalize(normalization);

        // A batch larger than the training split trains on the whole split at once (full-batch gradient descent);
        // the network's buffers need not be any larger than that.
        int batchSize = Math.min(batch, splits.train().size());
        Network network = parse(() -> Architecture.build(sizes, activation.name(), seed, batchSize),
                "--layers/--batch");
        double rate = lr != null ? lr : optimizer.defaultRate;
        Optimizer opt = optimizer.create(network.parameters(), rate, momentumValue, l2);
        o.printf(Locale.ROOT, "data: %s, %d train / %d validation / %d test samples, %d features, %d classes%n",
                source, splits.train().size(), splits.validation().size(), splits.test().size(),
                splits.train().featureCount(), splits.train().classCount());
        o.printf(Locale.ROOT, "network: %s %s, %d parameters; %s; batch %d%s, %d epochs, seed %d, %d thread%s%n",
                Architecture.describe(sizes), activation, network.parameterCount(), opt, batchSize,
                batchSize < batch ? " (the whole training split; --batch " + batch + ")" : "", epochs, seed,
                threads, threads == 1 ? "" : "s");

        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads()) : null;
        ProgressReporter progress = new ProgressReporter(o, splits.train().size(), Terminal.isInteractive());
        TrainingResult result;
        try {
            TrainingOptions options = TrainingOptions.defaults().withEpochs(epochs).withBatchSize(batchSize)
                    .withSeed(seed).withSchedule(schedule())
                    .withEarlyStopping(patience, true)
                    .withNonFinitePolicy(nonFinite == NonFinite.stop ? NonFinitePolicy.STOP : NonFinitePolicy.SKIP_BATCH)
                    .withParallelism(pool == null ? Parallelism.SEQUENTIAL : Parallelism.of(pool, threads));
            Trainer trainer = new Trainer(network, opt, options);
            trainer.addListener(progress);
            result = trainer.fit(splits.train(), splits.validation());
        } finally {
            progress.close();
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        o.printf(Locale.ROOT, "trained %d epochs in %.2f s: %d samples, %.0f samples/s overall%s%n",
                result.history().size(), result.trainSeconds(), result.samples(), result.samplesPerSecond(),
                result.restoredBest() ? "; restored the weights of epoch " + result.bestEpoch()
                        + " (lowest validation loss)" : "");

        Evaluation test = new Evaluator(network).evaluate(splits.test());
        Map<String, String> info = new LinkedHashMap<>();
        info.put(ModelFile.DATA, source.toString());
        info.put("simdnn.layers", Architecture.describe(sizes));
        info.put("simdnn.optimizer", opt.toString());
        info.put("simdnn.epochs", Integer.toString(result.history().size()));
        info.put("simdnn.seed", Long.toString(seed));
        // With the data's name and size, what evaluate needs to hold out the same test split again.
        info.put(EvaluateCommand.SAMPLES, Integer.toString(loaded.train().size()));
        if (loaded.test().isEmpty()) {
            info.put(EvaluateCommand.FINGERPRINT, Long.toHexString(EvaluateCommand.fingerprint(loaded.train())));
        }
        info.put(EvaluateCommand.VALIDATION_FRACTION, Double.toString(validationFraction));
        info.put(EvaluateCommand.TEST_FRACTION, Double.toString(testFraction));
        info.put("simdnn.test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()));
        // The model maps values in the data file's own units (what predict reads): the loader's scaling goes in.
        ModelFile.save(out, new SavedModel(network, normalization.withInputScale(source.inputScale()),
                splits.train().classNames(), info));
        o.println("saved model to " + out);
        if (plot != null) {
            LossPlot.write(plot, result);
            o.println("saved loss plot to " + plot);
        }
        o.printf(Locale.ROOT, "test accuracy: %.4f%n", test.accuracy());
        return 0;
    }

    /** Checks option values that need no data; returns the parsed --layers. */
    private int[] checkOptions() {
        if (epochs < 1) {
            throw usage("--epochs must be >= 1 but was " + epochs);
        }
        if (batch < 1) {
            throw usage("--batch must be >= 1 but was " + batch);
        }
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw usage("--lr must be a finite number > 0 but was " + lr);
        }
        if (!(l2 >= 0 && Double.isFinite(l2))) {
            throw usage("--l2 must be a finite number >= 0 but was " + l2);
        }
        if (!(momentumValue >= 0 && momentumValue < 1)) {
            throw usage("--momentum must be in [0, 1) but was " + momentumValue);
        }
        if (threads < 1 || threads > 256) {
            throw usage("--threads must be in [1, 256] but was " + threads);
        }
        if (patience < 0) {
            throw usage("--patience must be >= 0 (0 = off) but was " + patience);
        }
        OutputFiles.checkReplaceable(spec.commandLine(), out, "--out");
        if (plot != null) {
            OutputFiles.checkWritable(spec.commandLine(), plot, "--plot");
            if (OutputFiles.same(plot, out)) {
                throw usage("--plot " + plot + " is the same file as --out " + out);
            }
        }
        return parse(() -> Architecture.parseLayers(layers), "--layers");
    }

    private void checkLayers(int[] sizes, Dataset train) {
        if (sizes[0] != train.featureCount()) {
            throw usage("--layers starts with " + sizes[0] + " inputs but the data has " + train.featureCount()
                    + " features; use --layers " + train.featureCount() + ",...");
        }
        if (sizes[sizes.length - 1] != train.classCount()) {
            throw usage("--layers ends with " + sizes[sizes.length - 1] + " outputs but the data has "
                    + train.classCount() + " classes; use --layers ...," + train.classCount());
        }
    }

    private LearningRateSchedule schedule() {
        return switch (schedule) {
            case constant -> LearningRateSchedule.constant();
            case step -> LearningRateSchedule.stepDecay(10, 0.5);
            case cosine -> LearningRateSchedule.cosine(epochs, 0.01);
        };
    }

    /** Refuses an output that is one of the files the data is read from. */
    private void checkNotData(Path output, String option, DataSpec source) {
        for (Path file : source.files()) {
            if (OutputFiles.same(output, file)) {
                throw usage(option + " " + output + " is a file of the training data " + source
                        + "; it would be overwritten");
            }
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Runs {@code parse}, turning its IllegalArgumentException into a usage error about {@code option}. */
    private <T> T parse(Supplier<T> parse, String option) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().startsWith("--") ? e.getMessage() : option + ": " + e.getMessage());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "simdnn-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
