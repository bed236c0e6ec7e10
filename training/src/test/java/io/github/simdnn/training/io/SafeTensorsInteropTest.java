package io.github.simdnn.training.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format as the specification and the reference implementation define it: bytes assembled by hand here, and
 * a file written by Hugging Face's safetensors library ({@code src/test/resources/safetensors/make-reference.py}).
 */
class SafeTensorsInteropTest {

    static final Path REFERENCE = Path.of("src/test/resources/safetensors/reference.safetensors");

    @TempDir
    Path dir;

    /** Little-endian 64-bit length, the header, then the data, exactly as the specification lays them out. */
    static byte[] assemble(String header, float... data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = json.length;
        for (int i = 0; i < 8; i++) {
            out.write((int) (n >>> (8 * i)));
        }
        out.writeBytes(json);
        for (float f : data) {
            int bits = Float.floatToRawIntBits(f);
            out.write(bits);
            out.write(bits >>> 8);
            out.write(bits >>> 16);
            out.write(bits >>> 24);
        }
        return out.toByteArray();
    }

    @Test
    void readsHandAssembledFileInAnyKeyOrderAndLayout() throws IOException {
        String header = "{ \"a\" : {\"data_offsets\": [8, 24], \"shape\": [2, 2], \"dtype\": \"F32\"},\n"
                + "  \"__metadata__\": {\"who\": \"hand\"},\n"
                + "  \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]} }";
        Path file = Files.write(dir.resolve("hand.safetensors"),
                assemble(header, 1.5f, -2f, 0.25f, -0f, Float.MIN_VALUE, 3e38f));
        SafeTensorsFile f = SafeTensorsFile.read(file);
        assertEquals(Map.of("who", "hand"), f.metadata());
        assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()), "ordered by data offset");
        assertArrayEquals(new int[]{2}, f.tensor("b").shape());
        assertArrayEquals(new float[]{1.5f, -2f}, f.tensor("b").toArray());
        assertArrayEquals(new int[]{2, 2}, f.tensor("a").shape());
        float[] a = f.tensor("a").toArray();
        assertEquals(0.25f, a[0]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(a[1]));
        assertEquals(Float.MIN_VALUE, a[2]);
        assertEquals(3e38f, a[3]);
    }

    @Test
    void writerFollowsTheSpecifiedLayout() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("x", Tensor.of(new float[]{1f, -0f}, 2));
        tensors.put("y", Tensor.of(new float[]{Float.MIN_VALUE}, 1, 1));
        Path file = dir.resolve("w.safetensors");
        SafeTensorsFile.write(file, tensors, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);

        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (bytes[i] & 0xff);
        }
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 12, bytes.length, "prefix + header + 3 floats");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = header.stripTrailing();
        assertTrue(header.length() - json.length() < 8, "only the padding is trailing space");
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
        JsonNode expected = new ObjectMapper().readTree("{\"__metadata__\":{\"k\":\"v\"},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}");
        assertEquals(expected, new ObjectMapper().readTree(json));
        byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
        byte[] expectedData = Arrays.copyOfRange(assemble("", 1f, -0f, Float.MIN_VALUE), 8, 8 + 12);
        assertArrayEquals(expectedData, data);
    }

    @Test
    void readsFileWrittenByReferenceImplementation() throws IOException {
        SafeTensorsFile f = SafeTensorsFile.read(REFERENCE);
        assertEquals(Map.of("format", "np", "note", "caf\u00e9"), f.metadata());
        assertArrayEquals(new int[]{2, 3}, f.tensor("weight").shape());
        float[] w = f.tensor("weight").toArray();
        float[] expected = {1.5f, -0f, Float.MIN_VALUE, 3f, -1e30f, 0.1f};
        for (int i = 0; i < w.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(w[i]), "weight[" + i + "]");
        }
        assertArrayEquals(new float[]{0.25f, -4f, 7f}, f.tensor("bias").toArray());
        assertArrayEquals(new int[0], f.tensor("scalar").shape());
        assertArrayEquals(new float[]{42f}, f.tensor("scalar").toArray());
    }

    @Test
    void writesTheSameBytesAsReferenceImplementation() throws IOException {
        // The reference orders tensors by name (all have the same dtype); pass them in that order.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("bias", Tensor.of(new float[]{0.25f, -4f, 7f}, 3));
        tensors.put("scalar", Tensor.of(new float[]{42f}));
        tensors.put("weight", Tensor.of(new float[]{1.5f, -0f, Float.MIN_VALUE, 3f, -1e30f, 0.1f}, 2, 3));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "np");
        metadata.put("note", "caf\u00e9");
        Path file = dir.resolve("same.safetensors");
        SafeTensorsFile.write(file, tensors, metadata);
        assertArrayEquals(Files.readAllBytes(REFERENCE), Files.readAllBytes(file));
    }
}
