package io.github.simdnn.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

class AtomicFileTest {

    @TempDir
    Path dir;

    private static AtomicFile.Content text(String s) {
        return channel -> channel.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path file = dir.resolve("out.txt");
        AtomicFile.write(file, text("first"));
        assertEquals("first", Files.readString(file));
        AtomicFile.write(file, text("second, longer"));
        assertEquals("second, longer", Files.readString(file));
        assertEquals(List.of("out.txt"), names(), "no temporary file left");
    }

    @Test
    void aSymbolicLinkIsReplacedAndItsTargetLeftAlone() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("model.bin");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), real);
        AtomicFile.write(link, text("new"));
        assertFalse(Files.isSymbolicLink(link), "the link's entry now holds the file");
        assertEquals("new", Files.readString(link));
        assertEquals("old", Files.readString(real), "links are not followed");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.bin"), dir.resolve("missing"));
        AtomicFile.write(dangling, text("also new"));
        assertEquals("also new", Files.readString(dangling));
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void theNewFileKeepsTheOldOnesPermissions() throws IOException {
        Path file = dir.resolve("private.bin");
        Files.writeString(file, "old");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(file, ownerOnly);
        AtomicFile.write(file, text("new"));
        assertEquals("new", Files.readString(file));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(file));
    }

    @Test
    void aFailingContentLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "old");
        IOException io = new IOException("the input broke");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(file, channel -> {
            channel.write(ByteBuffer.wrap("half of the new".getBytes(StandardCharsets.UTF_8)));
            throw io;
        }));
        assertSame(io, thrown, "the content's own exception, unchanged");
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, channel -> {
            throw bug;
        })));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("out.txt"), names());
    }

    @Test
    void aDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        Files.writeString(directory.resolve("inside.txt"), "kept");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(directory, text("x")));
        assertEquals("cannot write " + directory.toAbsolutePath() + ": not a regular file",
                AtomicFile.failure(directory, e).getMessage());
        assertEquals("kept", Files.readString(directory.resolve("inside.txt")));
        assertTrue(AtomicFile.isSpecial(directory));
        assertTrue(AtomicFile.isSpecial(Path.of("/dev/null")), "a device");
        assertFalse(AtomicFile.isSpecial(Files.createSymbolicLink(dir.resolve("link"), directory)), "a link");
        assertFalse(AtomicFile.isSpecial(dir.resolve("new-file")), "nothing there");
        assertEquals(List.of("a-directory", "link"), names(), "no temporary file left");
    }

    @Test
    void failuresNameTheFileAndTheReason() {
        Path missing = dir.resolve("no-such-dir").resolve("out.txt");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(missing, text("x")));
        String message = AtomicFile.failure(missing, e).getMessage();
        assertEquals("cannot write " + missing.toAbsolutePath() + ": directory " + missing.getParent().toAbsolutePath()
                + " does not exist", message);
        assertTrue(AtomicFile.failure(missing, new IOException("No space left on device")).getMessage()
                .endsWith(": No space left on device"));
    }
}
