package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static io.github.simdnn.training.data.TestFiles.gzip;
import static io.github.simdnn.training.data.TestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheThreeForms() {
        assertEquals(new DataSpec.Digits(), DataSpec.parse("digits"));
        assertEquals(new DataSpec.Idx(Path.of("data/mnist")), DataSpec.parse("idx:data/mnist"));
        assertEquals(new DataSpec.Csv(Path.of("/tmp/x.csv")), DataSpec.parse("csv:/tmp/x.csv"));
        assertEquals("idx:data/mnist", DataSpec.parse("idx:data/mnist").toString());
    }

    @Test
    void rejectsUnknownForms() {
        for (String bad : new String[]{"", "mnist", "idx:", "csv:", "Digits", "json:x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse(bad));
            assertTrue(e.getMessage().contains("expected digits, idx:DIR or csv:FILE"), e.getMessage());
        }
    }

    @Test
    void digitsHasNoTestSetOfItsOwn() throws IOException {
        LoadedData data = DataSpec.parse("digits").load();
        assertEquals(1797, data.train().size());
        assertFalse(data.test().isPresent());
        assertEquals(1f / 16, DataSpec.parse("digits").inputScale(), "pixels 0..16 were loaded as pixel / 16");
    }

    @Test
    void idxLoadsTrainAndT10kFilesPlainOrGzipped() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(8, new int[]{3, 2, 2}, new byte[12])));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(8, new int[]{3}, new byte[]{1, 2, 3}));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(8, new int[]{2, 2, 2}, new byte[8]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx(8, new int[]{2}, new byte[]{9, 0})));
        LoadedData data = DataSpec.parse("idx:" + dir).load();
        assertEquals(3, data.train().size());
        assertEquals(3, data.train().label(2));
        assertEquals(2, data.test().orElseThrow().size());
        assertEquals(9, data.test().orElseThrow().label(0));
        assertEquals(IdxReader.PIXEL_STEP, DataSpec.parse("idx:" + dir).inputScale(), "pixels were loaded as pixel / 255");
    }

    @Test
    void filesAreTheExistingFilesALoadReads() throws IOException {
        assertEquals(List.of(), DataSpec.parse("digits").files(), "bundled: no files");
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[1]);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[1]);
        Files.write(dir.resolve("notes.txt"), new byte[1]);
        assertEquals(List.of(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte")),
                DataSpec.parse("idx:" + dir).files());
        Path csv = dir.resolve("x.csv");
        assertEquals(List.of(), DataSpec.parse("csv:" + csv).files(), "not there yet");
        Files.writeString(csv, "1,0\n");
        assertEquals(List.of(csv), DataSpec.parse("csv:" + csv).withLabelColumn(1).files());
    }

    @Test
    void idxNamesTheMissingFile() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(8, new int[]{1, 1, 1}, new byte[1]));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DataSpec.parse("idx:" + dir).load());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("fetch-mnist.sh"), e.getMessage());
    }

    @Test
    void csvLoadsTheFile() throws IOException {
        Path file = TestFiles.text(dir, "d.csv", "a,b,y\n1,2,1\n3,4,0\n5,6,1\n");
        LoadedData data = DataSpec.parse("csv:" + file).load();
        assertEquals(3, data.train().size());
        assertEquals(6f, data.train().feature(2, 1));
        assertFalse(data.test().isPresent());
        assertEquals(1f, DataSpec.parse("csv:" + file).inputScale(), "CSV values are loaded as they are");
    }
}
