package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.Implementations;
import java.util.SplittableRandom;

/** What the VectorGemm tests share: a product checked against the scalar GEMM, and random operands. */
final class GemmOracle {

    private static final double U = Math.ulp(1.0f) / 2;
    private static final VectorGemm VECTOR = new VectorGemm();
    private static final GemmKernel SCALAR = Implementations.scalar().gemm();

    private GemmOracle() {
    }

    /**
     * Runs {@code C = alpha·op(A)·op(B) + beta·C} on random operands with padded leading dimensions through
     * VectorGemm (its own plan) and the scalar GEMM; each element must agree within {@code 2(k + 2)·u} times the
     * sum of the magnitudes it adds, and the padding columns of C must not change.
     */
    static void compareWithScalar(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha,
                                  float beta) {
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 2;
        float[] a = random(rnd, (ta ? k : m) * lda);
        float[] b = random(rnd, (tb ? n : k) * ldb);
        float[] c = random(rnd, m * ldc);
        float[] cv = c.clone();
        float[] cs = c.clone();
        VECTOR.gemm(VECTOR.plan(ta, tb, m, n, k), ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, cv, 0, ldc);
        SCALAR.gemm(SCALAR.plan(ta, tb, m, n, k), ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, cs, 0, ldc);
        String shape = m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int at = i * ldc + j;
                if (j >= n) {
                    assertEquals(c[at], cv[at], shape + ": C[" + i + "][" + j + "] is past n and must not change");
                    continue;
                }
                double magnitude = Math.abs(beta * c[at]);
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    magnitude += Math.abs(alpha * x * y);
                }
                double bound = 2 * (k + 2) * U * magnitude;
                if (!(Math.abs(cv[at] - cs[at]) <= bound)) {
                    fail(shape + ": C[" + i + "][" + j + "] vector " + cv[at] + " scalar " + cs[at]
                            + " bound " + bound);
                }
            }
        }
    }

    /**
     * Two runs of one product into copies of {@code original} that must agree: the first m rows of C (at
     * {@code cOff}, leading dimension {@code ldc}, n columns) of {@code out} equal those of {@code reference} bit for
     * bit, and every other element of {@code out} is still the original's (rows below m, the padding, the offset).
     */
    static void assertSameBitsInRows(String context, float[] out, float[] reference, float[] original, int cOff,
                                     int ldc, int m, int n) {
        for (int i = 0; i < original.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            boolean inC = i >= cOff && row < m && col < n;
            float expected = inC ? reference[i] : original[i];
            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(expected)) {
                fail(context + ": at " + i + " (C[" + row + "][" + col + "]) " + out[i] + " but " + expected
                        + (inC ? " in the reference run" : " (outside C, unchanged)"));
            }
        }
    }

    /** {@code size} values uniform in [-1, 1). */
    static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
