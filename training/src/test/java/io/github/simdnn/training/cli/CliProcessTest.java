package io.github.simdnn.training.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line in a JVM of its own, for what an in-process run cannot show: running out of heap. The child
 * JVM gets this test's classes and dependencies on its class path and a 64 MiB heap.
 */
class CliProcessTest {

    @TempDir
    Path dir;

    /** Runs {@code Main} with {@code args} in a new JVM; returns its exit code, stdout and stderr. */
    private CliRun runInNewJvm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("--add-modules=jdk.incubator.vector");
        command.add("-cp");
        String modulePath = System.getProperty("jdk.module.path", "");
        command.add(modulePath.isEmpty() ? System.getProperty("java.class.path")
                : modulePath + File.pathSeparator + System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finishes");
        String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector"))
                .map(l -> l + "\n").reduce("", String::concat);
        return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    @Test
    void runningOutOfHeapIsOneErrorLineWithAHint() throws Exception {
        // 20,000 x 20,000 weights are 1.6 GB: far beyond the child's 64 MiB heap.
        CliRun run = runInNewJvm("train", "--layers", "64,20000,20000,10", "--epochs", "1", "--out",
                dir.resolve("never.safetensors").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().startsWith("error: out of memory (the JVM's heap limit is 0.1 GiB): use a smaller --batch"
                + " or smaller layers to train, or a larger heap (SIMDNN_JAVA_OPTS=-Xmx8g ./simdnn ...)"), run.err());
        assertTrue(Files.notExists(dir.resolve("never.safetensors")));
    }
}
