package io.github.simdnn.training.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    private static Network network() {
        return Network.builder(4).dense(5).relu().dense(3).softmax().seed(7).build(new SoftmaxCrossEntropy(), 8);
    }

    private static SavedModel model() {
        Network network = network();
        Random r = new Random(3);
        float[] x = new float[40];
        int[] y = new int[10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 10;
        }
        Normalization normalization = Normalization.fit(Normalization.Kind.STANDARD, Dataset.of(x, y, 4, 3));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("epochs", "12");
        info.put("test_accuracy", "0.97");
        return new SavedModel(network, normalization, List.of("setosa", "versicolor", "virginica"), info);
    }

    private Path saved(SavedModel model) throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, model);
        return file;
    }

    @Test
    void roundTripRestoresStructureWeightsAndMetadata() throws IOException {
        SavedModel model = model();
        SavedModel back = ModelFile.load(saved(model), 16);
        Network a = model.network();
        Network b = back.network();
        assertEquals(a.specs(), b.specs());
        assertEquals(a.loss().name(), b.loss().name());
        assertEquals(16, b.maxBatch());
        assertEquals(a.namedParameters().keySet(), b.namedParameters().keySet());
        for (String name : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(name).value(), b.namedParameters().get(name).value(), name);
        }
        assertArrayEquals(model.normalization().offset(), back.normalization().offset());
        assertArrayEquals(model.normalization().scale(), back.normalization().scale());
        assertEquals(Normalization.Kind.STANDARD, back.normalization().kind());
        assertEquals(model.classNames(), back.classNames());
        assertEquals(model.info(), back.info());

        float[] x = {0.5f, -1f, 2f, 0.25f, 1f, 1f, -3f, 0f};
        float[] outA = a.forward(x, 2).clone();
        float[] outB = b.forward(x, 2);
        assertArrayEquals(java.util.Arrays.copyOf(outA, 6), java.util.Arrays.copyOf(outB, 6));
    }

    @Test
    void fileUsesPyTorchNamesShapesAndJsonMetadata() throws IOException {
        SafeTensorsFile file = SafeTensorsFile.read(saved(model()));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
                List.copyOf(file.tensors().keySet()));
        assertArrayEquals(new int[]{5, 4}, file.tensor("layers.0.weight").shape());
        assertArrayEquals(new int[]{5}, file.tensor("layers.0.bias").shape());
        assertArrayEquals(new int[]{3, 5}, file.tensor("layers.2.weight").shape());
        assertArrayEquals(new int[]{3}, file.tensor("layers.2.bias").shape());
        Parameter w = network().namedParameters().get("2.weight");
        assertArrayEquals(w.value(), file.tensor("layers.2.weight").toArray(), "row-major [out, in] like nn.Linear");
        assertEquals("pt", file.metadata().get("format"));
        assertEquals("2", file.metadata().get("simdnn.model_version"));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("{\"input_size\":4,\"layers\":[{\"type\":\"dense\",\"input_size\":4,"
                        + "\"output_size\":5},{\"type\":\"relu\",\"size\":5},{\"type\":\"dense\",\"input_size\":5,"
                        + "\"output_size\":3},{\"type\":\"softmax\",\"size\":3}],\"loss\":\"softmax_cross_entropy\"}"),
                json.readTree(file.metadata().get("architecture")));
        assertEquals(json.readTree("[\"setosa\",\"versicolor\",\"virginica\"]"),
                json.readTree(file.metadata().get("class_names")));
        assertEquals("12", file.metadata().get("epochs"));
    }

    @Test
    void saveRejectsReservedInfoAndNonFiniteWeights() {
        Network network = network();
        SavedModel reserved = new SavedModel(network, Normalization.identity(4), List.of(),
                Map.of("architecture", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("r.safetensors"), reserved));
        assertTrue(e.getMessage().contains("info key 'architecture' is reserved"), e.getMessage());
        network.namedParameters().get("2.bias").value()[1] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("n.safetensors"), SavedModel.of(network)));
        assertTrue(e.getMessage().contains("layers.2.bias holds NaN at index 1"), e.getMessage());
        assertTrue(dir.resolve("n.safetensors").toFile().exists() == false);
    }

    @Test
    void savedModelChecksNormalizationAndClassNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(network(), Normalization.identity(5), List.of(), Map.of()));
        assertTrue(e.getMessage().contains("normalization has 5 features but the network takes 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(network(), Normalization.identity(4), List.of("a", "b"), Map.of()));
        assertTrue(e.getMessage().contains("2 class names for a network with 3 outputs"), e.getMessage());
    }

    /** Saves a valid model, lets {@code edit} change its tensors and metadata, and expects loading to fail. */
    private void assertLoadRejects(Consumer<Map<String, Tensor>> editTensors, Consumer<Map<String, String>> editMeta,
                                   String expected) throws IOException {
        SafeTensorsFile valid = SafeTensorsFile.read(saved(model()));
        Map<String, Tensor> tensors = new LinkedHashMap<>(valid.tensors());
        Map<String, String> metadata = new LinkedHashMap<>(valid.metadata());
        editTensors.accept(tensors);
        editMeta.accept(metadata);
        Path bad = dir.resolve("bad.safetensors");
        SafeTensorsFile.write(bad, tensors, metadata);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(bad, 4));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    private static Consumer<Map<String, String>> set(String key, String value) {
        return m -> m.put(key, value);
    }

    private static final String DENSE_4_5 = "{\"type\":\"dense\",\"input_size\":4,\"output_size\":5}";
    private static final String REST = ",{\"type\":\"relu\",\"size\":5},"
            + "{\"type\":\"dense\",\"input_size\":5,\"output_size\":3},{\"type\":\"softmax\",\"size\":3}]";

    private static String architecture(String layers, String loss) {
        return "{\"input_size\":4,\"layers\":" + layers + ",\"loss\":\"" + loss + "\"}";
    }

    @Test
    void loadRejectsWrongMetadata() throws IOException {
        Consumer<Map<String, Tensor>> keep = t -> { };
        assertLoadRejects(keep, m -> m.remove("simdnn.model_version"), "not a simdnn model file");
        assertLoadRejects(keep, set("simdnn.model_version", "3"), "model layout version 3 is not supported");
        assertLoadRejects(keep, m -> m.remove("architecture"), "metadata 'architecture' is missing");
        assertLoadRejects(keep, set("architecture", "{\"input_size\":4"), "architecture is not valid JSON");
        assertLoadRejects(keep, set("architecture", "[]"), "architecture must be a JSON object");
        assertLoadRejects(keep, set("architecture", architecture("[" + DENSE_4_5 + REST, "hinge")),
                "unknown loss \"hinge\"");
        assertLoadRejects(keep, set("architecture",
                        architecture("[{\"type\":\"conv\",\"size\":4}" + "," + DENSE_4_5 + REST, "softmax_cross_entropy")),
                "architecture layer 0: unknown layer type \"conv\"");
        assertLoadRejects(keep, set("architecture",
                        architecture("[{\"type\":\"dense\",\"input_size\":4,\"output_size\":6}" + REST,
                                "softmax_cross_entropy")),
                "architecture layer 1 relu(5) takes 5 inputs but the layer before outputs 6");
        assertLoadRejects(keep, set("architecture",
                        architecture("[{\"type\":\"dense\",\"input_size\":4,\"output_size\":-5}" + REST,
                                "softmax_cross_entropy")),
                "architecture layer 0 output_size must be an integer >= 1 but is -5");
        assertLoadRejects(keep, set("architecture", architecture("[{\"type\":\"relu\",\"size\":4}]",
                "mean_squared_error")), "the architecture has no dense layer");
        assertLoadRejects(keep, set("architecture", architecture("[" + DENSE_4_5
                        + ",{\"type\":\"relu\",\"size\":5},{\"type\":\"dense\",\"input_size\":5,\"output_size\":3}]",
                "softmax_cross_entropy")),
                "the architecture is not a valid network");
        assertLoadRejects(keep, set("normalization", "{\"kind\":\"none\",\"offset\":[0],\"scale\":[1]}"),
                "the normalization has 1 features but the network takes 4");
        assertLoadRejects(keep, set("normalization", "nope"), "normalization is not valid JSON");
        assertLoadRejects(keep, set("class_names", "[\"a\"]"), "1 class names for a network with 3 outputs");
        assertLoadRejects(keep, set("class_names", "[1,2,3]"), "class_names must be a JSON array of strings");
    }

    @Test
    void aVersion1FileGetsTheInputScaleOfTheLoaderItWasTrainedWith() throws IOException {
        // Version 1 stored the normalization of the loaders' scaled values, with no input_scale.
        SafeTensorsFile current = SafeTensorsFile.read(saved(model()));
        assertEquals("2", current.metadata().get("simdnn.model_version"));
        float[] expected = {1f / 16, 1f / 255, 1f, 1f, 1f};
        String[] data = {"digits", "idx:data/mnist", "csv:iris.csv", null, "something else"};
        for (int i = 0; i < data.length; i++) {
            Map<String, String> metadata = new LinkedHashMap<>(current.metadata());
            metadata.put("simdnn.model_version", "1");
            metadata.put("normalization", "{\"kind\":\"min-max\",\"offset\":[1,2,3,4],\"scale\":[0.5,1,2,4]}");
            if (data[i] == null) {
                metadata.remove("simdnn.data");
            } else {
                metadata.put("simdnn.data", data[i]);
            }
            Path old = dir.resolve("version1-" + i + ".safetensors");
            SafeTensorsFile.write(old, current.tensors(), metadata);
            Normalization n = ModelFile.load(old, 2).normalization();
            assertEquals(expected[i], n.inputScale(), 0f, "data " + data[i]);
            assertArrayEquals(new float[] {1, 2, 3, 4}, n.offset());
            // Saved again, it is a version-2 file with the same meaning.
            Path again = dir.resolve("again-" + i + ".safetensors");
            ModelFile.save(again, ModelFile.load(old, 2));
            assertEquals(expected[i], ModelFile.load(again, 2).normalization().inputScale(), 0f, "data " + data[i]);
        }
        // A version-1 file that already says its input scale keeps it (saved between the two changes).
        Map<String, String> scaled = new LinkedHashMap<>(current.metadata());
        scaled.put("simdnn.model_version", "1");
        scaled.put("simdnn.data", "digits");
        scaled.put("normalization", "{\"kind\":\"none\",\"input_scale\":0.5,\"offset\":[0,0,0,0],\"scale\":[1,1,1,1]}");
        Path withScale = dir.resolve("version1-scaled.safetensors");
        SafeTensorsFile.write(withScale, current.tensors(), scaled);
        assertEquals(0.5f, ModelFile.load(withScale, 2).normalization().inputScale());
        // A version-2 file means what it says, whatever its data.
        Map<String, String> metadata = new LinkedHashMap<>(current.metadata());
        metadata.put("simdnn.data", "digits");
        Path v2 = dir.resolve("version2.safetensors");
        SafeTensorsFile.write(v2, current.tensors(), metadata);
        assertEquals(1f, ModelFile.load(v2, 2).normalization().inputScale());
    }

    @Test
    void loadRejectsTensorsThatDoNotMatchTheArchitecture() throws IOException {
        Consumer<Map<String, String>> keep = m -> { };
        assertLoadRejects(t -> t.remove("layers.2.bias"), keep, "tensor 'layers.2.bias' of dense(5,3) is missing");
        assertLoadRejects(t -> t.put("layers.0.weight", Tensor.of(new float[20], 4, 5)), keep,
                "tensor 'layers.0.weight' has shape [4, 5] but dense(4,5) needs [5, 4]");
        assertLoadRejects(t -> t.put("layers.0.bias", Tensor.of(new float[5], 5, 1)), keep,
                "tensor 'layers.0.bias' has shape [5, 1] but dense(4,5) needs [5]");
        assertLoadRejects(t -> t.put("layers.1.weight", Tensor.of(new float[25], 5, 5)), keep,
                "unexpected tensor 'layers.1.weight'");
        float[] nan = new float[15];
        nan[7] = Float.POSITIVE_INFINITY;
        assertLoadRejects(t -> t.put("layers.2.weight", Tensor.of(nan, 3, 5)), keep,
                "tensor 'layers.2.weight' holds Infinity at index 7");
    }

    @Test
    void loadRejectsAFileThatIsNotAModel() throws IOException {
        Path plain = dir.resolve("plain.safetensors");
        SafeTensorsFile.write(plain, Map.of("w", Tensor.of(new float[]{1}, 1)), Map.of());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(plain, 1));
        assertTrue(e.getMessage().contains("not a simdnn model file"), e.getMessage());
    }
}
