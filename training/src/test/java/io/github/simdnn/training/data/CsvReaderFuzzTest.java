package io.github.simdnn.training.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.simdnn.testsupport.AllocatedBytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link CsvReader} and {@link Datasets#digits(Path)}: every input either loads into a valid data set or is
 * rejected with {@link DataFormatException} naming the file; never another exception, an out-of-memory error or a
 * hang. The normal test run replays the seed corpus in {@code CsvReaderFuzzTestInputs/readCsv/} (Jazzer's
 * regression mode); {@code JAZZER_FUZZ=1} fuzzes (see the README, section Fuzzing).
 *
 * <p>Input framing: byte 0 chooses how the rest is read. Bits 0-1: {@code 0} default options, {@code 1} label in
 * column 0 with 3 classes, {@code 2} label last with 10 classes, {@code 3} the digits format. Bit 2: gzip the rest
 * before writing it, so mutations of the text also reach the reader through a valid gzip stream (raw gzip bytes
 * with the bit clear test corrupt streams).
 */
class CsvReaderFuzzTest {

    private static final FuzzFiles.Tally TALLY = new FuzzFiles.Tally("CsvReaderFuzzTest.readCsv");
    @RegisterExtension
    static final FuzzFiles.Scratch SCRATCH = new FuzzFiles.Scratch("simdnn-csv-fuzz", TALLY);

    /** As {@code IdxReaderFuzzTest}'s: one load before any input is measured, so class loading is not counted. */
    @BeforeAll
    static void loadTheClassesALoadUses(@TempDir Path dir) throws IOException {
        Path small = TestFiles.text(dir, "warm-up.csv", "1,2,0\n2,4,1\n");   // labels fit column 0 and the last
        assertValid(CsvReader.read(small), -1);
        assertValid(CsvReader.read(small, new CsvOptions(0, 3)), 3);
        assertValid(CsvReader.read(small, CsvOptions.DEFAULT.withClassCount(10)), 10);
        Path digit = TestFiles.text(dir, "warm-up-digit.csv", "0,".repeat(Datasets.DIGITS_FEATURES) + "7\n");
        assertValid(Datasets.digits(digit), 10);
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(20)
    void readCsv(byte[] input) throws IOException {
        TALLY.count(read(input, SCRATCH.dir()));
    }

    /**
     * Reads one framed input through a file in {@code dir} and checks the property.
     *
     * @return whether the input loaded ({@code false}: rejected with a {@link DataFormatException})
     */
    static boolean read(byte[] input, Path dir) throws IOException {
        int mode = input.length == 0 ? 0 : input[0] & 0xff;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        boolean gzip = (mode & 4) != 0;
        byte[] bytes = gzip ? TestFiles.gzip(body) : body;
        Path file = Files.write(dir.resolve("fuzz.csv"), bytes);
        long before = AllocatedBytes.ofCurrentThread();
        Dataset data;
        try {
            data = switch (mode & 3) {
                case 0 -> CsvReader.read(file);
                case 1 -> CsvReader.read(file, new CsvOptions(0, 3));
                case 2 -> CsvReader.read(file, CsvOptions.DEFAULT.withClassCount(10));
                default -> Datasets.digits(file);
            };
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
            return false;
        }
        if (!gzip) {
            FuzzFiles.assertAllocationBounded(AllocatedBytes.ofCurrentThread() - before, bytes.length, "CsvReader");
        }
        assertValid(data, (mode & 3) == 1 ? 3 : (mode & 3) >= 2 ? 10 : -1);
        if ((mode & 3) == 3) {
            assertEquals(Datasets.DIGITS_FEATURES, data.featureCount());
            for (int i = 0; i < data.size(); i++) {
                for (int f = 0; f < data.featureCount(); f++) {
                    float v = data.feature(i, f);
                    assertTrue(v >= 0 && v <= 1, "digits pixel scaled to [0, 1]: " + v);
                }
            }
        }
        return true;
    }

    /** What every loaded data set must satisfy; {@code classes} is the class count asked for, or -1. */
    static void assertValid(Dataset data, int classes) {
        assertTrue(data.size() >= 1, "at least one sample");
        assertTrue(data.featureCount() >= 1, "at least one feature");
        if (classes > 0) {
            assertEquals(classes, data.classCount());
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            assertTrue(label >= 0 && label < data.classCount(), "label " + label + " of sample " + i);
            for (int f = 0; f < data.featureCount(); f++) {
                assertTrue(Float.isFinite(data.feature(i, f)), "finite feature");
            }
        }
    }
}
