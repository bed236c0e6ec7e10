package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** A double-precision GEMM and the forward error bound a float GEMM must meet against it. */
final class GemmReference {

    private static final double U = Math.ulp(1.0f) / 2; // unit round-off of float32

    private GemmReference() {
    }

    /** One GEMM problem with its operands laid out with offsets and padded leading dimensions. */
    static final class Problem {
        final boolean ta, tb;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float alpha, beta;
        final float[] a, b, c;

        Problem(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                boolean padded) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = ta ? k : m, aCols = ta ? m : k;
            int bRows = tb ? n : k, bCols = tb ? k : n;
            aOff = padded ? 1 + rnd.nextInt(5) : 0;
            bOff = padded ? 1 + rnd.nextInt(5) : 0;
            cOff = padded ? 1 + rnd.nextInt(5) : 0;
            lda = Math.max(1, aCols) + (padded ? rnd.nextInt(4) : 0);
            ldb = Math.max(1, bCols) + (padded ? rnd.nextInt(4) : 0);
            ldc = Math.max(1, n) + (padded ? rnd.nextInt(4) : 0);
            a = filled(rnd, aOff + aRows * lda + 3);
            b = filled(rnd, bOff + bRows * ldb + 3);
            c = filled(rnd, cOff + m * ldc + 3);
        }

        float opA(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        void run(Parallelism parallelism, float[] out) {
            Blas.sgemm(parallelism, ta ? Transpose.YES : Transpose.NO, tb ? Transpose.YES : Transpose.NO, m, n, k,
                    alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
        }

        /**
         * Asserts that {@code out} (the result of running this problem on a copy of c) matches the double reference
         * within the float32 forward error bound (k + 2)·u·(|alpha|·Σ_p |a_ip·b_pj| + |beta·c_ij|), and that every
         * element outside the m×n window is unchanged.
         */
        void check(float[] out, String label) {
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / ldc : -1;
                int j = rel >= 0 ? rel % ldc : -1;
                boolean inside = rel >= 0 && i < m && j < n;
                if (!inside) {
                    if (Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(c[idx])) {
                        fail(label + ": element " + idx + " outside C's window changed from " + c[idx] + " to " + out[idx]);
                    }
                    continue;
                }
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) opA(i, p) * opB(p, j);
                    sum += t;
                    mag += Math.abs(t);
                }
                double old = beta == 0f ? 0 : (double) beta * c[idx];
                double expected = alpha * sum + old;
                double bound = (k + 3) * U * (Math.abs(alpha) * mag + Math.abs(old)) + 1e-30;
                double err = Math.abs(out[idx] - expected);
                if (!(err <= bound)) {
                    fail(label + ": C[" + i + "][" + j + "] = " + out[idx] + " but expected " + expected
                            + " (error " + err + " > bound " + bound + ")");
                }
            }
        }

        String describe() {
            return "sgemm(" + (ta ? "T" : "N") + (tb ? "T" : "N") + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc + ")";
        }
    }

    static float[] filled(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
