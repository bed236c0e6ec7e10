package io.github.simdnn.training.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed seed corpora of {@link SafeTensorsFuzzTest} (written by {@code src/test/resources/fuzz/make-seeds.py})
 * are what their names say: every {@code valid-*} file loads and every {@code bad-*} file is rejected with
 * {@link ModelFormatException}, so the corpus keeps covering both sides.
 */
class ModelSeedCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/io/github/simdnn/training/io/SafeTensorsFuzzTestInputs");

    @TempDir
    Path dir;

    interface Harness {
        boolean accepts(byte[] input, Path dir) throws IOException;
    }

    private void check(String method, int min, Harness harness) throws IOException {
        Path corpus = CORPUS.resolve(method);
        int valid = 0;
        int bad = 0;
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path seed : s.sorted().toList()) {
                String name = seed.getFileName().toString();
                boolean expected = name.startsWith("valid-");
                assertTrue(expected || name.startsWith("bad-"), "seed names start with valid- or bad-: " + name);
                assertEquals(expected, harness.accepts(Files.readAllBytes(seed), dir), method + "/" + name);
                if (expected) {
                    valid++;
                } else {
                    bad++;
                }
            }
        }
        assertTrue(valid >= 1 && bad >= 1 && valid + bad >= min, method + ": " + valid + " valid and " + bad
                + " bad seeds");
    }

    @Test
    void safeTensorsSeedsLoadOrAreRejectedAsNamed() throws IOException {
        check("readSafeTensors", 20, SafeTensorsFuzzTest::read);
    }

    @Test
    void modelSeedsLoadOrAreRejectedAsNamed() throws IOException {
        check("loadModel", 15, SafeTensorsFuzzTest::load);
    }
}
