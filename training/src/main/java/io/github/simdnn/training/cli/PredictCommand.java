package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Predictor;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.training.data.DataFormatException;
import io.github.simdnn.training.data.Normalization;
import io.github.simdnn.training.io.AtomicFile;
import io.github.simdnn.training.io.ModelFile;
import io.github.simdnn.training.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
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
        if (output != null) {
            OutputFiles.checkWritable(spec.commandLine(), output, "--output");
            // Only a file can be overwritten (a device such as a terminal may well be --input and --output at once).
            if (!OutputFiles.leadsToSpecial(output)) {
                if (OutputFiles.same(output, input)) {
                    throw new ParameterException(spec.commandLine(), "--output " + output
                            + " is the same file as --input " + input);
                }
                if (OutputFiles.same(output, model)) {
                    throw new ParameterException(spec.commandLine(), "--output " + output
                            + " is the same file as --model " + model);
                }
            }
        }
        SavedModel saved = ModelFile.load(model, 1);
        Predictor predictor = Predictor.of(saved.network(), BATCH);
        try (FeatureCsv rows = FeatureCsv.open(input, saved.network().inputSize())) {
            if (output == null) {
                // Rows go out as they are predicted: a bad row further on leaves the ones before it printed.
                Writer out = spec.commandLine().getOut();
                write(rows, predictor, saved.normalization(), out);
                out.flush();
                return 0;
            }
            try {
                if (OutputFiles.isWrittenInPlace(output)) {
                    // A link, a device or a pipe: written through, in place (so not all or nothing).
                    try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                        write(rows, predictor, saved.normalization(), out);
                    }
                } else {
                    // All or nothing: a bad input row, a full disk or a crash leaves an earlier output as it was.
                    AtomicFile.write(output, channel -> {
                        Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
                        write(rows, predictor, saved.normalization(), out);
                        out.flush();
                    });
                }
            } catch (DataFormatException | FeatureCsv.ReadException e) {
                throw e;                                    // about the input, and says so
            } catch (IOException e) {
                throw AtomicFile.failure(output, e);
            }
        }
        return 0;
    }

    /**
     * Predicts block by block: reads up to {@link #BATCH} rows, turns them into columns, normalizes, runs the
     * network, and writes one CSV row per sample; memory does not grow with the input.
     */
    private static void write(FeatureCsv rows, Predictor predictor, Normalization normalization, Writer out)
            throws IOException {
        int features = predictor.inputSize();
        int classes = predictor.outputSize();
        float[] sampleMajor = new float[features * BATCH];
        float[] block = new float[features * BATCH];
        float[] probabilities = new float[classes * BATCH];
        StringBuilder line = new StringBuilder();
        long done = 0;
        for (int n; (n = rows.read(sampleMajor, BATCH)) > 0; done += n) {
            Ops.transpose(n, features, sampleMajor, 0, features, block, 0, n);
            try {
                normalization.apply(block, 0, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rows " + (done + 1) + ".." + (done + n) + " of the input: "
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
