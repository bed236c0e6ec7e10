package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainNumericFileWithLabelLast() throws IOException {
        Path file = TestFiles.text(dir, "a.csv", "1.5,-2,0\n3e2, 4.25 ,2\n0.5,.5,1\n");
        Dataset d = CsvReader.read(file);
        assertEquals(3, d.size());
        assertEquals(2, d.featureCount());
        assertEquals(3, d.classCount(), "inferred as largest label + 1");
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertEquals(1.5f, d.feature(0, 0));
        assertEquals(-2f, d.feature(0, 1));
        assertEquals(300f, d.feature(1, 0));
        assertEquals(4.25f, d.feature(1, 1));
        assertEquals(0.5f, d.feature(2, 1));
        assertEquals(0, d.label(0));
        assertEquals(2, d.label(1));
        assertEquals(1, d.label(2));
    }

    @Test
    void skipsHeaderRowWithNonNumericCells() throws IOException {
        Path file = TestFiles.text(dir, "h.csv", "x,y,class\n1,2,0\n3,4,1\n");
        Dataset d = CsvReader.read(file);
        assertEquals(2, d.size());
        assertEquals(1f, d.feature(0, 0));
        assertEquals(4f, d.feature(1, 1));
    }

    @Test
    void honoursLabelColumnAndFixedClassCount() throws IOException {
        Path file = TestFiles.text(dir, "l.csv", "2,10,20\n0,30,40\n");
        Dataset d = CsvReader.read(file, CsvOptions.DEFAULT.withLabelColumn(0).withClassCount(5));
        assertEquals(5, d.classCount());
        assertEquals(2, d.featureCount());
        assertEquals(2, d.label(0));
        assertEquals(10f, d.feature(0, 0));
        assertEquals(40f, d.feature(1, 1));
    }

    @Test
    void acceptsCrLfByteOrderMarkIntegralFloatLabelsAndTrailingBlankLines() throws IOException {
        Path file = TestFiles.text(dir, "w.csv", "\uFEFF1,2,1.0\r\n3,4,0\r\n\r\n  \n");
        Dataset d = CsvReader.read(file);
        assertEquals(2, d.size());
        assertEquals(1, d.label(0));
        assertEquals(1f, d.feature(0, 0));
    }

    @Test
    void readsGzipDetectedByMagicBytesNotName() throws IOException {
        byte[] gz = TestFiles.gzip("1,2,1\n3,4,0\n".getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("no-extension"), gz);
        Dataset d = CsvReader.read(file);
        assertEquals(2, d.size());
        assertEquals(3f, d.feature(1, 0));
    }

    @Test
    void recognisesScikitLearnIrisHeader() throws IOException {
        Path iris = Path.of("src/test/resources/iris.csv");
        Dataset d = CsvReader.read(iris);
        assertEquals(150, d.size());
        assertEquals(4, d.featureCount());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals("[50, 50, 50]", Arrays.toString(d.classCounts()));
        // Compare the first data row with the file's own text.
        String[] row = Files.readAllLines(iris).get(1).split(",");
        for (int f = 0; f < 4; f++) {
            assertEquals(Float.parseFloat(row[f]), d.feature(0, f));
        }
        assertEquals(Integer.parseInt(row[4]), d.label(0));
    }

    @Test
    void scikitLearnHeaderFixesClassCountEvenIfLabelsDoNotUseAll() throws IOException {
        Path file = TestFiles.text(dir, "s.csv", "2,2,a,b,c\n1,2,0\n3,4,1\n");
        Dataset d = CsvReader.read(file);
        assertEquals(3, d.classCount());
    }

    private DataFormatException fails(String content) throws IOException {
        Path file = TestFiles.text(dir, "bad.csv", content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
        return e;
    }

    private static void assertMessage(DataFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        assertMessage(fails(""), "file is empty");
        assertMessage(fails("\n \n"), "file is empty");
    }

    @Test
    void rejectsHeaderWithoutData() throws IOException {
        assertMessage(fails("a,b,label\n"), "no data rows");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("1,2,0\n3,abc,1\n", "row 2, column 2: 'abc' is not a number"),
                Arguments.of("1,2,0\n3,,1\n", "row 2, column 2: empty cell"),
                // A first row with a missing value is data with a hole, not a header to skip.
                Arguments.of("1,,0\n3,4,1\n", "row 1, column 2: empty cell"),
                Arguments.of("1,2,0\nNaN,1,1\n", "row 2, column 1: 'NaN' is not a finite number"),
                Arguments.of("1,2,0\n1,-Infinity,1\n", "row 2, column 2: '-Infinity' is not a finite number"),
                Arguments.of("1,2,0\n1e39,1,1\n", "row 2, column 1: '1e39' is outside the float32 range"),
                Arguments.of("1,2,0\n0x10,1,1\n", "row 2, column 1: '0x10' is not a number"),
                Arguments.of("1,2,0\n1,2f,1\n", "row 2, column 2: '2f' is not a number"),
                Arguments.of("1,2,0\n3,4,1,5\n", "row 2 has 4 columns but row 1 (the first) has 3"),
                Arguments.of("a,b,c\n1,2,0\n3,4\n", "row 3 has 2 columns but the header (row 1) has 3"),
                Arguments.of("1,2,0\n3,4,1.5\n", "row 2, column 3: label '1.5' is not an integer"),
                Arguments.of("1,2,0\n3,4,one\n", "row 2, column 3: label 'one' is not an integer"),
                Arguments.of("1,2,0\n3,4,-1\n", "row 2, column 3: label -1 is out of range"),
                Arguments.of("1,2,0\n3,4,70000\n", "row 2, column 3: label 70000 is out of range (labels must be in 0..65535)"),
                Arguments.of("1,2,0\n\n3,4,1\n", "row 2 is empty"),
                Arguments.of("1\n2\n", "row 1 has 1 column; need at least one feature column and a label column"),
                Arguments.of("2,2,a,b\n1,2,0\n3,4,2\n", "row 3, column 3: label 2 is out of range (expected 0..1 for 2 classes)"),
                Arguments.of("3,2,a,b\n1,2,0\n3,4,1\n", "the scikit-learn header declares 3 samples but the file has 2 data rows"),
                Arguments.of("2,3,a,b\n1,2,0\n3,4,1\n", "row 2 has 3 columns but the scikit-learn header (row 1) declares 3 features"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedContentNamingRowAndColumn(String content, String expected) throws IOException {
        assertMessage(fails(content), expected);
    }

    @Test
    void rejectsLabelAboveGivenClassCount() throws IOException {
        Path file = TestFiles.text(dir, "c.csv", "1,2,0\n3,4,3\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.read(file, CsvOptions.DEFAULT.withClassCount(3)));
        assertMessage(e, "row 2, column 3: label 3 is out of range (expected 0..2 for 3 classes)");
    }

    @Test
    void rejectsMissingLabelColumn() throws IOException {
        Path file = TestFiles.text(dir, "m.csv", "1,2,0\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.read(file, CsvOptions.DEFAULT.withLabelColumn(3)));
        assertMessage(e, "has 3 columns, so there is no label column 4 (0-based index 3)");
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        Path file = Files.write(dir.resolve("u.csv"), new byte[]{'1', ',', '0', '\n', 'a', (byte) 0xff, ',', '0'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(file));
        assertMessage(e, "row 2 is not valid UTF-8");
    }

    @Test
    void rejectsCorruptAndTruncatedGzip() throws IOException {
        byte[] gz = TestFiles.gzip("1,2,1\n3,4,0\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        Path truncated = Files.write(dir.resolve("t.csv.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertMessage(assertThrows(DataFormatException.class, () -> CsvReader.read(truncated)), "truncated");
        byte[] corrupt = gz.clone();
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] = (byte) 0xff;
        }
        Path bad = Files.write(dir.resolve("c.csv.gz"), corrupt);
        assertMessage(assertThrows(DataFormatException.class, () -> CsvReader.read(bad)), "corrupt gzip data");
    }

    @Test
    void rejectsOverlongLineBeforeBufferingIt() throws IOException {
        Path file = dir.resolve("long.csv");
        Files.writeString(file, "1,".repeat(CsvReader.MAX_LINE_BYTES / 2 + 1) + "0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(file));
        assertMessage(e, "row 1 is longer than " + CsvReader.MAX_LINE_BYTES);
    }

    @Test
    void isDecimalAcceptsOnlyPlainDecimals() {
        for (String ok : List.of("0", "-1", "+2", "3.", ".5", "1e5", "1E-5", "-0.25e+3")) {
            assertTrue(CsvParser.isDecimal(ok), ok);
        }
        for (String bad : List.of("", "-", ".", "e5", "1e", "1e+", "1.2.3", "NaN", "Infinity", "0x1p3", "1d", " 1")) {
            assertTrue(!CsvParser.isDecimal(bad), bad);
        }
    }
}
