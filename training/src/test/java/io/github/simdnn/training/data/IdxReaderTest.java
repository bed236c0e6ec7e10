package io.github.simdnn.training.data;

import io.github.simdnn.testsupport.AllocatedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.github.simdnn.training.data.TestFiles.gzip;
import static io.github.simdnn.training.data.TestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    private static final int ROWS = 2;
    private static final int COLS = 3;

    @TempDir
    Path dir;

    /** {@code count} images of 2x3 pixels: byte {@code k} is {@code 7k mod 256}, except bytes 0 and 1 (0 and 255). */
    private static byte[] pixels(int count) {
        byte[] p = new byte[count * ROWS * COLS];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (7 * i);
        }
        p[0] = 0;
        p[1] = (byte) 255;
        return p;
    }

    private static byte[] labels(int count) {
        byte[] l = new byte[count];
        for (int i = 0; i < count; i++) {
            l[i] = (byte) (i % 10);
        }
        return l;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path images(int count) throws IOException {
        return write("images", idx(0x08, new int[]{count, ROWS, COLS}, pixels(count)));
    }

    private Path labelsFile(int count) throws IOException {
        return write("labels", idx(0x08, new int[]{count}, labels(count)));
    }

    @Test
    void readsImagesScaledToUnitIntervalAndLabels() throws IOException {
        int count = 13;
        Dataset d = IdxReader.read(images(count), labelsFile(count));
        assertEquals(count, d.size());
        assertEquals(ROWS * COLS, d.featureCount());
        assertEquals(10, d.classCount());
        byte[] raw = pixels(count);
        for (int i = 0; i < count; i++) {
            assertEquals(i % 10, d.label(i));
            for (int f = 0; f < ROWS * COLS; f++) {
                assertEquals((raw[i * ROWS * COLS + f] & 0xff) * (1f / 255), d.feature(i, f));
            }
        }
        assertEquals(0f, d.feature(0, 0));
        assertEquals(1f, d.feature(0, 1));
        assertTrue(d.isUnsignedBytes(), "pixels stay 8-bit in memory");
    }

    @Test
    void readsGzipFilesDetectedByMagicBytes() throws IOException {
        int count = 40;
        Path img = write("i.gz", gzip(idx(0x08, new int[]{count, ROWS, COLS}, pixels(count))));
        Path lbl = write("l", gzip(idx(0x08, new int[]{count}, labels(count))));
        Dataset gz = IdxReader.read(img, lbl);
        Dataset plain = IdxReader.read(images(count), labelsFile(count));
        for (int i = 0; i < count; i++) {
            assertEquals(plain.label(i), gz.label(i));
            for (int f = 0; f < ROWS * COLS; f++) {
                assertEquals(plain.feature(i, f), gz.feature(i, f));
            }
        }
    }

    private void assertRejected(Path images, Path labels, String... parts) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        byte[] bytes = idx(0x08, new int[]{1, ROWS, COLS}, pixels(1));
        bytes[1] = 0x20;
        Path bad = write("bad", bytes);
        assertRejected(bad, labelsFile(1), bad + ": not an IDX file: magic number 0x00200803");
    }

    @Test
    void rejectsUnsupportedAndUnknownTypes() throws IOException {
        Path floats = write("f", idx(0x0D, new int[]{1, ROWS, COLS}, new byte[4 * ROWS * COLS]));
        assertRejected(floats, labelsFile(1), floats + ": IDX type 0x0d (float) is not supported");
        Path unknown = write("u", idx(0x42, new int[]{1, ROWS, COLS}, pixels(1)));
        assertRejected(unknown, labelsFile(1), "IDX type 0x42 (unknown type) is not supported");
    }

    @Test
    void rejectsWrongDimensionCounts() throws IOException {
        Path lbl = labelsFile(3);
        assertRejected(lbl, lbl, lbl + ": has 1 dimensions but images [count, rows, columns] needs 3");
        Path img = images(3);
        assertRejected(img, img, img + ": has 3 dimensions but labels [count] needs 1");
    }

    @Test
    void rejectsTruncatedHeaderAndData() throws IOException {
        byte[] full = idx(0x08, new int[]{4, ROWS, COLS}, pixels(4));
        Path shortMagic = write("m", Arrays.copyOf(full, 3));
        assertRejected(shortMagic, labelsFile(4), "truncated: 3 bytes, but an IDX header needs at least 4");
        Path shortHeader = write("h", Arrays.copyOf(full, 10));
        assertRejected(shortHeader, labelsFile(4), "truncated in the header: 3 dimension sizes need 12 bytes but only 6");
        Path shortData = write("d", Arrays.copyOf(full, full.length - 1));
        assertRejected(shortData, labelsFile(4), "truncated: header declares sizes [4, 2, 3] = 40 bytes but the file has 39");
        Path shortGzip = write("g", gzip(Arrays.copyOf(full, full.length - 5)));
        assertRejected(shortGzip, labelsFile(4), "truncated: data ends after 19 of 24 values");
        byte[] gz = gzip(full);
        Path cutGzip = write("c", Arrays.copyOf(gz, gz.length - 10));
        assertRejected(cutGzip, labelsFile(4), cutGzip + ": truncated");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] full = idx(0x08, new int[]{2, ROWS, COLS}, pixels(2));
        Path plain = write("p", Arrays.copyOf(full, full.length + 2));
        assertRejected(plain, labelsFile(2), "has 2 unexpected bytes after the data declared by sizes [2, 2, 3]");
        Path gz = write("g", gzip(Arrays.copyOf(full, full.length + 2)));
        assertRejected(gz, labelsFile(2), "unexpected bytes after the 12 values declared by sizes [2, 2, 3]");
    }

    @Test
    void rejectsAbsurdSizesBeforeAllocating() throws IOException {
        // Each header alone would ask for gigabytes; a tiny heap-friendly rejection proves nothing was allocated.
        Path huge = write("huge", idx(0x08, new int[]{2_000_000, 1000, 1000}, pixels(1)));
        assertRejected(huge, labelsFile(1), "more than the maximum of " + IdxReader.MAX_VALUES + " values");
        Path overflow = write("o", idx(0x08, new int[]{-1, -1, -1}, pixels(1)));
        assertRejected(overflow, labelsFile(1), "sizes [4294967295, 4294967295, 4294967295], more than the maximum");
        Path big = write("big", idx(0x08, new int[]{60_000, 28, 28}, pixels(1)));
        assertRejected(big, labelsFile(1), "truncated: header declares sizes [60000, 28, 28] = 47040016 bytes "
                + "but the file has 22");
        Path bigGzip = write("bg", gzip(idx(0x08, new int[]{60_000, 28, 28}, pixels(1))));
        assertRejected(bigGzip, labelsFile(1), "= 47040016 bytes, more than a gzip file of");
    }

    @Test
    void aSmallGzipFileDeclaringMuchMoreAllocatesOnlyWhatArrives() throws IOException {
        // 200 KB of incompressible data in gzip may honestly expand to 100 MB, so the header passes; the data then
        // ends early. A reader that allocated the declared sizes up front would take 100 MB (and 400 MB for int
        // labels); growing with the data, it takes a few MiB.
        int declared = 100_000_000;
        byte[] noise = new byte[200_000];
        new java.util.Random(5).nextBytes(noise);
        Path img = write("img.gz", gzip(idx(0x08, new int[]{declared, 1, 1}, noise)));
        Path lbl = write("lbl.gz", gzip(idx(0x08, new int[]{declared}, noise)));
        long before = AllocatedBytes.ofCurrentThread();
        assertRejected(img, lbl, "truncated: data ends after 200000 of 100000000 values");
        long allocated = AllocatedBytes.ofCurrentThread() - before;
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for 400 KB of gzip files");
    }

    @Test
    void rejectsCountMismatch() throws IOException {
        Path img = images(5);
        Path lbl = labelsFile(4);
        assertRejected(img, lbl, img + " has 5 images but " + lbl + " has 4 labels");
    }

    @Test
    void rejectsEmptyImages() throws IOException {
        Path none = write("n", idx(0x08, new int[]{0, ROWS, COLS}, new byte[0]));
        Path noLabels = write("nl", idx(0x08, new int[]{0}, new byte[0]));
        assertRejected(none, noLabels, "header declares 0 images");
        Path flat = write("z", idx(0x08, new int[]{2, 0, COLS}, new byte[0]));
        assertRejected(flat, labelsFile(2), "empty images of 0x3 pixels");
    }

    @Test
    void rejectsLabelsOutOfClassRange() throws IOException {
        byte[] l = labels(6);
        l[4] = 10;
        Path lbl = write("l", idx(0x08, new int[]{6}, l));
        assertRejected(images(6), lbl, lbl + ": label 10 of item 4 (0-based) is out of range 0..9");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(images(6), labelsFile(6), 5));
        assertTrue(e.getMessage().contains("label 5 of item 5 (0-based) is out of range 0..4"), e.getMessage());
    }
}
