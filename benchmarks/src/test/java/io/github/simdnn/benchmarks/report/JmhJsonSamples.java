package io.github.simdnn.benchmarks.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds entries shaped like JMH 1.37's JSON result file, with only the fields the report reads. */
final class JmhJsonSamples {

    private JmhJsonSamples() {
    }

    static String entry(String benchmark, String mode, Map<String, String> params, double score, double error,
                        String unit, double... iterations) {
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
                    "scorePercentiles": {"0.0": 1.0, "50.0": 2.0, "90.0": 3.0, "99.0": 4.0, "99.9": 5.0, "100.0": 6.0},
                    "scoreUnit": "%s", "rawData": %s
                  },
                  "secondaryMetrics": {}
                }""", benchmark, mode, iterations.length, paramsJson, score,
                Double.isNaN(error) ? "\"NaN\"" : Double.toString(error), unit, raw);
    }

    static String array(String... entries) {
        return "[" + String.join(",\n", entries) + "]";
    }
}
