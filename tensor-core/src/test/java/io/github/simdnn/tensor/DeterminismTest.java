package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reductions return the same bits in every execution mode. The first calls run the Vector API's Java fallback
 * (interpreter / C1); after some thousands of calls C2 compiles the intrinsics. A reduction whose order of
 * additions differs between the two (as {@code reduceLanes(ADD)} does) would make training irreproducible and
 * GEMM results depend on when a thread's code was compiled. It runs in a JVM of its own (the tensor-core pom's
 * {@code determinism} execution), so that its first calls are the first calls of these kernels in the JVM.
 */
class DeterminismTest {

    private static final int CALLS = 40_000;

    @Test
    void reductionsGiveTheSameBitsBeforeAndAfterCompilation() {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 203; // several vectors plus a masked tail
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1) * (1 << rnd.nextInt(12));
            y[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] w = new float[37 * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float sum0 = Ops.sum(n, x, 0);
        float dot0 = Blas.sdot(n, x, 0, y, 0);
        float[] rows0 = new float[37];
        Ops.rowSums(37, n, w, 0, rows0, 0);
        float[] gemv0 = new float[37];
        Blas.sgemm(Transpose.NO, Transpose.NO, 37, 1, n, 1f, w, 0, n, x, 0, 1, 0f, gemv0, 0, 1);

        float[] rows = new float[37];
        float[] gemv = new float[37];
        for (int call = 0; call < CALLS; call++) {
            assertEquals(Float.floatToRawIntBits(sum0), Float.floatToRawIntBits(Ops.sum(n, x, 0)), "sum, call " + call);
            assertEquals(Float.floatToRawIntBits(dot0), Float.floatToRawIntBits(Blas.sdot(n, x, 0, y, 0)), "dot, call " + call);
            if (call % 16 == 0) {
                Ops.rowSums(37, n, w, 0, rows, 0);
                Blas.sgemm(Transpose.NO, Transpose.NO, 37, 1, n, 1f, w, 0, n, x, 0, 1, 0f, gemv, 0, 1);
                for (int r = 0; r < 37; r++) {
                    assertEquals(Float.floatToRawIntBits(rows0[r]), Float.floatToRawIntBits(rows[r]), "row sum " + r + ", call " + call);
                    assertEquals(Float.floatToRawIntBits(gemv0[r]), Float.floatToRawIntBits(gemv[r]), "gemv row " + r + ", call " + call);
                }
            }
        }
    }
}
