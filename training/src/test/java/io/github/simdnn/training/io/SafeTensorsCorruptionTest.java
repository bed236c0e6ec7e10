package io.github.simdnn.training.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.simdnn.training.io.SafeTensorsInteropTest.assemble;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every kind of broken or hostile file is rejected with {@link ModelFormatException} and a clear message. */
class SafeTensorsCorruptionTest {

    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("bad.safetensors"), bytes);
    }

    private void assertRejected(byte[] bytes, String... parts) throws IOException {
        Path file = file(bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensorsFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    private byte[] validFile() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weight", Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("layers.0.bias", Tensor.of(new float[]{-1, 0.5f}, 2));
        Path good = dir.resolve("good.safetensors");
        SafeTensorsFile.write(good, tensors, Map.of("arch", "{\"sizes\":[3,2]}"));
        return Files.readAllBytes(good);
    }

    @Test
    void everyTruncationOfAValidFileIsRejected() throws IOException {
        byte[] full = validFile();
        SafeTensorsFile.read(file(full));
        for (int length = 0; length < full.length; length++) {
            Path file = file(Arrays.copyOf(full, length));
            try {
                SafeTensorsFile.read(file);
                fail("a file truncated to " + length + " of " + full.length + " bytes was accepted");
            } catch (ModelFormatException expected) {
                assertTrue(expected.getMessage().startsWith(file + ": "), expected.getMessage());
            }
        }
    }

    @Test
    void everySingleByteCorruptionIsRejectedOrReadCleanly() throws IOException {
        byte[] full = validFile();
        byte[] replacements = {0, (byte) 0xff, '[', '"', '9', '-', '}', (byte) 0xc3};
        for (int i = 0; i < full.length; i++) {
            for (byte b : replacements) {
                byte[] bytes = full.clone();
                bytes[i] = b;
                Path file = file(bytes);
                try {
                    SafeTensorsFile.read(file);
                } catch (ModelFormatException expected) {
                    // Rejected with the simdnn exception: fine.
                } catch (Throwable other) {
                    throw new AssertionError("byte " + i + " set to " + b + " gave " + other, other);
                }
            }
        }
    }

    private static byte[] withLength(long headerLength, int totalLength) {
        return ByteBuffer.allocate(totalLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, headerLength).array();
    }

    @Test
    void rejectsAbsurdHeaderLengthsBeforeAllocating() throws IOException {
        assertRejected(new byte[5], "5 bytes is too short");
        assertRejected(withLength(-1, 64), "header length 18446744073709551615 exceeds the maximum of 100000000");
        assertRejected(withLength(1L << 40, 64), "header length 1099511627776 exceeds the maximum");
        assertRejected(withLength(SafeTensorsFile.MAX_HEADER_BYTES + 1, 64), "exceeds the maximum");
        assertRejected(withLength(57, 64), "header length 57 exceeds the 56 bytes after the length prefix");
        assertRejected(withLength(0, 8), "header must be a JSON object");
    }

    static Stream<Arguments> badHeaders() {
        String t = "\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        return Stream.of(
                Arguments.of("{\"t\":", "header is not valid JSON"),
                Arguments.of("[]", "header must be a JSON object"),
                Arguments.of("{" + t + "} x", "header is not valid JSON"),
                Arguments.of("{" + t + "," + t + "}", "header is not valid JSON: Duplicate field 't'"),
                Arguments.of("[".repeat(5000) + "]".repeat(5000), "header is not valid JSON"),
                Arguments.of("{'t':1}", "header is not valid JSON"),
                Arguments.of("{\"t\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}",
                        "tensor 't' has dtype F16; only F32 (float32) is supported"),
                Arguments.of("{\"t\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype I32"),
                Arguments.of("{\"t\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", "needs a string dtype"),
                Arguments.of("{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "needs a string dtype"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        "shape [3] = 3 float32 values = 12 bytes, but data_offsets [0,8] span 8"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
                        "shape[0] is -2, outside 0..2147483647"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}",
                        "shape[0] must be a non-negative integer but is 2.0"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}",
                        "shape[0] must be a non-negative integer"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}",
                        "shape[0] is 4294967296, outside"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,8]}}",
                        "with more than 2147483639 elements"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
                        "data_offsets[0] is -8, outside"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}",
                        "data_offsets[1] is 99999999999999999999, outside"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}",
                        "data_offsets [8,0] end before they begin"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                        "data_offsets [0,16] reach past the data section of 8 bytes"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}",
                        "data_offsets must be [begin, end] but is [0]"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", "needs an array shape"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}",
                        "unknown field 'x'"),
                Arguments.of("{\"t\":5}", "tensor 't' must be a JSON object but is NUMBER"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"u\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",
                        "tensor 'u' starts at byte 2 of the data section, but the tensors before it end at 4 (overlap)"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"u\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        "tensor 'u' starts at byte 4 of the data section, but the tensors before it end at 8 (overlap)"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        "tensor 't' starts at byte 4 of the data section, but the tensors before it end at 0 (gap)"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        "the data section has 8 bytes but the tensors cover 4"),
                Arguments.of("{\"__metadata__\":{\"k\":1}," + t + "}", "metadata 'k' must be a string but is NUMBER"),
                Arguments.of("{\"__metadata__\":{\"k\":null}," + t + "}", "metadata 'k' must be a string but is NULL"),
                Arguments.of("{\"__metadata__\":[\"k\"]," + t + "}", "__metadata__ must be a JSON object of strings"),
                Arguments.of("{\"__metadata__\":{\"k\":{\"x\":\"y\"}}," + t + "}", "must be a string but is OBJECT"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void rejectsInvalidHeaders(String header, String expected) throws IOException {
        // Every case has an 8-byte data section (two floats).
        assertRejected(assemble(header, 1f, 2f), expected);
    }

    @Test
    void rejectsHeaderThatIsNotUtf8() throws IOException {
        byte[] bytes = assemble("{\"tX\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        bytes[8 + 3] = (byte) 0xff;
        assertRejected(bytes, "header is not valid UTF-8");
    }

    @Test
    void rejectsDirectoriesAndReportsMissingFiles() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensorsFile.read(dir));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> SafeTensorsFile.read(dir.resolve("missing")));
    }
}
