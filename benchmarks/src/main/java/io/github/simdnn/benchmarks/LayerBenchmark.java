package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.Inputs;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.Layer;
import io.github.simdnn.nn.Sigmoid;
import io.github.simdnn.tensor.Parallelism;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Each layer of the 784-256-10 MLP on its own, one thread: {@link #forward} and {@link #backward} of
 * {@code dense(784,256)}, {@code sigmoid(256)} and {@code dense(256,10)} at batch 32, 128 and 512. A dense
 * layer's forward is one GEMM (2·out·in·m FLOP) plus the bias add; its backward two GEMMs (dW and dX,
 * 4·out·in·m FLOP) plus the bias row sums; so ops/s × those FLOP counts against {@link GemmBenchmark}'s figures
 * for the same shapes shows the share of time spent outside the GEMMs. The sigmoid has no GEMM at all. (In the
 * MLP's training step the first dense layer computes no dX, as nothing below it trains; here it does.)
 *
 * <p><b>Unit.</b> Calls per second ({@link Mode#Throughput}). <b>Forks, warm-up, iterations:</b> as
 * {@link GemmBenchmark}. <b>Correctness:</b> each trial checks every output of one forward call against a
 * double-precision reference (W·X + b, or 1/(1+e^-x)) before timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LayerBenchmark {

    @Param({"dense(784,256)", "sigmoid(256)", "dense(256,10)"})
    public String layer;

    @Param({"32", "128", "512"})
    public int batch;

    private Layer measured;
    private float[] input;
    private float[] output;
    private float[] outputGradient;
    private float[] inputGradient;

    @Setup
    public void setUp() {
        Jvm.requireVectorKernels();
        measured = switch (layer) {
            case "dense(784,256)" -> new Dense(784, 256, Inputs.SEED);
            case "sigmoid(256)" -> new Sigmoid(256);
            case "dense(256,10)" -> new Dense(256, 10, Inputs.SEED);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        int in = measured.inputSize();
        int out = measured.outputSize();
        input = Inputs.uniform(Inputs.SEED + 30, in * batch, -1f, 1f);
        output = new float[out * batch];
        outputGradient = Inputs.uniform(Inputs.SEED + 31, out * batch, -0.01f, 0.01f);
        inputGradient = new float[in * batch];
        if (measured instanceof Dense dense) {
            dense.setBias(Inputs.uniform(Inputs.SEED + 32, out, -0.1f, 0.1f));
        }
        forward();
        verifyForward(in, out);
    }

    private void verifyForward(int in, int out) {
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < batch; c++) {
                double expected;
                double scale;
                if (measured instanceof Dense dense) {
                    float[] w = dense.weight().value();
                    double sum = dense.bias().value()[r];
                    double magnitude = Math.abs(sum);
                    for (int k = 0; k < in; k++) {
                        sum += (double) w[r * in + k] * input[k * batch + c];
                        magnitude += Math.abs((double) w[r * in + k] * input[k * batch + c]);
                    }
                    expected = sum;
                    scale = (in + 2) * 0x1p-24 * magnitude;
                } else {
                    expected = 1 / (1 + Math.exp(-input[r * batch + c]));
                    scale = 1e-6;
                }
                double actual = output[r * batch + c];
                if (!(Math.abs(actual - expected) <= scale + 1e-30)) {
                    throw new IllegalStateException(layer + " forward: output[" + r + "][" + c + "] is " + actual
                            + " but the reference is " + expected);
                }
            }
        }
    }

    @Benchmark
    public float[] forward() {
        measured.forward(Parallelism.SEQUENTIAL, input, output, batch);
        return output;
    }

    /** dW += dZ·Xᵀ, db += Σ dZ, dX = Wᵀ·dZ for a dense layer; dX = dZ·A·(1 − A) for the sigmoid. */
    @Benchmark
    public float[] backward() {
        measured.backward(Parallelism.SEQUENTIAL, input, output, outputGradient, inputGradient, batch);
        return inputGradient;
    }
}
