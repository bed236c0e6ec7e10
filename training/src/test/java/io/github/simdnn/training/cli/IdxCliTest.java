package io.github.simdnn.training.cli;

import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Datasets;
import io.github.simdnn.training.data.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line on IDX files, the format whose pixels stay bytes in memory: the bundled digits written as
 * 8×8 MNIST-style files (pixel 0..16 scaled to 0..240), trained with a min-max normalization, then evaluated from
 * the saved model. Evaluation applies the model's normalization to the t10k bytes again, so its accuracy must be
 * the one training printed for the same test set.
 */
class IdxCliTest {

    private static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: (\\d\\.\\d{4})");
    private static final int TEST_SAMPLES = 297;
    private static final int UNSIGNED_BYTE = 0x08;

    @TempDir
    Path dir;

    @Test
    void trainsOnIdxFilesAndEvaluatesTheSavedModelToTheSameAccuracy() throws IOException {
        Dataset digits = Datasets.digits();
        int train = digits.size() - TEST_SAMPLES;
        write("train", digits, 0, train);
        write("t10k", digits, train, TEST_SAMPLES);
        Path model = dir.resolve("idx.safetensors");

        CliRun run = CliRun.of("train", "--data", "idx:" + dir, "--layers", "64,32,10", "--normalize", "min-max",
                "--epochs", "6", "--seed", "2", "--out", model.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("data: idx:" + dir + ", "), run.out());
        assertTrue(run.out().contains(" validation / " + TEST_SAMPLES + " test samples, 64 features, 10 classes"),
                run.out());
        Matcher m = TEST_ACCURACY.matcher(run.lastLine());
        assertTrue(m.matches(), run.toString());
        assertTrue(Double.parseDouble(m.group(1)) > 0.85, run.toString());

        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", "idx:" + dir);
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        assertTrue(evaluate.outLines().contains("accuracy: " + m.group(1)), evaluate.toString());
    }

    /** Samples [from, from+count) as an images file (count×8×8 bytes) and a labels file. */
    private void write(String prefix, Dataset digits, int from, int count) throws IOException {
        byte[] pixels = new byte[count * 64];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            for (int f = 0; f < 64; f++) {
                pixels[i * 64 + f] = (byte) (Math.round(digits.feature(from + i, f) * 16) * 15);
            }
            labels[i] = (byte) digits.label(from + i);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), TestFiles.idx(UNSIGNED_BYTE, new int[] {count, 8, 8},
                pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), TestFiles.idx(UNSIGNED_BYTE, new int[] {count},
                labels));
    }
}
