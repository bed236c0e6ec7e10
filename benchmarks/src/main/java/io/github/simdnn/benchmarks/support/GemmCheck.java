package io.github.simdnn.benchmarks.support;

import java.util.Arrays;

/**
 * Verifies a benchmark's GEMM result once, before it is timed, so that a fast but wrong kernel cannot post a
 * number. The reference is computed in double precision; element {@code (i, j)} passes when
 * {@code |c − ref| ≤ γ·Σ_p |op(A)[i,p]|·|op(B)[p,j]|} with {@code γ = 2·k·2⁻²⁴}: the worst-case rounding error
 * of any float summation order of k products (with or without FMA), so a correct kernel never fails, while a
 * missing term, a wrong index or a stale C misses by far more.
 */
public final class GemmCheck {

    private static final double UNIT_ROUNDOFF = 0x1p-24;

    private GemmCheck() {
    }

    /**
     * Fills C with NaN so that a kernel which forgets to overwrite C (beta = 0) is caught; call before the
     * multiply that {@link #verify} checks.
     */
    public static void poison(float[] c) {
        Arrays.fill(c, Float.NaN);
    }

    /**
     * Checks C (m×n, compact) against the double-precision product of the stored A and B.
     *
     * @param what    names the implementation in the error message
     * @throws IllegalStateException naming the first wrong element, its value, the reference and the tolerance
     */
    public static void verify(String what, GemmProblem p, float[] a, float[] b, float[] c) {
        int m = p.m();
        int k = p.k();
        int n = p.n();
        float[] opA = p.transA() ? transpose(a, k, m) : a;   // m×k row-major
        float[] opB = p.transB() ? transpose(b, n, k) : b;   // k×n row-major
        double gamma = 2.0 * k * UNIT_ROUNDOFF;
        double[] ref = new double[n];
        double[] abs = new double[n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(ref, 0.0);
            Arrays.fill(abs, 0.0);
            for (int q = 0; q < k; q++) {
                double aiq = opA[i * k + q];
                double aAbs = Math.abs(aiq);
                int row = q * n;
                for (int j = 0; j < n; j++) {
                    double bqj = opB[row + j];
                    ref[j] += aiq * bqj;
                    abs[j] += aAbs * Math.abs(bqj);
                }
            }
            for (int j = 0; j < n; j++) {
                float got = c[i * n + j];
                double tolerance = gamma * abs[j] + Double.MIN_NORMAL;
                if (!(Math.abs(got - ref[j]) <= tolerance)) {
                    throw new IllegalStateException(what + " computed a wrong " + p + " product: C[" + i + "][" + j
                            + "] = " + got + " but the double-precision reference is " + ref[j]
                            + " (tolerance " + tolerance + ")");
                }
            }
        }
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }
}
