package io.github.simdnn.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhResultTest {

    @Test
    void readsNamesParamsScoresAndIterations(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, JmhJsonSamples.array(
                JmhJsonSamples.entry("io.github.simdnn.benchmarks.GemmBenchmark.sgemm", "thrpt",
                        Map.of("problem", "NN:64", "threads", "2"), 1500.0, 12.5, "ops/s", 1490, 1500, 1510),
                JmhJsonSamples.entry("x.y.Latency.predict", "sample", Map.of(), 0.25, Double.NaN, "ms/op", 0.25)));
        List<JmhResult> results = JmhResult.read(json);
        assertEquals(2, results.size());
        JmhResult gemm = results.get(0);
        assertEquals("GemmBenchmark", gemm.className());
        assertEquals("sgemm", gemm.method());
        assertEquals("NN:64", gemm.param("problem"));
        assertEquals("2", gemm.param("threads"));
        assertEquals(1500.0, gemm.score());
        assertEquals(12.5, gemm.error());
        assertEquals(3, gemm.iterations().length);
        assertEquals("25.0.1 (OpenJDK 64-Bit Server VM 25.0.1+8)", gemm.jdk());
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "-Xmx1g"), gemm.jvmArgs());
        // (1510 - 1490) / 1500
        assertEquals(20.0 / 1500, gemm.spread(), 1e-12);
        JmhResult latency = results.get(1);
        assertTrue(Double.isNaN(latency.error()));
        assertTrue(Double.isNaN(latency.spread()), "one iteration has no spread");
        assertEquals(4.0, latency.percentiles().get("99.0"));
        assertThrows(IllegalStateException.class, latency::opsPerSecond);
        assertThrows(IllegalArgumentException.class, () -> gemm.param("size"));
    }

    @Test
    void convertsThroughputUnitsToPerSecond(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, JmhJsonSamples.array(
                JmhJsonSamples.entry("a.B.c", "thrpt", Map.of(), 3.0, 0.0, "ops/ms", 3),
                JmhJsonSamples.entry("a.B.d", "thrpt", Map.of(), 2.0, 0.0, "ops/us", 2)));
        List<JmhResult> results = JmhResult.read(json);
        assertEquals(3000.0, results.get(0).opsPerSecond(), 1e-9);
        assertEquals(2e6, results.get(1).opsPerSecond(), 1e-6);
    }

    @Test
    void rejectsAFileThatIsNotAnArray(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "{\"benchmark\": \"x\"}");
        assertThrows(IOException.class, () -> JmhResult.read(json));
    }
}
