package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.Inputs;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.internal.ScalarElementKernels;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The element-wise kernels of a dense layer's forward and backward pass, on one thread: bias add
 * ({@code Ops.addColumn}), bias gradient ({@code Ops.rowSums}), {@code Ops.sigmoid}, {@code Ops.exp} and
 * {@code Ops.softmaxColumns}. Each method named {@code op} calls the public {@link Ops} facade, which
 * dispatches to the Vector API kernels; its twin {@code opScalar} calls simdnn's scalar kernels
 * ({@code io.github.simdnn.tensor.internal.ScalarElementKernels}, reachable because the benchmarks run on the
 * class path) on the same data.
 *
 * <p><b>Sizes.</b> {@code size} is the number of elements per call, chosen so the arrays touched fit in L1
 * (2048 floats: 8 KiB per array), in L2 (65536: 256 KiB per array) or in no cache (16 Mi floats: 64 MiB per
 * array, twice the shared L3). Matrices are {@code size/128 × 128} (features × a batch of 128 samples) for
 * the bias add and row sums, and {@code 16 × size/16} (16 classes × samples) for the softmax.
 *
 * <p><b>Unit.</b> The score is calls per second ({@link Mode#Throughput}). The report multiplies it by
 * {@code size} for elements/s and by {@link #BYTES_PER_ELEMENT} for GB/s: the bytes each element must move at
 * least — 4 per float read plus 4 per float written (8 for bias add in place, sigmoid, exp and softmax, 4 for
 * row sums); bias and sums vectors are negligible. Beyond the caches compare GB/s with the triad bandwidth
 * measured in the same session; in L1 and L2 the kernels should be bound by arithmetic instead.
 *
 * <p><b>Forks, warm-up, iterations.</b> As {@link GemmBenchmark}: one fresh JVM per configuration, 5 × 1 s
 * warm-up so C2 has compiled the Vector API code, 5 × 1 s measured. <b>Correctness.</b> Each trial runs the
 * measured method once and checks it against a double-precision reference before timing (tolerances below).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {

    /** Columns (samples) of the bias-add and row-sum matrices. */
    public static final int BATCH = 128;

    /** Rows (classes) of the softmax matrix. */
    public static final int CLASSES = 16;

    /** Minimum bytes moved per element, by operation (the method name without {@code Scalar}). */
    public static final Map<String, Integer> BYTES_PER_ELEMENT = Map.of(
            "addColumn", 8, "rowSums", 4, "sigmoid", 8, "exp", 8, "softmaxColumns", 8);

    private static final double UNIT_ROUNDOFF = 0x1p-24;
    /** Ops.exp promises a relative error of at most 1e-6; the float result adds half an ulp. */
    private static final double EXP_TOLERANCE = 2e-6;
    /** Sigmoid and softmax: a few exp errors plus the divisions' rounding. */
    private static final double ACTIVATION_TOLERANCE = 1e-5;

    /** Elements per call: L1, L2 and beyond all caches. A multiple of {@link #BATCH} and {@link #CLASSES}. */
    @Param({"2048", "65536", "16777216"})
    public int size;

    private final ScalarElementKernels scalar = new ScalarElementKernels();
    private float[] x;
    private float[] y;
    private float[] bias;
    private float[] sums;
    private int rows;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        Jvm.requireVectorKernels();
        if (size % BATCH != 0 || size % CLASSES != 0) {
            throw new IllegalArgumentException("size must be a multiple of " + BATCH + " and " + CLASSES
                    + " but was " + size);
        }
        rows = size / BATCH;
        x = Inputs.uniform(Inputs.SEED + 3, size, -8f, 8f);
        y = new float[size];
        bias = Inputs.uniform(Inputs.SEED + 4, rows, -1e-3f, 1e-3f);
        sums = new float[rows];
        verify(params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1));
    }

    @Benchmark
    public float[] addColumn() {
        Ops.addColumn(rows, BATCH, bias, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] addColumnScalar() {
        scalar.addColumn(rows, BATCH, bias, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] rowSums() {
        Ops.rowSums(rows, BATCH, x, 0, sums, 0);
        return sums;
    }

    @Benchmark
    public float[] rowSumsScalar() {
        scalar.rowSums(rows, BATCH, x, 0, sums, 0);
        return sums;
    }

    @Benchmark
    public float[] sigmoid() {
        Ops.sigmoid(size, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] sigmoidScalar() {
        scalar.sigmoid(size, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] exp() {
        Ops.exp(size, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] expScalar() {
        scalar.exp(size, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] softmaxColumns() {
        Ops.softmaxColumns(CLASSES, size / CLASSES, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] softmaxColumnsScalar() {
        scalar.softmaxColumns(CLASSES, size / CLASSES, x, 0, y, 0);
        return y;
    }

    /** Runs {@code method} once and checks what it wrote; throws IllegalStateException on a wrong result. */
    private void verify(String method) {
        switch (method) {
            case "addColumn", "addColumnScalar" -> {
                System.arraycopy(x, 0, y, 0, size);
                run(method);
                for (int i = 0; i < size; i++) {
                    // One float addition is correctly rounded on every path: the result is exact.
                    check(method, i, y[i], x[i] + bias[i / BATCH], 0);
                }
            }
            case "rowSums", "rowSumsScalar" -> {
                run(method);
                for (int r = 0; r < rows; r++) {
                    double ref = 0;
                    double abs = 0;
                    for (int c = 0; c < BATCH; c++) {
                        ref += x[r * BATCH + c];
                        abs += Math.abs(x[r * BATCH + c]);
                    }
                    check(method, r, sums[r], ref, 2 * BATCH * UNIT_ROUNDOFF * abs);
                }
            }
            case "sigmoid", "sigmoidScalar" -> {
                run(method);
                for (int i = 0; i < size; i++) {
                    double ref = 1 / (1 + Math.exp(-x[i]));
                    check(method, i, y[i], ref, ACTIVATION_TOLERANCE * ref);
                }
            }
            case "exp", "expScalar" -> {
                run(method);
                for (int i = 0; i < size; i++) {
                    double ref = Math.exp(x[i]);
                    check(method, i, y[i], ref, EXP_TOLERANCE * ref);
                }
            }
            case "softmaxColumns", "softmaxColumnsScalar" -> {
                run(method);
                int cols = size / CLASSES;
                for (int c = 0; c < cols; c++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int r = 0; r < CLASSES; r++) {
                        max = Math.max(max, x[r * cols + c]);
                    }
                    double sum = 0;
                    for (int r = 0; r < CLASSES; r++) {
                        sum += Math.exp(x[r * cols + c] - max);
                    }
                    for (int r = 0; r < CLASSES; r++) {
                        double ref = Math.exp(x[r * cols + c] - max) / sum;
                        check(method, r * cols + c, y[r * cols + c], ref, ACTIVATION_TOLERANCE * ref);
                    }
                }
            }
            default -> throw new IllegalStateException("no verification for benchmark method " + method);
        }
    }

    private void run(String method) {
        switch (method) {
            case "addColumn" -> addColumn();
            case "addColumnScalar" -> addColumnScalar();
            case "rowSums" -> rowSums();
            case "rowSumsScalar" -> rowSumsScalar();
            case "sigmoid" -> sigmoid();
            case "sigmoidScalar" -> sigmoidScalar();
            case "exp" -> exp();
            case "expScalar" -> expScalar();
            case "softmaxColumns" -> softmaxColumns();
            case "softmaxColumnsScalar" -> softmaxColumnsScalar();
            default -> throw new IllegalStateException("unknown benchmark method " + method);
        }
    }

    private void check(String method, int index, float got, double ref, double tolerance) {
        if (!(Math.abs(got - ref) <= tolerance)) {
            throw new IllegalStateException(method + " computed a wrong result at element " + index + " of "
                    + size + ": " + got + " but the double-precision reference is " + ref + " (tolerance "
                    + tolerance + ")");
        }
    }
}
