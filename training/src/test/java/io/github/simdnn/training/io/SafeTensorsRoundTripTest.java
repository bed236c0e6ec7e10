package io.github.simdnn.training.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(actual[i]), what + "[" + i + "] should be NaN");
            } else {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    @Test
    void roundTripKeepsNamesShapesMetadataAndExactBits() throws IOException {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 7, Float.MIN_NORMAL,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f / 3};
        Random r = new Random(5);
        float[] big = new float[3 * 16_411];   // several write/read chunks, not a multiple of either
        for (int i = 0; i < big.length; i++) {
            big[i] = Float.intBitsToFloat(r.nextInt());
        }
        float[] backing = {9, 9, 1, 2, 3, 4, 5, 6, 9};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weight", Tensor.of(special, 3, 4));
        tensors.put("layers.0.bias", Tensor.of(new float[]{0.5f, -1.25f, 2f}, 3));
        tensors.put("big", Tensor.of(big, 3, 16_411));
        tensors.put("scalar", Tensor.of(new float[]{42f}));
        tensors.put("empty", Tensor.of(new float[0], 0, 5));
        tensors.put("view", Tensor.view(backing, 2, 2, 3));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("architecture", "{\"layers\":[64,32,10]}");
        metadata.put("unicode \u00e9\u4e2d", "\u00fc\u00df \ud83d\ude00 \"quoted\" \\ back");
        Path file = dir.resolve("model.safetensors");

        SafeTensorsFile.write(file, tensors, metadata);
        SafeTensorsFile back = SafeTensorsFile.read(file);

        assertEquals(metadata, back.metadata());
        assertEquals(tensors.keySet(), back.tensors().keySet());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()), "data order kept");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = back.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            assertSameBits(e.getValue().toArray(), t.toArray(), e.getKey());
        }
        assertSameBits(new float[]{1, 2, 3, 4, 5, 6}, back.tensor("view").toArray(), "view");
        assertArrayEquals(new int[0], back.tensor("scalar").shape());
        assertEquals(0, back.tensor("empty").size());
        assertThrows(NoSuchElementException.class, () -> back.tensor("missing"));
    }

    @Test
    void emptyFileHasNoTensorsAndNoMetadata() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        SafeTensorsFile.write(file, Map.of(), Map.of());
        SafeTensorsFile back = SafeTensorsFile.read(file);
        assertTrue(back.tensors().isEmpty());
        assertTrue(back.metadata().isEmpty());
        assertEquals(8 + 8, Files.size(file), "length prefix + \"{}\" padded to 8 bytes");
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensorsFile.write(file, Map.of("a", Tensor.of(new float[]{1}, 1)), Map.of());
        SafeTensorsFile.write(file, Map.of("b", Tensor.of(new float[]{2, 3}, 2)), Map.of("k", "v"));
        SafeTensorsFile back = SafeTensorsFile.read(file);
        assertEquals(List.of("b"), List.copyOf(back.tensors().keySet()));
        assertEquals("v", back.metadata().get("k"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writeRejectsReservedNameAndInconsistentTensor() {
        Path file = dir.resolve("x.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensorsFile.write(
                file, Map.of("__metadata__", Tensor.of(new float[]{1}, 1)), Map.of()));
        assertTrue(e.getMessage().contains("cannot be called __metadata__"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("shape [2, 3] has 6 elements but data has 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.view(new float[5], 1, 5));
        assertTrue(e.getMessage().contains("needs 5 elements from offset 1 but data has 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], 0, -1));
        assertTrue(e.getMessage().contains("negative size"), e.getMessage());
        assertTrue(Files.notExists(file));
    }
}
