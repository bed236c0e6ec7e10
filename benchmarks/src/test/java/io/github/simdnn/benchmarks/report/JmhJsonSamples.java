package io.github.simdnn.benchmarks.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds entries shaped like JMH 1.37's JSON result file, with only the fields the report reads. */
final class JmhJsonSamples {

    private JmhJsonSamples() {
    }

    /** An entry whose percentiles are p0 = 1, p50 = 2, p90 = 3, p99 = 4, p99.9 = 5, p100 = 6. */
    static String entry(String benchmark, String mode, Map<String, String> params, double score, double error,
                        String unit, double... iterations) {
        return entry(benchmark, mode, params, score, error, unit, new double[] {1, 2, 3, 4, 5, 6}, iterations);
    }

    /** A {@code sample} entry with the given p0, p50, p90, p99, p99.9 and p100. */
    static String sample(String benchmark, Map<String, String> params, double score, String unit,
                         double... percentiles) {
        return entry(benchmark, "sample", params, score, 0.01, unit, percentiles, score);
    }

    private static String entry(String benchmark, String mode, Map<String, String> params, double score,
                                double error, String unit, double[] pct, double... iterations) {
        String paramsJson = params.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
        String raw = java.util.Arrays.stream(iterations).mapToObj(v -> String.format(Locale.ROOT, "%s", v))
                .collect(Collectors.joining(", ", "[[", "]]"));
        return String.format(Locale.ROOT, """
                {
                  "jmhVersion": "1.37", "benchmark": "%s", "mode": "%s", "threads": 1, "forks": 1,
                  "jvm": "/usr/lib/jvm/jdk/bin/java", "jvmArgs": ["--add-modules=jdk.incubator.vector", "-Xmx1g"],
                  "jdkVersion": "25.0.1", "vmName": "OpenJDK 64-Bit Server VM", "vmVersion": "25.0.1+8",
                  "warmupIterations": 1, "warmupTime": "1 s", "measurementIterations": %d, "measurementTime": "1 s",
                  "params": %s,
                  "primaryMetric": {
                    "score": %s, "scoreError": %s, "scoreConfidence": [0, 0],
                    "scorePercentiles": {"0.0": %s, "50.0": %s, "90.0": %s, "99.0": %s, "99.9": %s, "100.0": %s},
                    "scoreUnit": "%s", "rawData": %s
                  },
                  "secondaryMetrics": {}
                }""", benchmark, mode, iterations.length, paramsJson, score,
                Double.isNaN(error) ? "\"NaN\"" : Double.toString(error), pct[0], pct[1], pct[2], pct[3], pct[4], pct[5],
                unit, raw);
    }

    static String array(String... entries) {
        return "[" + String.join(",\n", entries) + "]";
    }
}
