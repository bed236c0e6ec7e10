package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.benchmarks.support.Mlp;
import io.github.simdnn.benchmarks.support.MlpReference;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Latency of one {@link Predictor#predict} call on the 784-256-10 MLP ({@link Mlp}), as a service answering
 * requests would see it: one sample ({@code predict(features, out)}) or a small batch given one sample per
 * column ({@code predict(features, n, out)}), on the calling thread.
 *
 * <p><b>Unit.</b> {@link Mode#SampleTime}: JMH times individual calls and reports the distribution; the report
 * shows p50, p99 and p99.9 in microseconds (tail latency is what a service cares about). <b>Forks, warm-up,
 * iterations:</b> as {@link GemmBenchmark}. The 5 s of measurement sample hundreds of thousands of single-sample
 * calls (463,538 in full-18), so p99.9 rests on hundreds of them; a batch of 128 takes hundreds of µs a call, so
 * its 5,000–15,000 samples leave p99.9 to a handful: read it there as a rough tail only. <b>Correctness:</b> each trial's first prediction is checked against a double-precision forward
 * pass ({@link MlpReference}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class InferenceLatencyBenchmark {

    /** Samples per call: 1 uses the single-sample entry point. */
    @Param({"1", "16", "128"})
    public int latencyBatch;

    private Predictor predictor;
    private float[] features;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Jvm.requireVectorKernels();
        Network network = Mlp.network(latencyBatch);
        predictor = network.predictor(latencyBatch);
        features = Mlp.features(latencyBatch);
        out = new float[Mlp.CLASSES * latencyBatch];
        MlpReference.verifyOutput("Predictor.predict", network, features, latencyBatch, predict());
    }

    @Benchmark
    public float[] predict() {
        if (latencyBatch == 1) {
            predictor.predict(features, out);
        } else {
            predictor.predict(features, latencyBatch, out);
        }
        return out;
    }
}
