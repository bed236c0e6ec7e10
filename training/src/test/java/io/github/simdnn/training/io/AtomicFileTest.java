package io.github.simdnn.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;

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
    void aSymbolicLinkIsFollowedAndStays() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("model.bin");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), real);
        AtomicFile.write(link, text("new"));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("new", Files.readString(real));
        try (var files = Files.list(real.getParent())) {
            assertEquals(List.of("model.bin"), files.map(f -> f.getFileName().toString()).toList(),
                    "written beside the real file, no temporary file left");
        }
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
    void somethingOtherThanARegularFileIsRefusedAndLeftAlone() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        Path link = Files.createSymbolicLink(dir.resolve("link-to-directory"), directory);
        for (Path target : new Path[] {directory, link}) {
            IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, text("x")));
            assertEquals("cannot write " + target.toAbsolutePath() + ": not a regular file",
                    AtomicFile.failure(target, e).getMessage());
        }
        assertTrue(Files.isDirectory(directory) && Files.isSymbolicLink(link));
        assertEquals(List.of("a-directory", "link-to-directory"), names(), "no temporary file left");
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
