package io.github.simdnn.training.cli;

import io.github.simdnn.training.Evaluation;
import io.github.simdnn.training.Evaluator;
import io.github.simdnn.training.data.DataSpec;
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
import java.util.concurrent.Callable;

/** {@code simdnn evaluate}: accuracy and confusion matrix of a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a saved model on labelled data: prints the accuracy and the confusion matrix.",
                "Uses the data's own test set if it has one (idx:DIR: the t10k files), else every sample."})
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

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        DataSpec source = DataOptions.spec(spec.commandLine(), data, labelColumn);
        SavedModel saved = ModelFile.load(model, BATCH);
        LoadedData loaded = source.load();
        Dataset samples = loaded.test().orElse(loaded.train());
        if (samples.featureCount() != saved.network().inputSize()) {
            throw new IllegalArgumentException("the data " + source + " has " + samples.featureCount()
                    + " features but the model " + model + " takes " + saved.network().inputSize());
        }
        // The model's normalization takes values in its training file's units; this loader has already scaled its
        // values by loaded.inputScale() (the same factor, and so the same values as in training, for the same format).
        Normalization normalization = saved.normalization();
        Dataset normalized = normalization.withInputScale(normalization.inputScale() / loaded.inputScale())
                .apply(samples);
        Evaluation e = new Evaluator(saved.network()).evaluate(normalized);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "evaluated %d samples of %s (%s), loss %.4f%n", e.samples(), source,
                loaded.test().isPresent() ? "its test set" : "all samples", e.loss());
        o.printf(Locale.ROOT, "accuracy: %.4f%n", e.accuracy());
        o.println("confusion matrix (rows: true class, columns: predicted class):");
        o.print(ConfusionTable.format(e.confusion(), saved.classNames()));
        return 0;
    }
}
