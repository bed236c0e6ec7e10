package io.github.simdnn.training.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsAtomicWriteTest {

    @TempDir
    Path dir;

    /** A large tensor whose values fail to arrive after the first chunks, as if its source broke mid-write. */
    private static final class FailingTensor implements Tensor {
        int calls;

        @Override
        public int[] shape() {
            return new int[]{100_000};
        }

        @Override
        public int size() {
            return 100_000;
        }

        @Override
        public void copyTo(int from, float[] dst, int dstOff, int count) {
            if (++calls > 2) {
                throw new IllegalStateException("source failed at element " + from);
            }
            java.util.Arrays.fill(dst, dstOff, dstOff + count, 7f);
        }
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void failureMidWriteKeepsPreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensorsFile.write(file, Map.of("w", Tensor.of(new float[]{1, 2, 3}, 3)), Map.of("v", "1"));
        byte[] before = Files.readAllBytes(file);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("ok", Tensor.of(new float[]{4, 5}, 2));
        FailingTensor failing = new FailingTensor();
        tensors.put("broken", failing);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SafeTensorsFile.write(file, tensors, Map.of("v", "2")));
        assertTrue(e.getMessage().contains("source failed"), e.getMessage());
        assertEquals(3, failing.calls, "the failure happened part-way through the data");

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing(), "no temporary file left behind");
        assertEquals("1", SafeTensorsFile.read(file).metadata().get("v"));
    }

    @Test
    void failureWithoutPreviousFileCreatesNothing() throws IOException {
        Path file = dir.resolve("new.safetensors");
        assertThrows(IllegalStateException.class,
                () -> SafeTensorsFile.write(file, Map.of("broken", new FailingTensor()), Map.of()));
        assertEquals(List.of(), listing());
    }

    @Test
    void failureToRenameLeavesNoTemporaryFile() throws IOException {
        // The target is a non-empty directory, so the final rename fails after the data was written.
        Path target = Files.createDirectory(dir.resolve("occupied"));
        Path inside = Files.writeString(target.resolve("keep.txt"), "x");
        assertThrows(IOException.class,
                () -> SafeTensorsFile.write(target, Map.of("w", Tensor.of(new float[]{1}, 1)), Map.of()));
        assertEquals(List.of(target), listing());
        assertEquals("x", Files.readString(inside));
    }

    @Test
    void missingDirectoryFailsCleanly() {
        Path file = dir.resolve("no/such/dir/m.safetensors");
        assertThrows(IOException.class,
                () -> SafeTensorsFile.write(file, Map.of("w", Tensor.of(new float[]{1}, 1)), Map.of()));
    }
}
