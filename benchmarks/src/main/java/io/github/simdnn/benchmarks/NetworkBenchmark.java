package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.CallerThreads;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.benchmarks.support.Mlp;
import io.github.simdnn.benchmarks.support.MlpReference;
import io.github.simdnn.nn.Network;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * One mini-batch through the 784-256-10 MLP ({@link Mlp}) with nn-layers' {@link Network}: {@link #forward}
 * alone, and {@link #forwardBackward} — {@code zeroGradients(); forward(x, m); backward(labels)}, a training step
 * without the optimizer's update — at several batch sizes, on 1 and 2 caller-owned threads
 * ({@code Network.setParallelism}).
 *
 * <p><b>Unit.</b> The score is batches per second ({@link Mode#Throughput}); the report multiplies it by
 * {@code batch} for samples/s. <b>Forks, warm-up, iterations:</b> as {@link GemmBenchmark}, plus
 * 2 s of calls in the setup of two-thread trials ({@link CallerThreads#warmUp}).
 * <b>Correctness:</b> each trial runs the measured method once and checks the output probabilities, or every
 * weight and bias gradient, against a double-precision forward / backward pass ({@link MlpReference}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class NetworkBenchmark {

    /** Samples per mini-batch (columns of X). */
    @Param({"32", "128", "512"})
    public int batch;

    /** Threads the network's matrix products may use; shared name with {@link GemmBenchmark#threads}. */
    @Param({"1", "2"})
    public int threads;

    private Network network;
    private float[] x;
    private int[] labels;
    private float[] firstWeightGradient;
    private CallerThreads callerThreads;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        Jvm.requireVectorKernels();
        network = Mlp.network(batch);
        x = Mlp.features(batch);
        labels = Mlp.labels(batch);
        firstWeightGradient = network.parameters().get(0).gradient();
        callerThreads = new CallerThreads(threads);
        network.setParallelism(callerThreads.parallelism());
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        switch (method) {
            case "forward" -> {
                MlpReference.verifyOutput("Network.forward", network, x, batch, forward());
                callerThreads.warmUp(this::forward);
            }
            case "forwardBackward" -> {
                forwardBackward();
                MlpReference.verifyGradients("Network.backward", network, x, labels, batch);
                callerThreads.warmUp(this::forwardBackward);
            }
            default -> throw new IllegalStateException("no verification for benchmark method " + method);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        callerThreads.close();
    }

    @Benchmark
    public float[] forward() {
        return network.forward(x, batch);
    }

    @Benchmark
    public float[] forwardBackward() {
        network.zeroGradients();
        network.forward(x, batch);
        network.backward(labels);
        return firstWeightGradient;
    }
}
