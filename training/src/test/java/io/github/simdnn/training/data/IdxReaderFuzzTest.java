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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link IdxReader} on plain and gzip files: every input either loads into a valid data set or is rejected
 * with {@link DataFormatException} naming a file; never another exception, an out-of-memory error or a hang. The
 * normal test run replays the seed corpus in {@code IdxReaderFuzzTestInputs/readIdx/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see the README, section Fuzzing).
 *
 * <p>Input framing (an images file and a labels file from one byte string): byte 0 holds flags, bit 0 gzip the
 * images file, bit 1 gzip the labels file, bits 2-5 the class count (0 means MNIST's 10); bytes 1-2 are the length
 * of the images file, big-endian (cut to what is there); the images file follows, then the labels file.
 */
class IdxReaderFuzzTest {

    private static final FuzzFiles.Tally TALLY = new FuzzFiles.Tally("IdxReaderFuzzTest.readIdx");
    @RegisterExtension
    static final FuzzFiles.Scratch SCRATCH = new FuzzFiles.Scratch("simdnn-idx-fuzz", TALLY);

    /**
     * Loads a valid pair once before any input is measured, so that the first input that loads does not carry the
     * one-time loading and initialization of the data set and kernel classes in its allocation count (with Jazzer's
     * coverage instrumentation that alone measured 46.7 MB against the 32 MiB bound of a 41-byte file).
     */
    @BeforeAll
    static void loadTheClassesALoadUses(@TempDir Path dir) throws IOException {
        Path images = Files.write(dir.resolve("images.idx"), TestFiles.idx(0x08, new int[] {1, 1, 1}, new byte[1]));
        Path labels = Files.write(dir.resolve("labels.idx"), TestFiles.idx(0x08, new int[] {1}, new byte[1]));
        CsvReaderFuzzTest.assertValid(IdxReader.read(images, labels, 10), 10);
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(20)
    void readIdx(byte[] input) throws IOException {
        TALLY.count(read(input, SCRATCH.dir()));
    }

    /**
     * Reads one framed input through two files in {@code dir} and checks the property.
     *
     * @return whether the input loaded ({@code false}: rejected with a {@link DataFormatException})
     */
    static boolean read(byte[] input, Path dir) throws IOException {
        int flags = input.length > 0 ? input[0] & 0xff : 0;
        int declared = input.length > 2 ? ((input[1] & 0xff) << 8) | (input[2] & 0xff) : 0;
        int from = Math.min(3, input.length);
        int split = Math.min(input.length, from + declared);
        byte[] images = Arrays.copyOfRange(input, from, split);
        byte[] labels = Arrays.copyOfRange(input, split, input.length);
        boolean gzipImages = (flags & 1) != 0;
        boolean gzipLabels = (flags & 2) != 0;
        int classCount = (flags >> 2) & 0x0f;
        if (classCount == 0) {
            classCount = 10;
        }
        Path imageFile = Files.write(dir.resolve("images.idx"), gzipImages ? TestFiles.gzip(images) : images);
        Path labelFile = Files.write(dir.resolve("labels.idx"), gzipLabels ? TestFiles.gzip(labels) : labels);
        long before = AllocatedBytes.ofCurrentThread();
        Dataset data;
        try {
            data = IdxReader.read(imageFile, labelFile, classCount);
        } catch (DataFormatException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(imageFile.toString()) || m.startsWith(labelFile.toString()),
                    "message names a file: " + m);
            return false;
        }
        if (!gzipImages && !gzipLabels) {
            FuzzFiles.assertAllocationBounded(AllocatedBytes.ofCurrentThread() - before, input.length, "IdxReader");
        }
        CsvReaderFuzzTest.assertValid(data, classCount);
        for (int i = 0; i < data.size(); i++) {
            for (int f = 0; f < data.featureCount(); f++) {
                float v = data.feature(i, f);
                assertTrue(v >= 0 && v <= 1, "pixel scaled to [0, 1]: " + v);
            }
        }
        return true;
    }
}
