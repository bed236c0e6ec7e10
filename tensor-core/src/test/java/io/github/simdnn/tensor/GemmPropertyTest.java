package io.github.simdnn.tensor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based checks of {@link Blas#sgemm}: random shapes (0 and odd sizes included, jqwik's edge cases first),
 * transposes, offsets, leading dimensions and alpha/beta against a double-precision reference, and bit-identical
 * results for 1 to 4 threads. A counter-example jqwik finds and shrinks becomes a plain test in {@link GemmTest}.
 */
class GemmPropertyTest {

    private static final double U = 0x1p-24; // unit round-off of float32
    /** 2^19 FLOP: from here on a GEMM is split between two threads (Gemm.MIN_FLOP_PER_THREAD = 2^18 per thread). */
    private static final long SPLIT_FLOP = 1L << 19;

    private static ExecutorService pool;

    @BeforeContainer
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterContainer
    static void stopPool() {
        pool.shutdownNow();
    }

    /** One GEMM with its operands placed at the given offsets and leading dimensions in larger arrays. */
    record Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                int aOff, int lda, int bOff, int ldb, int cOff, int ldc, float[] a, float[] b, float[] c) {

        static Case of(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                       int aOff, int aPad, int bOff, int bPad, int cOff, int cPad, long seed, boolean nanInC) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int aRows = ta ? k : m, aCols = ta ? m : k;
            int bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = Math.max(1, aCols) + aPad;
            int ldb = Math.max(1, bCols) + bPad;
            int ldc = Math.max(1, n) + cPad;
            float[] a = filled(rnd, aOff + aRows * lda + 2);
            float[] b = filled(rnd, bOff + bRows * ldb + 2);
            float[] c = filled(rnd, cOff + m * ldc + 2);
            if (nanInC) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
                }
            }
            return new Case(ta, tb, m, n, k, alpha, beta, aOff, lda, bOff, ldb, cOff, ldc, a, b, c);
        }

        float[] run(Parallelism parallelism) {
            float[] out = c.clone();
            Blas.sgemm(parallelism, ta ? Transpose.YES : Transpose.NO, tb ? Transpose.YES : Transpose.NO, m, n, k,
                    alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        double opA(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double opB(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        /**
         * Every element of C's window within (k + 3)·2^-24·(|alpha|·Σ_p |a_ip·b_pj| + |beta·c_ij|) of the double
         * result (beta = 0 ignores C, even NaN), every element outside the window bit for bit unchanged.
         */
        void check(float[] out) {
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / ldc : -1;
                int j = rel >= 0 ? rel % ldc : -1;
                if (rel < 0 || i >= m || j >= n) {
                    if (Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(c[idx])) {
                        fail(this + ": element " + idx + " outside C's window changed from " + c[idx] + " to "
                                + out[idx]);
                    }
                    continue;
                }
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double t = opA(i, p) * opB(p, j);
                    sum += t;
                    magnitude += Math.abs(t);
                }
                double old = beta == 0f ? 0 : (double) beta * c[idx];
                double expected = alpha * sum + old;
                double bound = (k + 3) * U * (Math.abs(alpha) * magnitude + Math.abs(old)) + 1e-30;
                if (!(Math.abs(out[idx] - expected) <= bound)) {
                    fail(this + ": C[" + i + "][" + j + "] = " + out[idx] + " but the double reference is " + expected
                            + " (error " + Math.abs(out[idx] - expected) + " > bound " + bound + ")");
                }
            }
        }

        @Override
        public String toString() {
            return "sgemm(" + (ta ? "T" : "N") + (tb ? "T" : "N") + ", m=" + m + ", n=" + n + ", k=" + k + ", alpha="
                    + alpha + ", beta=" + beta + ", aOff=" + aOff + ", lda=" + lda + ", bOff=" + bOff + ", ldb=" + ldb
                    + ", cOff=" + cOff + ", ldc=" + ldc + ")";
        }
    }

    static float[] filled(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Exact small values (0 and ±1 among them, where kernels often take short cuts) and arbitrary ones. */
    @Provide
    Arbitrary<Float> scalars() {
        return Arbitraries.oneOf(Arbitraries.of(0f, 1f, -1f, 0.5f, 2f),
                Arbitraries.floats().between(-4f, 4f));
    }

    @Property(tries = 250)
    void matchesTheDoubleReferenceAndLeavesTheRestOfCAlone(
            @ForAll boolean ta, @ForAll boolean tb,
            @ForAll @IntRange(min = 0, max = 70) int m, @ForAll @IntRange(min = 0, max = 70) int n,
            @ForAll @IntRange(min = 0, max = 300) int k,
            @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
            @ForAll @IntRange(min = 0, max = 5) int aOff, @ForAll @IntRange(min = 0, max = 3) int aPad,
            @ForAll @IntRange(min = 0, max = 5) int bOff, @ForAll @IntRange(min = 0, max = 3) int bPad,
            @ForAll @IntRange(min = 0, max = 5) int cOff, @ForAll @IntRange(min = 0, max = 3) int cPad,
            @ForAll long seed, @ForAll boolean nanInC) {
        Case g = Case.of(ta, tb, m, n, k, alpha, beta, aOff, aPad, bOff, bPad, cOff, cPad, seed, nanInC && beta == 0f);
        Statistics.label("shape").collect(m == 0 || n == 0 ? "empty C" : k == 0 ? "k = 0" : "non-empty");
        g.check(g.run(Parallelism.SEQUENTIAL));
    }

    /** Sizes up to 400, uniformly drawn: most problems are then large enough to be split between threads. */
    @Provide
    Arbitrary<Integer> largeSizes() {
        return Arbitraries.integers().between(1, 400).withDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 30)
    void resultsAreBitIdenticalForOneToFourThreads(
            @ForAll boolean ta, @ForAll boolean tb,
            @ForAll("largeSizes") int m, @ForAll("largeSizes") int n, @ForAll("largeSizes") int k,
            @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
            @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        Case g = Case.of(ta, tb, m, n, k, alpha, beta, pad, pad, pad, pad, pad, pad, seed, false);
        Statistics.label("split").collect(2L * m * n * k >= SPLIT_FLOP);
        float[] one = g.run(Parallelism.SEQUENTIAL);
        for (int threads = 2; threads <= 4; threads++) {
            assertArrayEquals(one, g.run(Parallelism.of(pool, threads)), g + " with " + threads + " threads");
        }
        Statistics.label("split").coverage(c -> c.check(true).count(count -> count >= 8));
    }
}
