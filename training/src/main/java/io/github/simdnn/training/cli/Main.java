package io.github.simdnn.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code simdnn} command line: {@code train}, {@code evaluate} and {@code predict}.
 *
 * <p>Exit codes: 0 success, 1 failure while running (missing or corrupt file, diverged training), 2 usage error
 * (unknown or malformed option, option values that do not fit the data). Every error prints exactly one line
 * starting {@code error:} to standard error; {@code --verbose} adds the stack trace.
 */
@Command(name = "simdnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains and runs dense neural networks (pure Java, SIMD through the Vector API).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of a failure while running. */
    static final int FAILURE = 1;
    /** Exit code of a usage error (picocli's convention). */
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: train, evaluate or predict");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit code; never calls System.exit. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            ex.getCommandLine().getErr().println(ErrorMessages.line(ex.getMessage()) + " (see '" + help + "')");
            if (verbose) {
                ex.printStackTrace(ex.getCommandLine().getErr());
            }
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(ErrorMessages.line(ErrorMessages.describe(ex)));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return FAILURE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler above; an Error would end the JVM with a stack trace.
            err.println(ErrorMessages.line(ErrorMessages.outOfMemory(Runtime.getRuntime().maxMemory())));
            if (verbose) {
                e.printStackTrace(err);
            }
            return FAILURE;
        }
    }

    /** The version from the jar manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"simdnn " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + ", " + io.github.simdnn.tensor.Blas.implementation() + " kernels"};
        }
    }
}
