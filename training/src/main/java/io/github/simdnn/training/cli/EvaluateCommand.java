package io.github.simdnn.training.cli;

import io.github.simdnn.training.Evaluation;
import io.github.simdnn.training.Evaluator;
import io.github.simdnn.training.data.DataSpec;
import io.github.simdnn.training.data.DataSplits;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.LoadedData;
import io.github.simdnn.training.data.Normalization;
import io.github.simdnn.training.io.ModelFile;
import io.github.simdnn.training.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code simdnn evaluate}: accuracy and confusion matrix of a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a saved model on labelled data: prints the accuracy and the confusion matrix.",
                "Uses the data's own test set if it has one (idx:DIR: the t10k files); for the data the model was"
                        + " trained on, the test split it held out (its test accuracy); else every sample."})
final class EvaluateCommand implements Callable<Integer> {

    /** Batch size of the evaluation. */
    static final int BATCH = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model saved by train")
    Path model;

    @Option(names = "--data", paramLabel = "SPEC", required = true, description = "digits, idx:DIR or csv:FILE")
    String data;

    @Option(names = "--label-column", paramLabel = "N",
            description = "csv: data: the 1-based column holding the class label (default: the last)")
    Integer labelColumn;

    @Option(names = "--all-samples", description = "evaluate every sample, even when the model was trained on"
            + " this data (default: the test split it held out); data with a test set of its own (idx:) is always"
            + " evaluated on that")
    boolean allSamples;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** Model metadata written by train: the number of samples its data had (before any split). */
    static final String SAMPLES = "simdnn.samples";
    /** Model metadata written by train: {@link #fingerprint} of its data before any split, in hex. */
    static final String FINGERPRINT = "simdnn.data_fingerprint";
    /** Model metadata written by train: its --val-fraction. */
    static final String VALIDATION_FRACTION = "simdnn.val_fraction";
    /** Model metadata written by train: its --test-fraction. */
    static final String TEST_FRACTION = "simdnn.test_fraction";

    @Override
    public Integer call() throws Exception {
        DataSpec source = DataOptions.spec(spec.commandLine(), data, labelColumn);
        SavedModel saved = ModelFile.load(model, BATCH);
        LoadedData loaded = source.load();
        Dataset samples;
        String which;
        Dataset heldOut = loaded.test().isPresent() || allSamples ? null : heldOutTest(saved, source, loaded);
        if (loaded.test().isPresent()) {
            samples = loaded.test().get();
            which = "its test set";
        } else if (heldOut != null) {
            samples = heldOut;
            which = "the test split held out in training; --all-samples for every sample";
        } else {
            samples = loaded.train();
            which = "all samples";
        }
        if (samples.featureCount() != saved.network().inputSize()) {
            throw new IllegalArgumentException("the data " + source + " has " + samples.featureCount()
                    + " features but the model " + model + " takes " + saved.network().inputSize());
        }
        // The model's normalization takes values in its training file's units; this loader has already scaled its
        // values by source.inputScale() (the same factor, and so the same values as in training, for the same format).
        Normalization normalization = saved.normalization();
        Dataset normalized = normalization.withInputScale(normalization.inputScale() / source.inputScale())
                .apply(samples);
        Evaluation e = new Evaluator(saved.network()).evaluate(normalized);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "evaluated %d samples of %s (%s), loss %.4f%n", e.samples(), source, which, e.loss());
        o.printf(Locale.ROOT, "accuracy: %.4f%n", e.accuracy());
        o.println("confusion matrix (rows: true class, columns: predicted class):");
        o.print(ConfusionTable.format(e.confusion(), saved.classNames()));
        return 0;
    }

    /**
     * The test split that train held out of {@code loaded} for this model, when the model was trained on this very
     * data (the same {@code --data}, as many samples, the same fingerprint) and says how it split it; else null. It
     * is the set train reported "test accuracy" on.
     */
    private static Dataset heldOutTest(SavedModel saved, DataSpec source, LoadedData loaded) {
        Map<String, String> info = saved.info();
        if (!source.toString().equals(info.get(ModelFile.DATA))
                || !Integer.toString(loaded.train().size()).equals(info.get(SAMPLES))
                || !Long.toHexString(fingerprint(loaded.train())).equals(info.get(FINGERPRINT))) {
            return null;
        }
        try {
            Dataset test = DataSplits.randomTest(loaded.train(), Double.parseDouble(info.get(VALIDATION_FRACTION)),
                    Double.parseDouble(info.get(TEST_FRACTION)), Long.parseLong(info.get("simdnn.seed")));
            return test.size() > 0 ? test : null;
        } catch (RuntimeException e) {
            return null;                    // absent or hand-edited values: evaluate every sample instead
        }
    }

    /**
     * A 64-bit fingerprint of a data set's features (as loaded, float bits) and labels, in order: the same data
     * gives the same value, other rows almost surely another (FNV-1a over 32-bit words).
     */
    static long fingerprint(Dataset data) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < data.size(); i++) {
            for (int f = 0; f < data.featureCount(); f++) {
                h = (h ^ Float.floatToRawIntBits(data.feature(i, f))) * 0x100000001b3L;
            }
            h = (h ^ data.label(i)) * 0x100000001b3L;
        }
        return h;
    }
}
