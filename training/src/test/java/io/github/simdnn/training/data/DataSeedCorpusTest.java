package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed seed corpora of {@link CsvReaderFuzzTest} and {@link IdxReaderFuzzTest} (written by
 * {@code src/test/resources/fuzz/make-seeds.py}) are what their names say: every {@code valid-*} input loads and
 * every {@code bad-*} input is rejected with {@link DataFormatException}, so the corpus keeps covering both sides.
 */
class DataSeedCorpusTest {

    static final Path RESOURCES = Path.of("src/test/resources/io/github/simdnn/training/data");

    @TempDir
    Path dir;

    /** The seed files of one fuzz test method, sorted, after checking there are at least {@code min}. */
    static List<Path> seeds(Path corpus, int min) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= min, corpus + " holds " + files.size() + " seeds, expected at least " + min);
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("bad-")), "bad seeds");
        return files;
    }

    interface Harness {
        boolean accepts(byte[] input, Path dir) throws IOException;
    }

    static void check(Path corpus, int min, Harness harness, Path dir) throws IOException {
        for (Path seed : seeds(corpus, min)) {
            String name = seed.getFileName().toString();
            boolean expected = name.startsWith("valid-");
            assertTrue(expected || name.startsWith("bad-"), "seed names start with valid- or bad-: " + name);
            assertEquals(expected, harness.accepts(Files.readAllBytes(seed), dir), corpus.getFileName() + "/" + name);
        }
    }

    @Test
    void csvSeedsLoadOrAreRejectedAsNamed() throws IOException {
        check(RESOURCES.resolve("CsvReaderFuzzTestInputs/readCsv"), 20, CsvReaderFuzzTest::read, dir);
    }

    @Test
    void idxSeedsLoadOrAreRejectedAsNamed() throws IOException {
        check(RESOURCES.resolve("IdxReaderFuzzTestInputs/readIdx"), 12, IdxReaderFuzzTest::read, dir);
    }
}
