package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.GemmCheck;
import io.github.simdnn.benchmarks.support.GemmProblem;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.tensor.internal.ScalarGemm;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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

import java.util.concurrent.TimeUnit;

/**
 * Baselines for {@link GemmBenchmark}, single-threaded, on the same inputs (same seeds) and in the same run:
 * <ul>
 *   <li>{@link #naive}: the textbook float triple loop in i-j-k order, a dot product per element of C — what
 *       "plain Java" means;</li>
 *   <li>{@link #scalarKernel}: simdnn's own scalar fallback, {@code io.github.simdnn.tensor.internal.ScalarGemm},
 *       called directly (the benchmarks sit on the class path, so the unexported internal package is
 *       reachable here, and only here): the speed-up of the Vector API kernels over simdnn without them;</li>
 *   <li>{@link #ejml}: EJML's {@code CommonOps_FDRM.mult / multTransB / multTransA} on {@link FMatrixRMaj}
 *       views of the same arrays — a mature pure-Java dense library.</li>
 * </ul>
 * The parameter is called {@code baselineProblem}, not {@code problem}, so a run can measure the slow
 * baselines on fewer or smaller problems than simdnn ({@code -p baselineProblem=...}). The default list stops
 * at 1024 (naive 2048³ takes tens of seconds per multiply) and covers the non-NN layouts at a few sizes.
 * Unit, forks, warm-up and verification: as in {@link GemmBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBaselineBenchmark {

    @Param({
            "NN:63", "NN:64", "NN:127", "NN:128", "NN:255", "NN:256", "NN:500", "NN:512", "NN:1024",
            "NT:127", "NT:512", "NT:1024",
            "TN:127", "TN:512", "TN:1024",
            "NN:256x784x128", "NN:10x256x128",
            "NT:10x128x256", "NT:256x128x784",
            "TN:256x10x128", "TN:784x256x128"})
    public String baselineProblem;

    private GemmProblem p;
    private float[] a;
    private float[] b;
    private float[] c;
    private final ScalarGemm scalar = new ScalarGemm();
    private int scalarPlan;
    private FMatrixRMaj ejmlA;
    private FMatrixRMaj ejmlB;
    private FMatrixRMaj ejmlC;

    /** Prepares inputs and checks the result of the one method this trial measures. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        p = GemmProblem.parse(baselineProblem);
        if (p.transA() && p.transB()) {
            throw new IllegalArgumentException("EJML has no A^T·B^T multiply; TT is not a baseline problem: " + p);
        }
        a = p.newA();
        b = p.newB();
        c = new float[p.m() * p.n()];
        scalarPlan = scalar.plan(p.transA(), p.transB(), p.m(), p.n(), p.k());
        ejmlA = FMatrixRMaj.wrap(p.aRows(), p.lda(), a);
        ejmlB = FMatrixRMaj.wrap(p.bRows(), p.ldb(), b);
        ejmlC = FMatrixRMaj.wrap(p.m(), p.n(), c);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        GemmCheck.poison(c);
        switch (method) {
            case "naive" -> naive();
            case "scalarKernel" -> scalarKernel();
            case "ejml" -> ejml();
            default -> throw new IllegalStateException("no verification for benchmark method " + method);
        }
        GemmCheck.verify(method, p, a, b, c);
    }

    @Benchmark
    public float[] naive() {
        int m = p.m();
        int n = p.n();
        int k = p.k();
        // Element (i, q) of op(A) is a[i·aRow + q·aCol]; element (q, j) of op(B) is b[q·bRow + j·bCol].
        int aRow = p.transA() ? 1 : p.lda();
        int aCol = p.transA() ? p.lda() : 1;
        int bRow = p.transB() ? 1 : p.ldb();
        int bCol = p.transB() ? p.ldb() : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int q = 0; q < k; q++) {
                    sum += a[i * aRow + q * aCol] * b[q * bRow + j * bCol];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    @Benchmark
    public float[] scalarKernel() {
        scalar.gemm(scalarPlan, p.transA(), p.transB(), p.m(), p.n(), p.k(),
                1f, a, 0, p.lda(), b, 0, p.ldb(), 0f, c, 0, p.n());
        return c;
    }

    @Benchmark
    public FMatrixRMaj ejml() {
        if (p.transA()) {
            CommonOps_FDRM.multTransA(ejmlA, ejmlB, ejmlC);
        } else if (p.transB()) {
            CommonOps_FDRM.multTransB(ejmlA, ejmlB, ejmlC);
        } else {
            CommonOps_FDRM.mult(ejmlA, ejmlB, ejmlC);
        }
        return ejmlC;
    }
}
