package io.github.simdnn.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the fuzz tests of the file readers share: a scratch directory the fuzzed bytes are written into (the readers
 * take paths), tallies of loaded and rejected inputs, and the check that reading a file allocates memory in proportion to its length, not to the sizes its
 * header claims (counted with {@link io.github.simdnn.testsupport.AllocatedBytes}).
 */
public final class FuzzFiles {

    /**
     * Reading a plain (not compressed) file of n bytes may allocate at most {@code ALLOCATION_SLACK +
     * ALLOCATION_PER_BYTE * n} bytes: the constant covers I/O buffers (64 KiB each), JSON parser tables and the
     * network a model file builds; the factor covers values decoded from the bytes (a byte becomes a 4-byte float
     * and lands in a growing array, a dataset copy, a network workspace). A reader that sized an array from an
     * unchecked header field would allocate far more for a few-byte input.
     */
    public static final long ALLOCATION_SLACK = 32L << 20;
    public static final long ALLOCATION_PER_BYTE = 256;

    /** How many inputs a harness loaded and rejected; printed when its test class ends (figures for the README). */
    public static final class Tally {
        private final String name;
        private final LongAdder loaded = new LongAdder();
        private final LongAdder rejected = new LongAdder();

        public Tally(String name) {
            this.name = name;
        }

        /** Counts one input and returns {@code accepted}. */
        public boolean count(boolean accepted) {
            (accepted ? loaded : rejected).increment();
            return accepted;
        }

        public void print() {
            long l = loaded.sum();
            long r = rejected.sum();
            System.out.println(name + ": " + (l + r) + " inputs, " + l + " loaded, " + r + " rejected");
        }
    }

    /**
     * A fuzz test class's scratch directory, as a JUnit extension: made before the class runs (not when it is merely
     * initialized), removed after it, when the tallies are printed. Register it in a static field with
     * {@code @RegisterExtension}.
     */
    public static final class Scratch implements BeforeAllCallback, AfterAllCallback {
        private final String prefix;
        private final Tally[] tallies;
        private Path dir;

        public Scratch(String prefix, Tally... tallies) {
            this.prefix = prefix;
            this.tallies = tallies.clone();
        }

        /** The directory; valid while the test class runs. */
        public Path dir() {
            return dir;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            dir = Files.createTempDirectory(prefix);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            for (Tally tally : tallies) {
                tally.print();
            }
            deleteTree(dir);
        }
    }

    private FuzzFiles() {
    }

    /** Deletes {@code dir} and everything in it. */
    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Fails if reading {@code length} plain bytes allocated more than {@link #ALLOCATION_SLACK} +
     * {@link #ALLOCATION_PER_BYTE}·length.
     */
    public static void assertAllocationBounded(long allocated, long length, String what) {
        long bound = ALLOCATION_SLACK + ALLOCATION_PER_BYTE * length;
        if (allocated > bound) {
            fail(what + " allocated " + allocated + " bytes for a " + length + "-byte file (bound " + bound + ")");
        }
    }

}
