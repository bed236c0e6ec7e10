package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.Inputs;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.tensor.internal.vector.VectorElementKernels;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * Which vector exp simdnn should use: its inline FMA polynomial ({@code VectorElementKernels.exp}, the kernel
 * behind {@code Ops.exp}, sigmoid, tanh and softmax), the Vector API's {@code lanewise(VectorOperators.EXP)}
 * (on x86 a call into Intel's SVML stubs shipped with the JDK), or scalar {@link Math#exp} as the baseline.
 *
 * <p>All three read the same {@code size} floats drawn from [-80, 80] and write {@code size} floats; at 2048
 * elements both arrays (16 KiB) stay in L1, so the score is arithmetic, not memory. 2063 = 2048 + 15 adds the
 * longest tail: simdnn's kernel finishes it with a scalar twin of its polynomial, the EXP variant with one
 * masked vector. Average time per call, nanoseconds; divide by {@code size} for ns per element. Each
 * trial first checks every result of the measured variant against {@link Math#exp} and prints the largest
 * relative error it saw, so the speed of a variant is never reported without its accuracy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExpBenchmark {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Ops.exp's contract; a variant that misses it is reported as such, not silently compared. */
    private static final double REQUIRED_RELATIVE_ERROR = 1e-6;

    @Param({"2048", "2063"})
    public int size;

    private final VectorElementKernels kernels = new VectorElementKernels();
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        Jvm.requireVectorKernels();
        x = Inputs.uniform(Inputs.SEED + 17, size, -80f, 80f);
        y = new float[size];
        report("polynomial", this::polynomial);
        report("vectorApiExp", this::vectorApiExp);
        report("mathExp", this::mathExp);
    }

    private void report(String name, Runnable variant) {
        variant.run();
        double max = 0;
        for (int i = 0; i < size; i++) {
            double ref = Math.exp(x[i]);
            max = Math.max(max, Math.abs(y[i] - ref) / ref);
        }
        System.out.printf("%s: max relative error %.3e over %d inputs%s%n", name, max, size,
                max <= REQUIRED_RELATIVE_ERROR ? "" : " -- MISSES the 1e-6 contract");
    }

    /** simdnn's kernel (VectorMath.exp): Cody–Waite reduction, degree-5 minimax polynomial, 2^n from exponent bits. */
    @Benchmark
    public float[] polynomial() {
        kernels.exp(size, x, 0, y, 0);
        return y;
    }

    /** The same loop shape around the Vector API's EXP operator. */
    @Benchmark
    public float[] vectorApiExp() {
        int n = size;
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, x, i, m).lanewise(VectorOperators.EXP).intoArray(y, i, m);
        }
        return y;
    }

    /** Scalar baseline: {@code (float) Math.exp(x)}, as the scalar kernels compute it. */
    @Benchmark
    public float[] mathExp() {
        for (int i = 0; i < size; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
        return y;
    }
}
