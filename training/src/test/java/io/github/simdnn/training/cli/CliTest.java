package io.github.simdnn.training.cli;

import io.github.simdnn.nn.Predictor;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Datasets;
import io.github.simdnn.training.io.ModelFile;
import io.github.simdnn.training.io.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, in process: train on the bundled digits, then evaluate and predict. */
class CliTest {

    private static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: (\\d\\.\\d{4})");

    @TempDir
    static Path dir;
    static Path model;
    static CliRun training;

    @BeforeAll
    static void train() {
        model = dir.resolve("digits.safetensors");
        training = CliRun.of("train", "--epochs", "4", "--seed", "3", "--out", model.toString(),
                "--plot", dir.resolve("loss.png").toString());
    }

    @Test
    void trainPrintsEpochsAndEndsWithTheTestAccuracy() throws IOException {
        assertEquals(0, training.exitCode(), training.toString());
        assertEquals("", training.err());
        Matcher m = TEST_ACCURACY.matcher(training.lastLine());
        assertTrue(m.matches(), "last line: " + training.lastLine());
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy > 0.8 && accuracy <= 1, training.toString());
        List<String> epochLines = training.outLines().stream().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(4, epochLines.size(), training.toString());
        assertTrue(epochLines.getFirst().matches("epoch 1/4  train loss \\d+\\.\\d{4}  val loss \\d+\\.\\d{4}"
                + "  val acc \\d\\.\\d{4}  lr 0\\.2000  \\d+ samples/s"), epochLines.getFirst());
        assertTrue(training.out().contains("samples/s overall"), training.toString());
        // The saved test accuracy is the printed one.
        SavedModel saved = ModelFile.load(model, 8);
        assertEquals(m.group(1), saved.info().get("simdnn.test_accuracy"));
        assertEquals(List.of(64, 32, 10), List.of(saved.network().sizes()[0], saved.network().sizes()[2],
                saved.network().sizes()[4]));
    }

    @Test
    void plotIsAPng() throws IOException {
        BufferedImage image = ImageIO.read(dir.resolve("loss.png").toFile());
        assertEquals(LossPlot.WIDTH, image.getWidth());
        assertEquals(LossPlot.HEIGHT, image.getHeight());
    }

    @Test
    void evaluateOnTheTrainingDataScoresTheHeldOutTestSplitAsTrainingDid() {
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", "digits");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("evaluated 270 samples of digits (the test split held out in training;"),
                run.out());
        Matcher m = TEST_ACCURACY.matcher(training.lastLine());
        assertTrue(m.matches(), training.lastLine());
        assertTrue(run.outLines().contains("accuracy: " + m.group(1)), "the training's test accuracy " + m.group(1)
                + " expected in\n" + run.out());
    }

    @Test
    void evaluatePrintsAccuracyAndAConsistentConfusionMatrix() {
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", "digits", "--all-samples");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.outLines();
        String accuracyLine = lines.stream().filter(l -> l.startsWith("accuracy: ")).findFirst().orElseThrow();
        assertTrue(accuracyLine.matches("accuracy: \\d\\.\\d{4}"), accuracyLine);
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("true\\pred")).findFirst().orElseThrow());
        assertEquals(header + 11, lines.size(), "header + one row per class");
        long total = 0;
        long diagonal = 0;
        int width = lines.get(header).length();
        for (int r = 0; r < 10; r++) {
            String row = lines.get(header + 1 + r);
            assertEquals(width, row.length(), "aligned: " + row);
            String[] cells = row.strip().split("\\s+");
            assertEquals(Integer.toString(r), cells[0]);
            for (int c = 0; c < 10; c++) {
                long count = Long.parseLong(cells[c + 1]);
                total += count;
                diagonal += r == c ? count : 0;
            }
        }
        assertEquals(1797, total, "every digit evaluated once");
        assertEquals(String.format(Locale.ROOT, "accuracy: %.4f", diagonal / 1797.0), accuracyLine);
    }

    @Test
    void predictWritesOneProbabilityRowPerInputRow() throws IOException {
        Dataset digits = Datasets.digits();
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < 64; f++) {
            csv.append(f == 0 ? "" : ",").append("pixel").append(f);
        }
        csv.append('\n');
        int rows = 600;                 // three blocks of PredictCommand.BATCH (256), the last one partial
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < 64; f++) {
                // The units of the digits file (0..16): the model maps them as the loader did in training.
                csv.append(f == 0 ? "" : ",").append(rawPixel(digits, i, f));
            }
            csv.append('\n');
        }
        Path input = dir.resolve("features.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        Path output = dir.resolve("probabilities.csv");

        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", output.toString());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = Files.readAllLines(output);
        assertEquals(rows, lines.size());
        Predictor reference = ModelFile.load(model, 1).network().predictor(1);
        float[] expected = new float[10];
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(10, cells.length);
            double sum = 0;
            int best = 0;
            float[] x = new float[64];
            for (int f = 0; f < 64; f++) {
                x[f] = digits.feature(i, f);   // as loaded for training (the model has no normalization of its own)
            }
            reference.predict(x, 1, expected);
            for (int k = 0; k < 10; k++) {
                double p = Double.parseDouble(cells[k]);
                assertTrue(p >= 0 && p <= 1, lines.get(i));
                // One sample at a time or in blocks of 256: the same sums, perhaps in another order.
                assertEquals(expected[k], p, 1e-6, "row " + i + " class " + k);
                sum += p;
                best = p > Double.parseDouble(cells[best]) ? k : best;
            }
            assertEquals(1.0, sum, 1e-5, "row " + i);
            assertEquals(reference.predictClass(x), best, "row " + i);
        }
        CliRun toStdout = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, toStdout.exitCode(), toStdout.toString());
        assertEquals(lines, toStdout.outLines());
    }

    @Test
    void predictToAFileIsAllOrNothingAndToStandardOutputStreams() throws IOException {
        String good = "1,".repeat(63) + "2\n";
        int goodRows = 2 * PredictCommand.BATCH + 1;
        Path input = dir.resolve("late-error.csv");
        Files.writeString(input, good.repeat(goodRows) + "1,".repeat(63) + "x\n" + good);
        Path output = dir.resolve("late-error-probabilities.csv");
        Files.writeString(output, "an earlier output\n");

        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", output.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + input + ": row " + (goodRows + 1) + " column 64: 'x' is not a number"),
                run.errLines());
        assertEquals("an earlier output\n", Files.readString(output), "the earlier output is left as it was");
        assertEquals(List.of(), temporaryFilesOf(output), "no temporary file left behind");

        // Standard output gets each block of rows as it is predicted, up to the block with the bad row.
        CliRun streamed = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, streamed.exitCode(), streamed.toString());
        assertEquals(2 * PredictCommand.BATCH, streamed.outLines().size(), "the two whole blocks before the bad one");

        Path sameFile = dir.resolve(".").resolve(input.getFileName());
        CliRun same = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", sameFile.toString());
        assertEquals(2, same.exitCode(), same.toString());
        assertTrue(same.err().contains("--output " + sameFile + " is the same file as --input"), same.err());
        assertTrue(Files.readString(input).startsWith(good), "the input is untouched");

        byte[] modelBytes = Files.readAllBytes(model);
        CliRun overModel = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", model.toString());
        assertEquals(2, overModel.exitCode(), overModel.toString());
        assertTrue(overModel.err().contains("is the same file as --model"), overModel.err());
        assertArrayEquals(modelBytes, Files.readAllBytes(model), "the model is untouched");
    }

    @Test
    void trainRefusesToWriteOverItsOwnData() throws IOException {
        Path data = dir.resolve("own-data.csv");
        Files.writeString(data, "1,2,0\n3,4,1\n5,6,0\n7,8,1\n".repeat(10));
        String before = Files.readString(data);
        CliRun run = CliRun.of("train", "--data", "csv:" + data, "--layers", "2,4,2", "--epochs", "1", "--out",
                data.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--out " + data + " is a file of the training data csv:" + data), run.err());
        run = CliRun.of("train", "--data", "csv:" + data, "--layers", "2,4,2", "--epochs", "1", "--out",
                dir.resolve("own-data-model.safetensors").toString(), "--plot", data.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--plot " + data + " is a file of the training data"), run.err());
        assertEquals(before, Files.readString(data), "the data is untouched");
    }

    /** The temporary files AtomicFile would leave beside {@code output}: {@code .NAME.*.tmp}. */
    private static List<String> temporaryFilesOf(Path output) throws IOException {
        String prefix = "." + output.getFileName() + ".";
        try (var files = Files.list(output.getParent())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".tmp"))
                    .toList();
        }
    }

    @Test
    void predictBlamesTheInputForInputProblemsAndWritesThroughLinks() throws IOException {
        Path output = dir.resolve("kept.csv");
        Files.writeString(output, "kept\n");
        Path headerOnly = dir.resolve("header-only.csv");
        Files.writeString(headerOnly, "p,".repeat(63) + "p\n");
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", headerOnly.toString(),
                "--output", output.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + headerOnly + ": no data rows"), run.errLines());

        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        run = CliRun.of("predict", "--model", model.toString(), "--input", directory.toString(),
                "--output", output.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: " + directory + ": cannot read"), run.err());
        assertEquals("kept\n", Files.readString(output));
        assertEquals(List.of(), temporaryFilesOf(output));

        // A symbolic link is written through, in place: the file it points to gets the output, and the link stays.
        Path input = dir.resolve("one-row.csv");
        Files.writeString(input, "1,".repeat(63) + "2\n");
        Path link = dir.resolve("link.csv");
        Files.createSymbolicLink(link, output);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                link.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals(10, Files.readString(output).strip().split(",").length, "one row of 10 probabilities");

        // ... which must not lead to the input itself.
        Path linkToInput = Files.createSymbolicLink(dir.resolve("link-to-input.csv"), input);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                linkToInput.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("is the same file as --input"), run.err());
        assertEquals("1,".repeat(63) + "2\n", Files.readString(input));
    }

    @Test
    void trainReplacesASymbolicLinkAtOutWithTheModel() throws IOException {
        Path missing = dir.resolve("missing-target.safetensors");
        Path directory = Files.createDirectories(dir.resolve("linked-directory"));
        for (Path target : new Path[] {missing, directory}) {
            Path link = Files.createSymbolicLink(dir.resolve("link-to-" + target.getFileName()), target);
            CliRun run = CliRun.of("train", "--epochs", "1", "--out", link.toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(Files.isRegularFile(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link's entry: " + run);
            assertEquals(64, ModelFile.load(link, 1).network().inputSize());
        }
        assertFalse(Files.exists(missing), "the link was not followed");
        assertTrue(Files.isDirectory(directory), "the linked directory is left alone");
    }

    @Test
    void predictWritesThroughALinkToAFileYetToBeMade() throws IOException {
        Path input = dir.resolve("one-row-for-link.csv");
        Files.writeString(input, "3,".repeat(63) + "4\n");
        Path target = dir.resolve("made-through-link.csv");
        Path link = Files.createSymbolicLink(dir.resolve("link-to-new.csv"), target);
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                link.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(10, Files.readString(target).strip().split(",").length);
    }

    /** Sample i's feature f in the digits file's units (0..16), from the loaded value (pixel / 16, exact). */
    private static int rawPixel(Dataset digits, int i, int f) {
        float pixel = digits.feature(i, f) * Datasets.DIGITS_MAX_PIXEL;
        assertEquals(Math.rint(pixel), pixel, 0, "a digits pixel is a whole number");
        return (int) pixel;
    }

    @Test
    void evaluateOnTheDigitsAsAPlainCsvFileGivesTheSameAccuracy() throws IOException {
        // A CSV loader does not scale; the model knows its training data was scaled by 1/16 and does it.
        Dataset digits = Datasets.digits();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < digits.size(); i++) {
            for (int f = 0; f < 64; f++) {
                csv.append(rawPixel(digits, i, f)).append(',');
            }
            csv.append(digits.label(i)).append('\n');
        }
        Path file = dir.resolve("digits-raw.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        CliRun bundled = CliRun.of("evaluate", "--model", model.toString(), "--data", "digits", "--all-samples");
        CliRun plain = CliRun.of("evaluate", "--model", model.toString(), "--data", "csv:" + file);
        assertEquals(0, plain.exitCode(), plain.toString());
        String accuracy = bundled.outLines().stream().filter(l -> l.startsWith("accuracy: ")).findFirst()
                .orElseThrow();
        assertTrue(plain.outLines().contains(accuracy), accuracy + " expected in\n" + plain);
        assertTrue(Double.parseDouble(accuracy.substring("accuracy: ".length())) > 0.8, accuracy);
    }

    @Test
    void predictIgnoresAByteOrderMarkAndDoesNotTakeAnIncompleteRowForAHeader() throws IOException {
        Path input = dir.resolve("bom.csv");
        String row = "3,".repeat(63) + "5\n";
        Files.writeString(input, "\uFEFF" + row + row, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2, run.outLines().size(), "both rows predicted: " + run);

        Files.writeString(input, "0.5,," + "1,".repeat(61) + "2\n" + row, StandardCharsets.UTF_8);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + input + ": row 1 column 2: '' is not a number"), run.errLines());

        // Cells as the training reader reads them: "1f" or NaN is no number (a header, or an error in data).
        Files.writeString(input, "1f,".repeat(63) + "2f\n" + row + "1," + "NaN,".repeat(62) + "3\n",
                StandardCharsets.UTF_8);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + input + ": row 3 column 2: 'NaN' is not a number"), run.errLines());
        Files.writeString(input, "1," + "1e39,".repeat(62) + "3\n", StandardCharsets.UTF_8);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(List.of("error: " + input + ": row 1 column 2: '1e39' is outside the float32 range"),
                run.errLines());

        Files.writeString(input, "a,b,c\n" + row, StandardCharsets.UTF_8);
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("row 1 (a header) has 3 cells but the model takes 64 features"), run.err());
    }

    @Test
    void outputPathsAreCheckedBeforeTraining() throws IOException {
        Path missingDir = dir.resolve("no-such-dir").resolve("m.safetensors");
        Path same = dir.resolve("same.safetensors");
        for (String[] args : new String[][] {
                {"--out", missingDir.toString()},
                {"--out", dir.toString()},
                {"--out", same.toString(), "--plot", same.toString()},
                {"--out", dir.resolve("unused.safetensors").toString(), "--plot",
                        missingDir.resolveSibling("loss.png").toString()}}) {
            List<String> command = new java.util.ArrayList<>(List.of("train", "--epochs", "1"));
            command.addAll(List.of(args));
            CliRun run = CliRun.of(command.toArray(String[]::new));
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run);
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.err().matches("error: --(out|plot) .*(does not exist|is a directory|same file as --out)"
                    + ".*\\R"), run.err());
            assertEquals("", run.out(), "nothing trained: " + run);
        }
        assertTrue(Files.notExists(same));
    }

    @Test
    void earlyStoppingWithoutValidationSamplesIsAUsageError() {
        CliRun run = CliRun.of("train", "--patience", "3", "--val-fraction", "0", "--out",
                dir.resolve("never.safetensors").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: --patience 3 needs validation samples, but --val-fraction 0.0 of"
                + " 1527 leaves none"), run.err());
    }

    @Test
    void aBatchLargerThanTheTrainingSplitTrainsOnAllOfIt() {
        Path out = dir.resolve("full-batch.safetensors");
        CliRun run = CliRun.of("train", "--batch", "100000", "--epochs", "2", "--optimizer", "sgd", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("; batch 1257 (the whole training split; --batch 100000), 2 epochs"), run.out());
        assertTrue(run.out().contains("trained 2 epochs in ") && run.out().contains(": 2514 samples"), run.out());
    }

    @Test
    void theLabelColumnOfACsvFileCanBeChosen() throws IOException {
        // The digits with the label first: trained and evaluated with --label-column 1, the same as the bundled set.
        Dataset digits = Datasets.digits();
        StringBuilder csv = new StringBuilder("digit");
        for (int f = 0; f < 64; f++) {
            csv.append(",p").append(f);
        }
        csv.append('\n');
        for (int i = 0; i < digits.size(); i++) {
            csv.append(digits.label(i));
            for (int f = 0; f < 64; f++) {
                csv.append(',').append(rawPixel(digits, i, f));
            }
            csv.append('\n');
        }
        Path file = dir.resolve("label-first.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        Path out = dir.resolve("label-first.safetensors");
        CliRun train = CliRun.of("train", "--data", "csv:" + file, "--label-column", "1", "--normalize", "min-max",
                "--epochs", "3", "--out", out.toString());
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.out().startsWith("data: csv:" + file + " (label in column 1), 1257 train / 270 validation / "
                + "270 test samples, 64 features, 10 classes"), train.out());
        CliRun evaluate = CliRun.of("evaluate", "--model", out.toString(), "--data", "csv:" + file,
                "--label-column", "1");
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        assertTrue(evaluate.out().contains("evaluated 270 samples"), evaluate.out());
        assertTrue(evaluate.outLines().contains(train.lastLine().replace("test accuracy", "accuracy")),
                "the held-out split gives the training's test accuracy: " + train.lastLine() + "\n" + evaluate.out());
        // The same file name and row count but one other label: not the data the split was made from.
        String changed = csv.toString().replaceFirst("\n0,", "\n1,");
        assertTrue(!changed.contentEquals(csv));
        Files.writeString(file, changed, StandardCharsets.UTF_8);
        CliRun other = CliRun.of("evaluate", "--model", out.toString(), "--data", "csv:" + file, "--label-column", "1");
        assertEquals(0, other.exitCode(), other.toString());
        assertTrue(other.out().contains("evaluated 1797 samples of csv:" + file + " (label in column 1) (all samples)"),
                other.out());
        String accuracy = evaluate.outLines().stream().filter(l -> l.startsWith("accuracy: ")).findFirst()
                .orElseThrow();
        assertTrue(Double.parseDouble(accuracy.substring("accuracy: ".length())) > 0.8, evaluate.out());

        // Without the option the last column (a pixel, up to 16) is taken for the label: 17 classes, not 10.
        CliRun wrong = CliRun.of("train", "--data", "csv:" + file, "--epochs", "1", "--out", out.toString());
        assertEquals(2, wrong.exitCode(), wrong.toString());
        for (String[] args : new String[][] {{"--label-column", "2"}, {"--data", "csv:" + file, "--label-column", "0"}}) {
            List<String> command = new java.util.ArrayList<>(List.of("train", "--epochs", "1", "--out",
                    out.toString()));
            command.addAll(List.of(args));
            CliRun run = CliRun.of(command.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("error: --label-column"), run.err());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] args : new String[][] {
                {"train", "--epochs", "many"},
                {"train", "--bogus"},
                {"train", "--epochs", "0"},
                {"train", "--activation", "softsign"},
                {"train", "--layers", "64,x,10"},
                {"train", "--data", "parquet:file"},
                {"evaluate", "--data", "digits"},
                {"frobnicate"},
                {}}) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run);
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.err().startsWith("error: "), run.toString());
            assertTrue(run.err().contains("--help"), run.toString());
        }
    }

    @Test
    void layersMustMatchTheData() {
        CliRun run = CliRun.of("train", "--layers", "63,10", "--out", dir.resolve("never.safetensors").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: --layers starts with 63 inputs but the data has 64 features"),
                run.err());
        run = CliRun.of("train", "--layers", "64,16,12", "--out", dir.resolve("never.safetensors").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("10 classes"), run.err());
        assertTrue(Files.notExists(dir.resolve("never.safetensors")));
    }

    @Test
    void missingFilesFailWithOneErrorLine() {
        Path missing = dir.resolve("no-such-model.safetensors");
        CliRun run = CliRun.of("evaluate", "--model", missing.toString(), "--data", "digits");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: no such file: " + missing), run.errLines());

        run = CliRun.of("train", "--data", "csv:" + dir.resolve("missing.csv"), "--epochs", "1");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("error: no such file: "), run.err());
    }

    @Test
    void corruptModelIsRejected() throws IOException {
        Path corrupt = dir.resolve("corrupt.safetensors");
        byte[] bytes = Files.readAllBytes(model);
        bytes[12] ^= 0x5a;   // inside the JSON header
        Files.write(corrupt, bytes);
        CliRun run = CliRun.of("evaluate", "--model", corrupt.toString(), "--data", "digits");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("error: " + corrupt), run.err());

        Files.writeString(corrupt, "not a model at all");
        run = CliRun.of("predict", "--model", corrupt.toString(), "--input", corrupt.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
    }

    @Test
    void badPredictInputNamesRowAndColumn() throws IOException {
        Path input = dir.resolve("bad.csv");
        Files.writeString(input, "0.1,".repeat(63) + "0.2\n" + "0.1,".repeat(10) + "oops," + "0.1,".repeat(52)
                + "0.3\n");
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + input + ": row 2 column 11: 'oops' is not a number"), run.errLines());
        Files.writeString(input, "0.5,".repeat(64) + "3\n");
        run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("row 1 has 65 values but the model takes 64 features"), run.err());
    }

    @Test
    void divergenceFailsWithOneLineNamingEpochAndBatch() {
        Path out = dir.resolve("diverged.safetensors");
        CliRun run = CliRun.of("train", "--activation", "relu", "--lr", "1e30", "--optimizer", "sgd", "--epochs", "2",
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().matches("error: training diverged at epoch 1 of 2, batch \\d+ of 40: .*\\R"), run.err());
        assertTrue(Files.notExists(out), "no model is saved");
    }

    @Test
    void helpIsCleanAndExitsZero() {
        for (String command : new String[] {"train", "evaluate", "predict"}) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.err(), "picocli must not warn about the help text");
            assertTrue(run.out().startsWith("Usage: simdnn " + command), run.out());
        }
        CliRun run = CliRun.of("--help");
        assertTrue(run.out().contains("train ") && run.out().contains("evaluate ") && run.out().contains("predict "),
                run.out());
    }

    @Test
    void twoThreadsTrainTheSameWeightsAsOne() throws IOException {
        Path one = dir.resolve("one-thread.safetensors");
        Path two = dir.resolve("two-threads.safetensors");
        assertEquals(0, CliRun.of("train", "--epochs", "2", "--out", one.toString()).exitCode());
        CliRun run = CliRun.of("train", "--epochs", "2", "--threads", "2", "--out", two.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains(", 2 threads"), run.out());
        var a = ModelFile.load(one, 1).network().parameters();
        var b = ModelFile.load(two, 1).network().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertTrue(java.util.Arrays.equals(a.get(i).value(), b.get(i).value()), "parameter " + i);
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("evaluate", "--model", dir.resolve("absent").toString(), "--data", "digits",
                "--verbose");
        assertEquals(1, run.exitCode());
        assertTrue(run.errLines().getFirst().startsWith("error: no such file"), run.err());
        assertTrue(run.errLines().size() > 3 && run.err().contains("NoSuchFileException"), run.err());
    }
}
