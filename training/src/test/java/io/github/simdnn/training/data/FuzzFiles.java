package io.github.simdnn.training.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the fuzz tests of the file readers share: a scratch directory the fuzzed bytes are written into (the readers
 * take paths), gzip, and the check that reading a file allocates memory in proportion to its length, not to the
 * sizes its header claims.
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

    private static final MethodHandle ALLOCATED_BYTES = allocatedBytesHandle();

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

    private FuzzFiles() {
    }

    /** A new empty directory under the system temporary directory; remove it with {@link #deleteTree}. */
    public static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bytes allocated so far by the calling thread (HotSpot's per-thread counter). */
    public static long allocatedBytes() {
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
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

    /** The reflective route: the training module does not read jdk.management, and only the tests need it. */
    private static MethodHandle allocatedBytesHandle() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            return MethodHandles.publicLookup()
                    .unreflect(type.getMethod("getCurrentThreadAllocatedBytes"))
                    .bindTo(bean)
                    .asType(MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no per-thread allocation counter in this JVM", e);
        }
    }
}
