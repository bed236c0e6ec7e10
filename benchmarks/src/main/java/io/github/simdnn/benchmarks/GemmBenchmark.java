package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.CallerThreads;
import io.github.simdnn.benchmarks.support.GemmCheck;
import io.github.simdnn.benchmarks.support.GemmProblem;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Parallelism;
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

import java.util.concurrent.TimeUnit;

/**
 * simdnn's {@link Blas#sgemm} ({@code C = op(A)·op(B)}, alpha 1, beta 0) on square problems, including odd
 * sizes that exercise the kernels' edge handling, and on the GEMMs of one training step of a 784-256-10 MLP
 * with batch 128, with 1 and 2 caller-owned threads. {@link GemmBaselineBenchmark} measures the same problems
 * with other implementations in the same run.
 *
 * <p><b>Unit.</b> The score is multiplies per second ({@link Mode#Throughput}); the report converts it to
 * GFLOP/s as {@code score · 2·m·n·k / 1e9} (see {@link GemmProblem#flops()}) and to a fraction of the
 * machine's FMA peak measured in the same session. JMH's own numbers stay plain ops/s so that its error
 * estimates remain valid and the JSON is self-explanatory.
 *
 * <p><b>Forks, warm-up, iterations.</b> One fork per configuration (the run script accepts {@code -f N} for
 * more): each problem gets a fresh JVM, so JIT profiles of another size or layout cannot leak in. The Vector
 * API is only fast once C2 has compiled and intrinsified the kernel — interpreted or C1-compiled vector code
 * allocates a box per vector operation and runs 10–100× slower — so the 5 × 1 s warm-up covers tiered
 * compilation and OSR even for 2048³ (a few dozen multiplies per second at vector speed). The 5 × 1 s
 * measured iterations each contain many multiplies; the report prints their spread (max − min over median)
 * so a still-warming or disturbed run is visible, not averaged away.
 *
 * <p><b>Correctness.</b> Each trial first runs the measured code once on C filled with NaN and checks every
 * element against a double-precision reference ({@link GemmCheck}); a wrong result fails the trial before
 * anything is timed. Inputs come from fixed seeds. C is returned, so JMH sinks it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /**
     * The problems of the {@code full} suite (see {@link GemmProblem} for the notation): square sizes around
     * powers of two, odd ones hitting every edge case of a blocked kernel, in all three layouts the network
     * uses; then the GEMMs of the 784-256-10 MLP at batch 128 — forward {@code W·X}, weight gradients
     * {@code dZ·Aᵀ}, the hidden layer's input gradient {@code Wᵀ·dZ} ({@code TN:256x10x128}) — and the first
     * layer's input gradient {@code TN:784x256x128}, which a network computes only when a layer below it trains:
     * the MLP's step skips it, and its 818,176 FLOP per sample leave it out.
     */
    @Param({
            "NN:63", "NN:64", "NN:127", "NN:128", "NN:255", "NN:256", "NN:500", "NN:512", "NN:1024", "NN:2048",
            "NT:63", "NT:64", "NT:127", "NT:128", "NT:255", "NT:256", "NT:500", "NT:512", "NT:1024", "NT:2048",
            "TN:63", "TN:64", "TN:127", "TN:128", "TN:255", "TN:256", "TN:500", "TN:512", "TN:1024", "TN:2048",
            "NN:256x784x128", "NN:10x256x128",
            "NT:10x128x256", "NT:256x128x784",
            "TN:256x10x128", "TN:784x256x128"})
    public String problem;

    /** Threads simdnn may use: the calling one plus {@code threads - 1} from a pool the benchmark owns. */
    @Param({"1", "2"})
    public int threads;

    private GemmProblem p;
    private float[] a;
    private float[] b;
    private float[] c;
    private CallerThreads callerThreads;
    private Parallelism parallelism;

    @Setup(Level.Trial)
    public void setUp() {
        Jvm.requireVectorKernels();
        p = GemmProblem.parse(problem);
        a = p.newA();
        b = p.newB();
        c = new float[p.m() * p.n()];
        callerThreads = new CallerThreads(threads);
        parallelism = callerThreads.parallelism();
        GemmCheck.poison(c);
        sgemm();
        GemmCheck.verify("simdnn sgemm with " + threads + " thread(s)", p, a, b, c);
        // Two threads: 2 s more warm-up, as for the training step (CallerThreads.warmUp says why).
        callerThreads.warmUp(this::sgemm);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        callerThreads.close();
    }

    @Benchmark
    public float[] sgemm() {
        Blas.sgemm(parallelism, p.transposeA(), p.transposeB(), p.m(), p.n(), p.k(),
                1f, a, 0, p.lda(), b, 0, p.ldb(), 0f, c, 0, p.n());
        return c;
    }
}
