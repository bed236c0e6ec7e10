package io.github.simdnn.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of JMH's JSON result file ({@code -rf json}): a benchmark method with one set of parameters.
 *
 * @param benchmark  the fully qualified method, e.g. {@code io.github.simdnn.benchmarks.GemmBenchmark.sgemm}
 * @param mode       JMH's mode abbreviation: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params     the {@code @Param} values (empty if none)
 * @param score      the primary score, in {@code unit}
 * @param error      half-width of JMH's 99.9 % confidence interval ({@code NaN} with a single iteration)
 * @param unit       e.g. {@code ops/s} or {@code ms/op}
 * @param iterations the measured iteration scores of all forks, in {@code unit}
 * @param jdk        JDK version and VM of the forks
 * @param jvmArgs    the forks' JVM arguments
 * @param percentiles the sample-mode percentiles by label ("50.0", "99.0", ...), empty otherwise
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                        String unit, double[] iterations, String jdk, List<String> jvmArgs,
                        Map<String, Double> percentiles) {

    /** Reads every entry of a JMH JSON file. */
    public static List<JmhResult> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(json + " is not a JMH JSON result file (expected a JSON array)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode node : root) {
            results.add(of(node));
        }
        return results;
    }

    private static JmhResult of(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode metric = node.path("primaryMetric");
        List<Double> raw = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode iteration : fork) {
                raw.add(iteration.asDouble());
            }
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        metric.path("scorePercentiles").properties().forEach(e -> percentiles.put(e.getKey(), e.getValue().asDouble()));
        List<String> jvmArgs = new ArrayList<>();
        node.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        String jdk = node.path("jdkVersion").asText() + " (" + node.path("vmName").asText() + " "
                + node.path("vmVersion").asText() + ")";
        JsonNode error = metric.path("scoreError");
        return new JmhResult(node.path("benchmark").asText(), node.path("mode").asText(), params,
                metric.path("score").asDouble(), error.isNumber() ? error.asDouble() : Double.NaN,
                metric.path("scoreUnit").asText(), raw.stream().mapToDouble(Double::doubleValue).toArray(), jdk,
                jvmArgs, percentiles);
    }

    /** The benchmark class's simple name, e.g. {@code GemmBenchmark}. */
    public String className() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** The method name, e.g. {@code sgemm}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (it has " + params.keySet() + ")");
        }
        return value;
    }

    /** Converts a throughput score to operations per second. */
    public double perSecond(double value) {
        double perUnit = switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            case "ops/min" -> 1.0 / 60;
            default -> throw new IllegalStateException(benchmark + " reports '" + unit + "', not a throughput");
        };
        return value * perUnit;
    }

    /** The score in operations per second (throughput mode only). */
    public double opsPerSecond() {
        return perSecond(score);
    }

    /**
     * How steady the measured iterations were: {@code (max − min) / median} of all iteration scores, or NaN
     * with fewer than two iterations. A few percent is normal on a quiet machine; much more means the
     * benchmark was still warming up or the machine was busy.
     */
    public double spread() {
        if (iterations.length < 2) {
            return Double.NaN;
        }
        double[] sorted = iterations.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return (sorted[n - 1] - sorted[0]) / median;
    }
}
