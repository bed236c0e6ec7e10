package io.github.simdnn.training.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all. The content goes to a new temporary file in the same directory
 * ({@code .NAME.RANDOM.tmp}), which is forced to the storage device and then renamed onto the file in one atomic
 * step, replacing it (a plain replacing move where the file system has no atomic rename). A failure at any point
 * deletes the temporary file and leaves the previous file as it was; so does a crash, apart from the temporary
 * file. Model files are written this way, and so are the command line's prediction files.
 *
 * <p>The new file replaces the directory entry at the path, and nothing else: links are not followed. A symbolic
 * link there is replaced by the file (its target is left alone), and a hard link to the old file keeps the old
 * content. The new file takes the old one's POSIX permissions where the file system has them. A directory, a device
 * such as {@code /dev/null} or a pipe at the path is refused: renaming a file onto a device node would replace the
 * device for the whole system (the command line writes to devices and pipes directly instead).
 */
public final class AtomicFile {

    /** The content of the file. */
    @FunctionalInterface
    public interface Content {

        /** Writes the whole content to {@code channel}, which it must not close. */
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code file} atomically (see the class comment).
     *
     * @throws FileSystemException if a directory, device or pipe is at the path
     * @throws IOException         what the content or the file system threw, unchanged: the content's own failures
     *                             keep their meaning, and {@link #failure} turns one into a message that names the
     *                             file
     */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        if (isSpecial(target)) {
            throw new FileSystemException(target.toString(), null, "not a regular file");
        }
        Path directory = target.getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean created = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                created = true;
                keepPermissions(target, temporary);
                content.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            if (created) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        syncDirectory(directory);
    }

    /**
     * Whether a directory, a device, a pipe or a socket is at {@code path} (links not followed): what renaming a file
     * onto it would destroy, or what it cannot be replaced by. A symbolic link, a regular file or nothing is not.
     */
    public static boolean isSpecial(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(path);
    }

    /** Gives the temporary file the POSIX permissions of the file it replaces, where there are such. */
    private static void keepPermissions(Path target, Path temporary) {
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(temporary,
                        Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions here, or the old file went away: the new file keeps the defaults.
        }
    }

    /**
     * An exception that says which file could not be written and why, in words: the bare exceptions do not (a full
     * disk is just "No space left on device", and a failed rename names only the temporary file).
     */
    public static IOException failure(Path file, IOException e) {
        Path target = file.toAbsolutePath();
        return new IOException("cannot write " + target + ": " + reason(e, target.getParent()), e);
    }

    private static String reason(IOException e, Path directory) {
        if (e instanceof NoSuchFileException && !Files.isDirectory(directory)) {
            return "directory " + directory + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Makes the rename durable where the platform allows opening a directory; elsewhere a no-op. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform or file system; the file itself is already on disk.
        }
    }
}
