package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs on which fuzzing found a reader breaking its contract, kept as plain regression tests. */
class FuzzFindingsTest {

    @TempDir
    Path dir;

    private Path labels() throws IOException {
        return Files.write(dir.resolve("labels.idx"), TestFiles.idx(8, new int[] {1}, new byte[] {0}));
    }

    /**
     * A file starting with the gzip magic whose header is broken (compression method 9, not deflate) made
     * {@code new GZIPInputStream} throw a bare {@code ZipException} before IdxReader's conversion to
     * {@link DataFormatException} was in place (seed {@code IdxReaderFuzzTestInputs/readIdx/bad-gzip-header}).
     */
    @Test
    void corruptGzipHeaderIsAFormatError() throws IOException {
        Path images = Files.write(dir.resolve("images.idx"), new byte[] {0x1f, (byte) 0x8b, 9, 0, 'g', 'a', 'r'});
        Path labels = labels();
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": corrupt gzip data"), e.getMessage());
    }

    /** Only the two magic bytes: the gzip header ends at once ({@code EOFException} inside the constructor). */
    @Test
    void gzipMagicAloneIsATruncatedFile() throws IOException {
        Path images = Files.write(dir.resolve("images.idx"), new byte[] {0x1f, (byte) 0x8b});
        Path labels = labels();
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": truncated"), e.getMessage());
    }

    /** The labels file goes through the same code: a corrupt gzip header there is reported naming that file. */
    @Test
    void corruptGzipHeaderOfTheLabelsFileNamesIt() throws IOException {
        Path images = Files.write(dir.resolve("images.idx"), TestFiles.idx(8, new int[] {1, 1, 1}, new byte[] {7}));
        Path labels = Files.write(dir.resolve("labels.idx"), new byte[] {0x1f, (byte) 0x8b, 8, (byte) 0xe0, 0});
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(labels + ": "), e.getMessage());
    }
}
