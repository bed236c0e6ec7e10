package io.github.simdnn.training.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.simdnn.testsupport.AllocatedBytes;
import io.github.simdnn.nn.Predictor;
import io.github.simdnn.training.data.FuzzFiles;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the model file readers, {@link SafeTensorsFile#read} and {@link ModelFile#load}, with the raw file bytes:
 * every input either loads correctly or is rejected with {@link ModelFormatException} naming the file; never
 * another exception, an out-of-memory error or a hang, and memory in proportion to the file length. The normal
 * test run replays the seed corpora in {@code SafeTensorsFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes
 * (see the README, section Fuzzing).
 */
class SafeTensorsFuzzTest {

    private static final int MAX_BATCH = 4;
    private static final FuzzFiles.Tally READ = new FuzzFiles.Tally("SafeTensorsFuzzTest.readSafeTensors");
    private static final FuzzFiles.Tally LOAD = new FuzzFiles.Tally("SafeTensorsFuzzTest.loadModel");
    @RegisterExtension
    static final FuzzFiles.Scratch SCRATCH = new FuzzFiles.Scratch("simdnn-safetensors-fuzz", READ, LOAD);

    /** A file that loads must also survive a round trip through the writer with the same names, shapes and bits. */
    @FuzzTest(maxDuration = "5m")
    @Timeout(20)
    void readSafeTensors(byte[] input) throws IOException {
        READ.count(read(input, SCRATCH.dir()));
    }

    /** @return whether the file loaded ({@code false}: rejected with a {@link ModelFormatException}) */
    static boolean read(byte[] input, Path dir) throws IOException {
        Path file = Files.write(dir.resolve("fuzz.safetensors"), input);
        long before = AllocatedBytes.ofCurrentThread();
        SafeTensorsFile contents;
        try {
            contents = SafeTensorsFile.read(file);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), "message names the file: " + e.getMessage());
            return false;
        }
        FuzzFiles.assertAllocationBounded(AllocatedBytes.ofCurrentThread() - before, input.length, "SafeTensorsFile.read");
        long bytes = 0;
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            Tensor t = e.getValue();
            long product = 1;
            for (int d : t.shape()) {
                assertTrue(d >= 0, "dimension of " + e.getKey());
                product *= d;
            }
            assertEquals(product, t.size(), "size of " + e.getKey());
            bytes += 4L * t.size();
        }
        assertTrue(bytes <= input.length, "tensors hold no more bytes than the file");

        Path copy = dir.resolve("copy.safetensors");
        SafeTensorsFile.write(copy, contents.tensors(), contents.metadata());
        SafeTensorsFile again = SafeTensorsFile.read(copy);
        assertEquals(contents.metadata(), again.metadata());
        assertEquals(contents.tensors().keySet(), again.tensors().keySet());
        for (String name : contents.tensors().keySet()) {
            Tensor a = contents.tensor(name);
            Tensor b = again.tensor(name);
            assertArrayEquals(a.shape(), b.shape(), name);
            float[] x = a.toArray();
            float[] y = b.toArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), name + "[" + i + "]");
            }
        }
        return true;
    }

    /** A model that loads has finite weights, a matching normalization and class names, and predicts. */
    @FuzzTest(maxDuration = "5m")
    @Timeout(20)
    void loadModel(byte[] input) throws IOException {
        LOAD.count(load(input, SCRATCH.dir()));
    }

    /** @return whether the model loaded ({@code false}: rejected with a {@link ModelFormatException}) */
    static boolean load(byte[] input, Path dir) throws IOException {
        Path file = Files.write(dir.resolve("fuzz-model.safetensors"), input);
        long before = AllocatedBytes.ofCurrentThread();
        SavedModel model;
        try {
            model = ModelFile.load(file, MAX_BATCH);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), "message names the file: " + e.getMessage());
            return false;
        }
        FuzzFiles.assertAllocationBounded(AllocatedBytes.ofCurrentThread() - before, input.length, "ModelFile.load");
        assertEquals(model.network().inputSize(), model.normalization().featureCount());
        model.network().parameters().forEach(p -> {
            for (float v : p.value()) {
                assertTrue(Float.isFinite(v), "finite weight");
            }
        });
        assertTrue(model.classNames().isEmpty() || model.classNames().size() == model.network().outputSize()
                || model.classNames().size() == 2 && model.network().outputSize() == 1, "class names fit");
        Predictor predictor = model.network().predictor(1);
        float[] x = new float[model.network().inputSize()];
        float[] out = new float[model.network().outputSize()];
        Arrays.fill(out, Float.NaN);
        predictor.predict(x, out);
        for (String key : ModelFile.RESERVED_KEYS) {
            assertTrue(!model.info().containsKey(key), "reserved key " + key + " not in info");
        }
        return true;
    }
}
