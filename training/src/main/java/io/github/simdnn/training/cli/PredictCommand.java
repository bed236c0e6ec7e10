package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Predictor;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.training.data.Normalization;
import io.github.simdnn.training.io.ModelFile;
import io.github.simdnn.training.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code simdnn predict}: class probabilities for every row of a features-only CSV file, one output row per input
 * row (comma separated, one column per class), after the model's stored normalization. Features are in the units
 * of the data file the model was trained on (the digits' pixels 0..16, MNIST's 0..255): the normalization includes
 * the scaling the loader applied in training.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one row of class probabilities per input row (features only, no label).",
                "Features are in the units of the training data file (digits: 0..16, MNIST: 0..255); the model's"
                        + " stored normalization, which includes the loader's scaling, is applied first."})
final class PredictCommand implements Callable<Integer> {

    /** Samples per forward pass. */
    static final int BATCH = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model saved by train")
    Path model;

    @Option(names = "--input", paramLabel = "FILE.csv", required = true, description = "features, one row per sample")
    Path input;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "where to write (default: standard output)")
    Path output;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = ModelFile.load(model, 1);
        int features = saved.network().inputSize();
        FeatureCsv.Rows rows = FeatureCsv.read(input, features);
        Predictor predictor = Predictor.of(saved.network(), BATCH);
        if (output == null) {
            Writer out = spec.commandLine().getOut();
            write(rows, predictor, saved.normalization(), out);
            out.flush();
        } else {
            try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                write(rows, predictor, saved.normalization(), out);
            }
        }
        return 0;
    }

    /** Predicts in batches: features to columns, normalized, forward, then one CSV row per sample. */
    private static void write(FeatureCsv.Rows rows, Predictor predictor, Normalization normalization, Writer out)
            throws IOException {
        int features = rows.features();
        int classes = predictor.outputSize();
        float[] block = new float[features * BATCH];
        float[] probabilities = new float[classes * BATCH];
        StringBuilder line = new StringBuilder();
        for (int start = 0; start < rows.rows(); start += BATCH) {
            int n = Math.min(BATCH, rows.rows() - start);
            Ops.transpose(n, features, rows.values(), start * features, features, block, 0, n);
            try {
                normalization.apply(block, 0, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rows " + (start + 1) + ".." + (start + n) + " of the input: "
                        + e.getMessage(), e);
            }
            predictor.predict(block, n, probabilities);
            for (int j = 0; j < n; j++) {
                line.setLength(0);
                for (int k = 0; k < classes; k++) {
                    line.append(k == 0 ? "" : ",").append(probabilities[k * n + j]);
                }
                out.write(line.append('\n').toString());
            }
        }
    }
}
