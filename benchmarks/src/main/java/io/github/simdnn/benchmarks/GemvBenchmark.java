package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.Inputs;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.PackedMatrix;
import io.github.simdnn.tensor.Transpose;
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
 * Matrix-vector products {@code y = W·x + b}, the single-sample forward of a dense layer: {@link #packed}
 * ({@link PackedMatrix}, W packed off-heap and cache-line aligned) against its baseline in the same run,
 * {@link #sgemm} ({@code Blas.sgemm} with n = 1 on the heap array W, then the bias add). Both read every weight
 * once, so the figure to compare them with is the time to stream W (rows·cols·4 bytes) at the machine's read
 * bandwidth. 256×784 is the MLP's first layer (784 KiB, L2-resident), 10×256 its output layer, 257×783 an odd
 * shape with a partial last vector.
 *
 * <p><b>Unit.</b> Average time per call in µs ({@link Mode#AverageTime}). <b>Forks:</b> 2, because the heap
 * array's alignment — which decides whether sgemm's vector loads straddle cache lines — differs from one JVM to
 * the next. <b>Correctness:</b> each trial compares both forms against a double-precision reference first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemvBenchmark {

    /** rows x cols of W. */
    @Param({"256x784", "10x256", "257x783"})
    public String shape;

    private int rows;
    private int cols;
    private float[] w;
    private float[] bias;
    private float[] x;
    private float[] y;
    private PackedMatrix matrix;

    @Setup
    public void setUp() {
        Jvm.requireVectorKernels();
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        w = Inputs.uniform(Inputs.SEED + 40, rows * cols, -1f, 1f);
        bias = Inputs.uniform(Inputs.SEED + 41, rows, -1f, 1f);
        x = Inputs.uniform(Inputs.SEED + 42, cols, -1f, 1f);
        y = new float[rows];
        matrix = PackedMatrix.of(rows, cols, w, 0, cols, bias, 0);
        verify("packed", packed());
        verify("sgemm", sgemm());
    }

    private void verify(String form, float[] result) {
        for (int i = 0; i < rows; i++) {
            double sum = bias[i];
            double magnitude = Math.abs(sum);
            for (int p = 0; p < cols; p++) {
                double t = (double) w[i * cols + p] * x[p];
                sum += t;
                magnitude += Math.abs(t);
            }
            if (!(Math.abs(result[i] - sum) <= (cols + 2) * 0x1p-24 * magnitude + 1e-30)) {
                throw new IllegalStateException(form + " " + shape + ": y[" + i + "] is " + result[i]
                        + " but the reference is " + sum);
            }
        }
    }

    @Benchmark
    public float[] packed() {
        matrix.multiply(x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] sgemm() {
        Blas.sgemm(Transpose.NO, Transpose.NO, rows, 1, cols, 1f, w, 0, cols, x, 0, 1, 0f, y, 0, 1);
        Blas.saxpy(rows, 1f, bias, 0, y, 0);
        return y;
    }
}
