package io.github.simdnn.training.io;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving a model where the disk refuses the write — full, read-only, or a directory the user may not write — fails
 * with an {@link IOException} that names the file and the reason, keeps the previous model file byte for byte
 * (still loadable), and leaves no temporary file behind.
 *
 * <p>A real full disk is a 64 KiB tmpfs mounted for the test; a read-only directory is that tmpfs remounted
 * read-only. Mounting needs root (CAP_SYS_ADMIN), which this project's machines and CI have. Where the test
 * cannot mount (not root), both tests use a directory without write permission instead, so the failure path
 * (message, previous file kept, temporary file removed) is still exercised, though not a full disk.
 */
class ModelFileFaultTest {

    @TempDir
    Path dir;

    private static SavedModel small(long seed) {
        return SavedModel.of(Network.builder(4).dense(3).softmax().seed(seed).build(new SoftmaxCrossEntropy(), 2));
    }

    /** About 130 KB of weights: more than the 64 KiB disk holds. */
    private static SavedModel large() {
        return SavedModel.of(Network.builder(64).dense(512).relu().dense(10).softmax().seed(3)
                .build(new SoftmaxCrossEntropy(), 2));
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** Runs a command; {@code true} if it exited 0 within 30 s. */
    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Mounts a tmpfs of {@code size} on {@code mountPoint}; {@code false} if this process may not mount. */
    private static boolean mountTmpfs(Path mountPoint, String size) throws Exception {
        return Files.exists(Path.of("/proc/mounts"))
                && run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", mountPoint.toString());
    }

    private static void unmount(Path mountPoint) throws Exception {
        assertTrue(run("umount", mountPoint.toString()) || run("umount", "-l", mountPoint.toString()),
                "could not unmount the test tmpfs at " + mountPoint);
    }

    /** The file still holds {@code expected}'s model: same bytes as before, and it loads with the same weights. */
    private static void assertIntact(Path file, byte[] before, SavedModel expected) throws IOException {
        assertArrayEquals(before, Files.readAllBytes(file), "the previous model file is unchanged");
        SavedModel loaded = ModelFile.load(file, 1);
        List<Parameter> want = expected.network().parameters();
        List<Parameter> got = loaded.network().parameters();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).value(), got.get(i).value(), "parameter " + i);
        }
    }

    private static void assertNamesFileAndReason(IOException e, Path file, String... reasons) {
        String m = String.valueOf(e.getMessage());
        assertTrue(m.contains(file.toString()), "the message names the model file: " + m);
        boolean any = false;
        for (String reason : reasons) {
            any |= m.contains(reason);
        }
        assertTrue(any, "the message says why (" + String.join(" / ", reasons) + "): " + m);
    }

    @Test
    void fullDiskKeepsThePreviousModelAndSaysWhy() throws Exception {
        Path disk = Files.createDirectory(dir.resolve("disk"));
        boolean mounted = mountTmpfs(disk, "64k");
        try {
            Path file = disk.resolve("model.safetensors");
            SavedModel previous = small(1);
            ModelFile.save(file, previous);
            byte[] before = Files.readAllBytes(file);
            if (mounted) {
                IOException e = assertThrows(IOException.class, () -> ModelFile.save(file, large()));
                assertNamesFileAndReason(e, file, "No space left on device");
            } else {
                // Without a mount there is no full disk to be had; a directory that refuses new files takes the
                // same failure path (earlier: before any data is written).
                Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("r-xr-xr-x"));
                IOException e = assertThrows(IOException.class, () -> ModelFile.save(file, large()));
                assertNamesFileAndReason(e, file, "permission denied", "Permission denied");
                Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            assertIntact(file, before, previous);
            assertEquals(List.of(file), listing(disk), "no temporary file left behind");
        } finally {
            if (mounted) {
                unmount(disk);
            }
        }
    }

    @Test
    void readOnlyOrUnwritableDirectoryKeepsThePreviousModelAndSaysWhy() throws Exception {
        Path target = Files.createDirectory(dir.resolve("readonly"));
        boolean mounted = mountTmpfs(target, "1m");
        try {
            Path file = target.resolve("model.safetensors");
            SavedModel previous = small(1);
            ModelFile.save(file, previous);
            byte[] before = Files.readAllBytes(file);
            if (mounted) {
                assertTrue(run("mount", "-o", "remount,ro", target.toString()), "remount read-only");
            } else {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
            IOException e = assertThrows(IOException.class, () -> ModelFile.save(file, small(2)));
            assertNamesFileAndReason(e, file, "Read-only file system", "permission denied", "Permission denied");
            assertIntact(file, before, previous);
            assertEquals(List.of(file), listing(target), "no temporary file left behind");
            if (!mounted) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } finally {
            if (mounted) {
                unmount(target);
            }
        }
    }

    @Test
    void missingDirectoryIsReportedClearly() {
        Path file = dir.resolve("no-such-dir").resolve("model.safetensors");
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(file, small(1)));
        assertNamesFileAndReason(e, file, "does not exist");
        assertTrue(Files.notExists(file.getParent()), "nothing was created");
    }
}
