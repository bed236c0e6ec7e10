package io.github.simdnn.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportMainTest {

    private static final String PKG = "io.github.simdnn.benchmarks.";

    @Test
    void derivesGflopsPeakFractionsRatiosAndBandwidth(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), JmhJsonSamples.array(
                // NN:100: 2·100³ = 2e6 flop per op. 10000 ops/s -> 20 GFLOP/s; 25000 ops/s -> 50 GFLOP/s.
                JmhJsonSamples.entry(PKG + "GemmBenchmark.sgemm", "thrpt", Map.of("problem", "NN:100", "threads", "1"),
                        10000, 100, "ops/s", 9900, 10000, 10100),
                JmhJsonSamples.entry(PKG + "GemmBenchmark.sgemm", "thrpt", Map.of("problem", "NN:100", "threads", "2"),
                        25000, 100, "ops/s", 25000, 25000),
                // EJML at 2500 ops/s -> 5 GFLOP/s, so simdnn 1 thread is 4x, 2 threads 10x.
                JmhJsonSamples.entry(PKG + "GemmBaselineBenchmark.ejml", "thrpt", Map.of("baselineProblem", "NN:100"),
                        2500, 10, "ops/s", 2500, 2500),
                // exp on 65536 elements at 10000 calls/s: 0.655 Gelem/s, 8 B each -> 5.24 GB/s; scalar at 2000 calls/s.
                JmhJsonSamples.entry(PKG + "ElementwiseBenchmark.exp", "thrpt", Map.of("size", "65536"),
                        10000, 10, "ops/s", 10000, 10000),
                JmhJsonSamples.entry(PKG + "ElementwiseBenchmark.expScalar", "thrpt", Map.of("size", "65536"),
                        2000, 10, "ops/s", 2000, 2000),
                // 100 batches/s of 128 samples: 12800 samples/s, 10 ms per batch; 2 threads 150 batches/s = 1.5x.
                JmhJsonSamples.entry(PKG + "TrainingBenchmark.step", "thrpt",
                        Map.of("batch", "32", "threads", "1"), 400, 1, "ops/s", 400, 400),
                JmhJsonSamples.entry(PKG + "NetworkBenchmark.forwardBackward", "thrpt",
                        Map.of("batch", "128", "threads", "1"), 100, 1, "ops/s", 100, 100),
                JmhJsonSamples.entry(PKG + "NetworkBenchmark.forwardBackward", "thrpt",
                        Map.of("batch", "128", "threads", "2"), 150, 1, "ops/s", 150, 150),
                // Sampled step times: p50 1000 us on one thread, 550 us on two (1.82x); 128 samples per 550 us.
                JmhJsonSamples.sample(PKG + "TrainingBenchmark.stepInsideBackwardTime",
                        Map.of("batch", "128", "threads", "1"), 1010, "us/op", 900, 1000, 1100, 1300, 2000, 3000),
                JmhJsonSamples.sample(PKG + "TrainingBenchmark.stepInsideBackwardTime",
                        Map.of("batch", "128", "threads", "2"), 700, "us/op", 500, 550, 1000, 1200, 2000, 3000),
                // The sample entries have p50 = 2, p99 = 4, p99.9 = 5 (see JmhJsonSamples): 2 us per call of 16.
                JmhJsonSamples.entry(PKG + "InferenceLatencyBenchmark.predict", "sample", Map.of("latencyBatch", "16"),
                        2.5, 0.01, "us/op", 2.5),
                // Epochs of 60000 samples: 500 ms -> 120000 samples/s, 1.10x the 550 ms of floats; 2 threads
                // 300 ms -> 200000 samples/s, 1.67x one thread.
                JmhJsonSamples.entry(PKG + "TrainerEpochBenchmark.epoch", "ss", Map.of("samples", "60000",
                        "storage", "bytes", "optimizer", "sgd", "threads", "1"), 500, 5, "ms/op", 500, 500),
                JmhJsonSamples.entry(PKG + "TrainerEpochBenchmark.epoch", "ss", Map.of("samples", "60000",
                        "storage", "floats", "optimizer", "sgd", "threads", "1"), 550, 5, "ms/op", 540, 560),
                JmhJsonSamples.entry(PKG + "TrainerEpochBenchmark.epoch", "ss", Map.of("samples", "60000",
                        "storage", "bytes", "optimizer", "sgd", "threads", "2"), 300, 3, "ms/op", 300, 300),
                // A benchmark the report has no section for goes to "other benchmarks" with its raw score.
                JmhJsonSamples.entry(PKG + "CheckpointBenchmark.save", "sample", Map.of("epochs", "1"),
                        0.5, 0.01, "ms/op", 0.5)));
        Files.writeString(dir.resolve("peakflops.txt"), """
                fp32 FMA zmm (512b) 1 thread       best    100.00  median     99.00 GFLOP/s  (n=3)
                fp32 FMA zmm 2 threads (total)     best    200.00  median    198.00 GFLOP/s  (n=3)
                triad a=b+s*c 1 thread(s)          best     20.00  median     19.00 GB/s  (n=3)
                """);
        Files.writeString(dir.resolve("environment.properties"), "date=2025-01-02 03:04\nmode=quick\ncpu=Test CPU\n");
        // What each fork printed: the report counts it (this JVM's own kernels say nothing about the forks).
        Files.writeString(dir.resolve("jmh.log"), """
                # Fork: 1 of 1
                # Warmup Iteration   1: simdnn implementation in this fork: vector (256-bit)
                # Fork: 1 of 1
                simdnn implementation in this fork: vector (256-bit)
                # Fork: 1 of 1
                simdnn implementation in this fork: scalar
                """);

        int status = new CommandLine(new ReportMain()).execute("--results", dir.toString());

        assertEquals(0, status);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("# simdnn benchmarks: quick, 2025-01-02 03:04"), report);
        assertTrue(report.contains("| CPU | Test CPU |"), report);
        assertTrue(report.contains("| simdnn kernels (forks) | vector (256-bit) in 2 forks; scalar in 1 fork |"), report);
        // simdnn 1 thread: 20 GFLOP/s, 20 % of 100, vs EJML 4x, spread (10100-9900)/10000 = 2 %.
        assertTrue(report.contains("| NN:100 | 100×100×100 | 1 | 20.0 | 0.200 | 20.0 % | – | – | 4.00× | – | 2.0 % |"), report);
        // 2 threads: 50 GFLOP/s, 25 % of 200, 2.5x one thread, 10x EJML.
        assertTrue(report.contains("| NN:100 | 100×100×100 | 2 | 50.0 | 0.200 | 25.0 % | 2.50× | – | 10.0× | – | 0.0 % |"), report);
        assertTrue(report.contains("| NN:100 | 100×100×100 | EJML | 5.00 |"), report);
        // 0.655 Gelem/s, 5.24 GB/s = 26.2 % of 20 GB/s, L2 (512 KiB moved), 5x scalar.
        assertTrue(report.contains("| exp | 65536 | L2 | vector | 0.655 | 5.24 | 26.2 % | 5.00× |"), report);
        // The step's products, 818,176 FLOP per sample: 12800 samples/s = 10.47 GFLOP/s, 10.5 % of 100; on two
        // threads 19200 samples/s = 15.7 GFLOP/s, 7.9 % of 200.
        assertTrue(report.contains("| forwardBackward | 128 | 1 | 12800 | 10.0 | 128 | 10.5 % | – | 0.0 % |"), report);
        assertTrue(report.contains("| forwardBackward | 128 | 2 | 19200 | 6.67 | 128 | 7.9 % | 1.50× | 0.0 % |"), report);
        // At p50: 128000 samples/s = 104.7 GFLOP/s (of 100: the fixture is not a real machine); 232727 = 95.2 % of 200.
        assertTrue(report.contains("| stepInsideBackwardTime | 128 | 1 | 1000 | 1100 | 1300 | us/op | 128000 | 104.7 % | – |"), report);
        assertTrue(report.contains("| stepInsideBackwardTime | 128 | 2 | 550 | 1000 | 1200 | us/op | 232727 | 95.2 % | 1.82× |"), report);
        assertTrue(report.contains("| sgd | bytes | 1 | 120000 | 500 | 5.00 | – | 1.10× | 0.0 % |"), report);
        assertTrue(report.contains("| sgd | bytes | 2 | 200000 | 300 | 3.00 | 1.67× | – | 0.0 % |"), report);
        assertTrue(report.contains("| sgd | floats | 1 | 109091 | 550 | 5.00 | – | – | 3.6 % |"), report);
        // 16 samples per 2 us: 0.125 us per sample, 8e6 samples/s.
        assertTrue(report.contains("| 16 | 2.00 | 4.00 | 5.00 | 2.50 | us/op | 0.125 | 8000000 |"), report);
        // Benchmarks without a section of their own still appear, with their percentiles.
        // 400 steps/s of 32 samples: 12800 samples/s, 2.5 ms per step.
        assertTrue(report.contains("| step | 32 | 1 | 12800 | 2.50 |"), report);
        assertTrue(report.contains("| CheckpointBenchmark.save | epochs=1 | sample | 0.500 | 0.0100 | ms/op | 2.00 | 4.00 | 5.00 |"), report);
        assertTrue(Files.size(dir.resolve("gemm-nn.png")) > 1000, "GEMM chart written");
        assertTrue(Files.size(dir.resolve("elementwise.png")) > 1000, "element-wise chart written");
        assertTrue(report.contains("(gemm-nn.png)"), report);
    }
}
