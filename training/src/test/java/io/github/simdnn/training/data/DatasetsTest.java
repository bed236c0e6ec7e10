package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {

    /** The copy kept in the repository; the build bundles it into the jar. */
    static final Path REPO_DIGITS = Path.of("../data/digits.csv.gz");

    @TempDir
    Path dir;

    @Test
    void bundledDigitsHaveTheDocumentedShape() throws IOException {
        Dataset d = Datasets.digits();
        assertEquals(1797, d.size());
        assertEquals(64, d.featureCount());
        assertEquals(10, d.classCount());
        int total = 0;
        for (int count : d.classCounts()) {
            assertTrue(count >= 170 && count <= 190, "each digit has about 180 samples, not " + count);
            total += count;
        }
        assertEquals(1797, total);
    }

    @Test
    void pixelsAreScaledBySixteenAndMatchTheRawFile() throws IOException {
        Dataset d = Datasets.digits(REPO_DIGITS);
        String[] last = null;
        int rows = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(REPO_DIGITS)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] cells = line.split(",");
                assertEquals(65, cells.length);
                if (rows % 97 == 0) {
                    for (int f = 0; f < 64; f++) {
                        assertEquals(Integer.parseInt(cells[f]) / 16f, d.feature(rows, f));
                    }
                    assertEquals(Integer.parseInt(cells[64]), d.label(rows));
                }
                last = cells;
                rows++;
            }
        }
        assertEquals(d.size(), rows);
        assertEquals(Integer.parseInt(last[64]), d.label(rows - 1));
        for (int i = 0; i < d.size(); i++) {
            for (int f = 0; f < 64; f++) {
                float v = d.feature(i, f);
                assertTrue(v >= 0 && v <= 1, "pixel " + v);
            }
        }
    }

    @Test
    void bundledCopyEqualsRepositoryFile() throws IOException {
        Dataset bundled = Datasets.digits();
        Dataset repo = Datasets.digits(REPO_DIGITS);
        assertEquals(repo.size(), bundled.size());
        for (int i = 0; i < repo.size(); i += 13) {
            assertEquals(repo.label(i), bundled.label(i));
            assertEquals(repo.feature(i, 37), bundled.feature(i, 37));
        }
    }

    @Test
    void rejectsFilesNotInDigitsFormat() throws IOException {
        Path narrow = TestFiles.text(dir, "n.csv", "1,2,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.digits(narrow));
        assertTrue(e.getMessage().contains("has 2 feature columns but the digits format has 64"), e.getMessage());
        String row = "0,".repeat(10) + "17," + "0,".repeat(53) + "3\n";
        Path bright = TestFiles.text(dir, "b.csv", "0,".repeat(64) + "1\n" + row);
        e = assertThrows(DataFormatException.class, () -> Datasets.digits(bright));
        assertTrue(e.getMessage().contains("row 2, column 11: pixel 17.0 is outside 0..16"), e.getMessage());
        Path label = TestFiles.text(dir, "l.csv", "0,".repeat(64) + "10\n");
        e = assertThrows(DataFormatException.class, () -> Datasets.digits(label));
        assertTrue(e.getMessage().contains("row 1, column 65: label 10 is out of range (expected 0..9"),
                e.getMessage());
    }
}
