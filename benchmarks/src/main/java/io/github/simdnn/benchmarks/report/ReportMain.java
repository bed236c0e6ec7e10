package io.github.simdnn.benchmarks.report;

import io.github.simdnn.benchmarks.support.Jvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Turns one run's JMH JSON into {@code report.md} and PNG charts in the same directory: the environment (date,
 * CPU, cores, JDK, commit), the machine peak measured in the same session, and one section per suite. Run by
 * {@code benchmarks/run.sh}; by hand:
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.github.simdnn.benchmarks.report.ReportMain --results benchmarks/results/2025-01-01-quick</pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes report.md and charts from a JMH JSON result file.")
public final class ReportMain implements Callable<Integer> {

    @Option(names = "--results", required = true, description = "Directory of the run; the report is written here.")
    Path results;

    @Option(names = "--json", description = "JMH JSON result file (default: <results>/jmh.json).")
    Path json;

    @Option(names = "--peak", description = "peakflops output of the same session (default: <results>/peakflops.txt, if present).")
    Path peak;

    @Option(names = "--environment", description = "key=value properties describing the run (default: <results>/environment.properties).")
    Path environment;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path jsonFile = json != null ? json : results.resolve("jmh.json");
        List<JmhResult> all = JmhResult.read(jsonFile);
        MachinePeak machine = MachinePeak.read(peak != null ? peak : results.resolve("peakflops.txt"));
        Properties env = readProperties(environment != null ? environment : results.resolve("environment.properties"));

        StringBuilder out = new StringBuilder();
        out.append("# simdnn benchmarks: ").append(env.getProperty("mode", "run")).append(", ")
                .append(env.getProperty("date", "date unknown")).append("\n\n");
        environment(out, env, all, forkKernels(results.resolve("jmh.log")));
        peak(out, machine);
        GemmSection gemm = new GemmSection(all, machine);
        if (!gemm.isEmpty()) {
            gemm.appendTo(out, results);
        }
        ElementwiseSection elementwise = new ElementwiseSection(all, machine);
        if (!elementwise.isEmpty()) {
            elementwise.appendTo(out, results);
        }
        NetworkSection network = new NetworkSection(all, machine);
        if (!network.isEmpty()) {
            network.appendTo(out);
        }
        OtherSection other = new OtherSection(all);
        if (!other.isEmpty()) {
            other.appendTo(out);
        }
        if (all.isEmpty()) {
            out.append("No results: JMH ran no benchmark.\n");
        }
        Path report = results.resolve("report.md");
        Files.writeString(report, out);
        System.out.println("Wrote " + report + " (" + all.size() + " results)");
        return 0;
    }

    /**
     * The kernels the forks ran, from the line {@code Jvm.requireVectorKernels} prints in each ({@code simdnn
     * implementation in this fork: vector (256-bit)}), counted: "vector (256-bit) in 39 forks". This JVM's own
     * choice says nothing about the forks, which ran with their own options.
     */
    static String forkKernels(Path jmhLog) throws IOException {
        if (!Files.isRegularFile(jmhLog)) {
            return "not recorded (no jmh.log)";
        }
        String prefix = Jvm.KERNELS_LINE;
        Map<String, Integer> counts = new LinkedHashMap<>();
        // Latin-1 reads any byte: JMH writes "±" in the platform's charset, and the line sought is ASCII.
        try (var lines = Files.lines(jmhLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            // JMH prints it after its iteration header: "# Warmup Iteration   1: simdnn implementation ...".
            lines.filter(l -> l.contains(prefix))
                    .forEach(l -> counts.merge(l.substring(l.indexOf(prefix) + prefix.length()).strip(), 1,
                            Integer::sum));
        }
        if (counts.isEmpty()) {
            return "not recorded (no fork printed its kernels)";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((kernels, forks) -> text.append(text.isEmpty() ? "" : "; ").append(kernels).append(" in ")
                .append(forks).append(forks == 1 ? " fork" : " forks"));
        return text.toString();
    }

    private static void environment(StringBuilder out, Properties env, List<JmhResult> all, String kernels) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("date", env.getProperty("date", "?"));
        rows.put("mode", env.getProperty("mode", "?"));
        rows.put("CPU", env.getProperty("cpu", "?"));
        rows.put("cores", env.getProperty("cores", "?"));
        rows.put("JDK (forks)", all.isEmpty() ? Runtime.version().toString() : all.get(0).jdk());
        rows.put("fork JVM arguments", all.isEmpty() ? "–" : String.join(" ", all.get(0).jvmArgs()));
        rows.put("simdnn kernels (forks)", kernels);
        rows.put("commit", env.getProperty("commit", "?"));
        rows.put("JMH options", env.getProperty("jmh", "?"));
        MarkdownTable t = new MarkdownTable("", "");
        rows.forEach((k, v) -> t.row(k, v));
        out.append("## Environment\n\n");
        t.appendTo(out);
    }

    private static void peak(StringBuilder out, MachinePeak machine) {
        out.append("## Machine peak (peakflops.c, this session, best of its repetitions)\n\n");
        if (!machine.measured()) {
            out.append("Not measured (gcc or shared/tools/peakflops.c unavailable, or it failed): no % of peak.\n\n");
            return;
        }
        MarkdownTable t = new MarkdownTable("figure", "best");
        machine.figures().forEach((k, v) -> t.row(k, MarkdownTable.num(v)));
        t.appendTo(out);
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }
}
