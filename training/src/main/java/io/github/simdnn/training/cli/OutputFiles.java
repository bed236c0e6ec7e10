package io.github.simdnn.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

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

    /** Whether two paths name the same file (as written, after making them absolute and normal). */
    static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
