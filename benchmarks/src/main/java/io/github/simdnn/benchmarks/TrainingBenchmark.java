package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.CallerThreads;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.benchmarks.support.Mlp;
import io.github.simdnn.benchmarks.support.MlpReference;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Transpose;
import io.github.simdnn.training.Optimizer;
import io.github.simdnn.training.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The full mini-batch SGD step of the 784-256-10 MLP ({@link Mlp}) at several batch sizes on 1 and 2 caller-owned
 * threads, in two forms: {@link #step} through the optimizer API ({@code zeroGrad(); forward(x, m);
 * backward(labels); step()}), and {@link #stepInsideBackward} ({@code forwardInputPanels(m); backwardSgdStep(labels,
 * η, 0)}), which is what {@code Trainer} runs with a plain {@code Sgd} once it has gathered the batch into the
 * network's input panels (that gather, like the batch's assembly in any training loop, is not measured here; the
 * command-line trainer's samples/s, {@link TrainerEpochBenchmark} and {@code BestOfLoops batchstep} include it). The target is 120,000
 * samples/s on one thread at batch 128 (about 85% of what one core's FMA peak allows for the ≈0.82 MFLOP of GEMM
 * work per sample) and 1.8× that on two.
 *
 * <p><b>Unit.</b> Batches per second ({@link Mode#Throughput}); the report multiplies by {@code batch} for
 * samples/s. <b>Forks, warm-up, iterations:</b> as {@link GemmBenchmark}, plus 2 s of steps in the setup of
 * two-thread trials ({@link CallerThreads#warmUp}). <b>Correctness:</b> each trial first checks the gradients
 * against a double-precision reference ({@link MlpReference}), then that one {@code step()}, and one
 * {@code backwardSgdStep}, moved every weight by exactly {@code -lr·dW} (to float rounding), and that the batch in the
 * input panels gives the output of {@code forward(x, m)}, bit for bit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainingBenchmark {

    /** Small enough that the random-label problem does not diverge during a run. */
    private static final double LEARNING_RATE = 0.01;

    /** Samples per mini-batch (columns of X); 127 leaves a partial 16-column panel, as most last batches do. */
    @Param({"32", "127", "128", "512"})
    public int batch;

    /** Threads (the caller's plus a caller-owned executor's) the network and the optimizer may use. */
    @Param({"1", "2"})
    public int threads;

    private Network network;
    private Optimizer optimizer;
    private float[] x;
    private int[] labels;
    private CallerThreads callerThreads;

    @Setup
    public void setUp(BenchmarkParams benchmark) {
        Jvm.requireVectorKernels();
        network = Mlp.network(batch);
        x = Mlp.features(batch);
        labels = Mlp.labels(batch);
        callerThreads = new CallerThreads(threads);
        network.setParallelism(callerThreads.parallelism());
        optimizer = new Sgd(network.parameters(), LEARNING_RATE);
        optimizer.setParallelism(callerThreads.parallelism());
        verifyOneStep(false);
        verifyOneStep(true);
        // The batch stepInsideBackward runs on, in the two panel forms the trainer's gather writes.
        Network.InputPanels panels = network.inputPanels();
        panels.columns().pack(Transpose.NO, Mlp.INPUTS, batch, x, 0, batch);
        panels.rows().pack(Transpose.YES, batch, Mlp.INPUTS, x, 0, batch);
        float[] fromColumns = network.forward(x, batch).clone();
        float[] fromPanels = network.forwardInputPanels(batch);
        for (int k = 0; k < fromColumns.length; k++) {
            if (Float.floatToRawIntBits(fromColumns[k]) != Float.floatToRawIntBits(fromPanels[k])) {
                throw new IllegalStateException("forwardInputPanels: output " + k + " is " + fromPanels[k]
                        + " but forward gives " + fromColumns[k]);
            }
        }
        boolean inside = benchmark.getBenchmark().contains("stepInsideBackward");
        callerThreads.warmUp(inside ? this::stepInsideBackward : this::step);
    }

    private void verifyOneStep(boolean insideBackward) {
        optimizer.zeroGrad();
        network.forward(x, batch);
        network.backward(labels);
        MlpReference.verifyGradients("Network.backward", network, x, labels, batch);
        List<Parameter> parameters = network.parameters();
        float[][] before = new float[parameters.size()][];
        for (int i = 0; i < before.length; i++) {
            before[i] = parameters.get(i).value().clone();
        }
        if (insideBackward) {
            network.backwardSgdStep(labels, (float) LEARNING_RATE, 0f);   // same forward, same dZ
        } else {
            optimizer.step();
        }
        MlpReference.verifySgdStep(insideBackward ? "backwardSgdStep" : "Sgd.step", network, before,
                (float) LEARNING_RATE);
    }

    @TearDown
    public void tearDown() {
        callerThreads.close();
    }

    @Benchmark
    public float[] step() {
        optimizer.zeroGrad();
        network.forward(x, batch);
        network.backward(labels);
        optimizer.step();
        return network.parameters().get(0).value();
    }

    @Benchmark
    public float[] stepInsideBackward() {
        network.forwardInputPanels(batch);
        network.backwardSgdStep(labels, (float) LEARNING_RATE, 0f);
        return network.parameters().get(0).value();
    }

    /**
     * {@link #stepInsideBackward} timed step by step ({@link Mode#SampleTime}, µs per step): the distribution of the
     * step time. On these shared 2-core VMs the host now and then takes the second core away for a while, and a
     * two-thread step then runs at about the one-thread speed; {@link Mode#Throughput} averages those periods in,
     * while the median here is the step when both cores run and the upper percentiles show how often they do not.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] stepInsideBackwardTime() {
        return stepInsideBackward();
    }
}
