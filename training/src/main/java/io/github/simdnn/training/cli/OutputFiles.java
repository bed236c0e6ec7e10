package io.github.simdnn.training.cli;

import io.github.simdnn.training.io.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks of the files a command will write, made before any work, so that a long run does not end without them. */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks that an output the command writes through its path ({@link #isWrittenInPlace}) or replaces whole
     * can be written: it is not a directory; one written in place is writable; for one replaced whole, the
     * directory exists and is writable.
     *
     * @throws ParameterException (a usage error) naming the option and the problem
     */
    static void checkWritable(CommandLine commandLine, Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new ParameterException(commandLine, option + " " + file + " is a directory; give a file name");
        }
        if (isWrittenInPlace(file)) {
            if (Files.exists(file)) {
                if (!Files.isWritable(file)) {
                    throw new ParameterException(commandLine, option + " " + file + " is not writable");
                }
                return;
            }
            // A link to a file yet to be made: writing through it creates that file.
            Path target;
            try {
                target = file.toAbsolutePath().resolveSibling(Files.readSymbolicLink(file));
            } catch (IOException e) {
                throw new ParameterException(commandLine, option + " " + file + ": cannot read the link (" + e + ")");
            }
            checkDirectory(commandLine, target, option);
            return;
        }
        checkDirectory(commandLine, file, option);
    }

    /**
     * Checks that an output always replaced whole ({@code AtomicFile}: a model) can be: it is not a directory, a
     * device or a pipe, and its directory exists and is writable (a symbolic link there is replaced, not followed).
     *
     * @throws ParameterException (a usage error) naming the option and the problem
     */
    static void checkReplaceable(CommandLine commandLine, Path file, String option) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(commandLine, option + " " + file + " is a directory; give a file name");
        }
        if (AtomicFile.isSpecial(file)) {
            throw new ParameterException(commandLine, option + " " + file + " is not a regular file; it is saved by"
                    + " renaming a new file onto it");
        }
        checkDirectory(commandLine, file, option);
    }

    private static void checkDirectory(CommandLine commandLine, Path file, String option) {
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
     * Whether an output of the command line's own files (predictions, plots) at {@code file} is written in place,
     * through the path: a symbolic link (to its target), a device such as {@code /dev/null}, a pipe. Anything else —
     * a regular file or a new one — is replaced whole ({@code AtomicFile}), which would put a plain file in place of
     * a link or a device.
     */
    static boolean isWrittenInPlace(Path file) {
        return Files.isSymbolicLink(file) || AtomicFile.isSpecial(file);
    }

    /**
     * Whether {@code file} leads, through links too, to something that is not a regular file: a terminal, a device,
     * a pipe. Writing there cannot overwrite an input file, even when it is the same as one (a terminal may be both
     * {@code /dev/stdin} and {@code /dev/stdout}).
     */
    static boolean leadsToSpecial(Path file) {
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
