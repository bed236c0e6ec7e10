package io.github.simdnn.training.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/** Turns exceptions into the one-line {@code error:} messages of the command line. */
final class ErrorMessages {

    private ErrorMessages() {
    }

    /** {@code error: <message>} on one line. */
    static String line(String message) {
        String text = message == null || message.isBlank() ? "unknown failure" : message.strip();
        return "error: " + text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The message for an {@link OutOfMemoryError} in a JVM whose heap may grow to {@code maxHeapBytes}. */
    static String outOfMemory(long maxHeapBytes) {
        return String.format(Locale.ROOT, "out of memory (the JVM's heap limit is %.1f GiB): use a smaller --batch or "
                + "smaller layers to train, or a larger heap (SIMDNN_JAVA_OPTS=-Xmx8g ./simdnn ...)",
                maxHeapBytes / (double) (1L << 30));
    }

    /** A message for a failure while running, naming the file for file-system errors. */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return switch (t) {
            case NoSuchFileException n -> "no such file: " + n.getFile()
                    + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case NotDirectoryException d -> "not a directory: " + d.getFile();
            case FileAlreadyExistsException f -> "file exists: " + f.getFile();
            case FileNotFoundException f -> "file not found: " + f.getMessage();
            default -> t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        };
    }
}
