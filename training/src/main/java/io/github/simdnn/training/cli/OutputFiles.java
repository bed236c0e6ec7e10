package io.github.simdnn.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the files a command will write, made before any work, so that a long run does not end without them. */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks that {@code file}, given with {@code option}, can be written: its directory exists and is writable, and
     * it is not itself a directory.
     *
     * @throws ParameterException (a usage error) naming the option and the problem
     */
    static void checkWritable(CommandLine commandLine, Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new ParameterException(commandLine, option + " " + file + " is a directory; give a file name");
        }
        if (isWrittenInPlace(file)) {
            if (!Files.isWritable(file)) {
                throw new ParameterException(commandLine, option + " " + file + " is not writable");
            }
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(commandLine, option + " " + file + ": the directory " + parent
                    + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new ParameterException(commandLine, option + " " + file + ": the directory " + parent
                    + " is not writable");
        }
    }

    /**
     * Whether {@code file} exists and is not a regular file, even through links: a device such as {@code /dev/null}, a
     * pipe. Such an output is written in place; a regular file (or a link to one) or a new one is replaced whole
     * ({@code AtomicFile}), which would put a plain file in a device's place.
     */
    static boolean isWrittenInPlace(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file);
    }

    /** Whether two paths name the same file: the same existing file (through links too), or the same path. */
    static boolean same(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // Fall back to the paths.
            }
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
