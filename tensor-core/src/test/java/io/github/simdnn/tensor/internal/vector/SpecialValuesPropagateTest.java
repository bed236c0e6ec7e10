package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.tensor.Transpose;
import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.ScalarGemm;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract in {@link Blas#sgemm}'s Javadoc that {@code Network} builds its input check on: a NaN or infinity in
 * row p of op(B) makes column j of the product NaN or infinite in every row, even where op(A)'s column p is all
 * zeros (0·∞ is NaN), for every kernel (packed, A read in place, the matrix-vector path for n = 1, the scalar
 * implementation), over one and two reduction blocks, and with C's rows split between two threads.
 */
class SpecialValuesPropagateTest {

    private static final int[][] SHAPES = {
        // m, n, k
        {17, 1, 33}, {64, 1, 784}, {17, 7, 33}, {64, 7, 784}, {256, 128, 784}, {10, 128, 256}, {256, 784, 128},
    };

    @ParameterizedTest(name = "value = {0}")
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void aNonFiniteValueOfBReachesEveryRowOfItsColumn(float special) {
        SplittableRandom rnd = new SplittableRandom(Float.floatToIntBits(special));
        GemmKernel[] kernels = {new VectorGemm(), new ScalarGemm()};
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            for (boolean tb : new boolean[] {false, true}) {
                int p = k / 2 + 1;
                int j = n - 1;
                float[] a = GemmOracle.random(rnd, m * k);
                for (int i = 0; i < m; i++) {
                    a[i * k + p] = 0f;   // op(A)'s column p is zero: only 0·special reaches C
                }
                float[] b = GemmOracle.random(rnd, k * n);
                b[tb ? j * k + p : p * n + j] = special;
                int ldb = tb ? k : n;
                for (GemmKernel kernel : kernels) {
                    float[] c = new float[m * n];
                    int plan = kernel.plan(false, tb, m, n, k);
                    kernel.gemm(plan, false, tb, m, n, k, 1f, a, 0, k, b, 0, ldb, 0f, c, 0, n);
                    check(kernel.getClass().getSimpleName() + " " + m + "x" + n + "x" + k + " tb=" + tb, c, m, n, j);
                }
                ExecutorService pool = Executors.newSingleThreadExecutor();
                try {
                    float[] c = new float[m * n];
                    Blas.sgemm(Parallelism.of(pool, 2), Transpose.NO, tb ? Transpose.YES : Transpose.NO, m, n, k,
                            1f, a, 0, k, b, 0, ldb, 0f, c, 0, n);
                    check("Blas.sgemm on two threads " + m + "x" + n + "x" + k + " tb=" + tb, c, m, n, j);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static void check(String where, float[] c, int m, int n, int j) {
        for (int i = 0; i < m; i++) {
            for (int col = 0; col < n; col++) {
                float v = c[i * n + col];
                if (col == j) {
                    assertFalse(Float.isFinite(v), where + ": C[" + i + "][" + col + "] = " + v + " is finite");
                } else {
                    assertTrue(Float.isFinite(v), where + ": C[" + i + "][" + col + "] = " + v + " is not finite");
                }
            }
        }
    }
}
