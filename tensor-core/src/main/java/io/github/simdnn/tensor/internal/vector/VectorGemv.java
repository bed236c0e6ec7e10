package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with n = 1: {@code y = alpha·op(A)·x + beta·y}, the single-sample inference case. Packing would cost as
 * much as the product, so A is streamed in place:
 * <ul>
 *   <li>op(A) = A (rows contiguous): each {@code y[i]} is a dot product, four rows at a time sharing the loads
 *       of x. Per row: two vector accumulators over alternating blocks of V, summed and reduced in a fixed
 *       order (the fold of {@link Lanes}), then a scalar FMA tail.</li>
 *   <li>op(A) = Aᵀ (A stored k×m): y is accumulated as {@code Σ_p x[p]·A[p, :]}, two vectors of y at a time in
 *       registers, one FMA chain over p per element; the scalar tail uses {@link Math#fma} in the same order.</li>
 * </ul>
 * No helper method takes or returns a vector (see {@link Lanes} for why). Each element's arithmetic is
 * independent of which rows are grouped together, so splitting rows between threads does not change results.
 */
final class VectorGemv {

    private static final VectorSpecies<Float> S = MicroKernels.S;
    private static final int V = MicroKernels.V;

    private VectorGemv() {
    }

    static void gemv(boolean ta, boolean tb, int m, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, VectorGemm.Workspace ws) {
        // x[p] = op(B)[p, 0]: contiguous when B is stored 1×k (transposed) or with ldb = 1.
        float[] x = b;
        int xOff = bOff;
        if (!tb && ldb != 1) {
            x = ws.vector(k);
            xOff = 0;
            for (int p = 0; p < k; p++) {
                x[p] = b[bOff + p * ldb];
            }
        }
        if (ta) {
            transposed(m, k, alpha, a, aOff, lda, x, xOff, beta, c, cOff, ldc);
        } else {
            rows(m, k, alpha, a, aOff, lda, x, xOff, beta, c, cOff, ldc);
        }
    }

    /** y[i] = alpha·dot(A[i, :], x) + beta·y[i]. */
    private static void rows(int m, int k, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                             float beta, float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            dot4(k, a, aOff + i * lda, lda, x, xOff, alpha, beta, c, cOff + i * ldc, ldc);
        }
        for (; i < m; i++) {
            float sum = dot(k, a, aOff + i * lda, x, xOff);
            int ci = cOff + i * ldc;
            c[ci] = beta == 0f ? sum * alpha : sum * alpha + c[ci] * beta;
        }
    }

    private static float dot(int k, float[] a, int aOff, float[] x, int xOff) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int p = 0;
        for (; p + 2 * V <= k; p += 2 * V) {
            acc0 = FloatVector.fromArray(S, a, aOff + p).fma(FloatVector.fromArray(S, x, xOff + p), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + p + V).fma(FloatVector.fromArray(S, x, xOff + p + V), acc1);
        }
        if (p + V <= k) {
            acc0 = FloatVector.fromArray(S, a, aOff + p).fma(FloatVector.fromArray(S, x, xOff + p), acc0);
            p += V;
        }
        FloatVector t = acc0.add(acc1);
        for (VectorShuffle<Float> fold : Lanes.FOLDS) {     // written out, not a call: see Lanes
            t = t.add(t.rearrange(fold));
        }
        float sum = t.lane(0);
        for (; p < k; p++) {
            sum = Math.fma(a[aOff + p], x[xOff + p], sum);
        }
        return sum;
    }

    /** Four rows of {@link #rows} at once, with exactly the per-row arithmetic of {@link #dot}. */
    private static void dot4(int k, float[] a, int aOff, int lda, float[] x, int xOff, float alpha, float beta,
                             float[] c, int cOff, int ldc) {
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
        int p = 0;
        for (; p + 2 * V <= k; p += 2 * V) {
            FloatVector x0 = FloatVector.fromArray(S, x, xOff + p);
            FloatVector x1 = FloatVector.fromArray(S, x, xOff + p + V);
            s00 = FloatVector.fromArray(S, a, a0 + p).fma(x0, s00);
            s01 = FloatVector.fromArray(S, a, a0 + p + V).fma(x1, s01);
            s10 = FloatVector.fromArray(S, a, a1 + p).fma(x0, s10);
            s11 = FloatVector.fromArray(S, a, a1 + p + V).fma(x1, s11);
            s20 = FloatVector.fromArray(S, a, a2 + p).fma(x0, s20);
            s21 = FloatVector.fromArray(S, a, a2 + p + V).fma(x1, s21);
            s30 = FloatVector.fromArray(S, a, a3 + p).fma(x0, s30);
            s31 = FloatVector.fromArray(S, a, a3 + p + V).fma(x1, s31);
        }
        if (p + V <= k) {
            FloatVector x0 = FloatVector.fromArray(S, x, xOff + p);
            s00 = FloatVector.fromArray(S, a, a0 + p).fma(x0, s00);
            s10 = FloatVector.fromArray(S, a, a1 + p).fma(x0, s10);
            s20 = FloatVector.fromArray(S, a, a2 + p).fma(x0, s20);
            s30 = FloatVector.fromArray(S, a, a3 + p).fma(x0, s30);
            p += V;
        }
        FloatVector t0 = s00.add(s01);
        FloatVector t1 = s10.add(s11);
        FloatVector t2 = s20.add(s21);
        FloatVector t3 = s30.add(s31);
        for (VectorShuffle<Float> fold : Lanes.FOLDS) {     // written out, not a call: see Lanes
            t0 = t0.add(t0.rearrange(fold));
            t1 = t1.add(t1.rearrange(fold));
            t2 = t2.add(t2.rearrange(fold));
            t3 = t3.add(t3.rearrange(fold));
        }
        float r0 = t0.lane(0);
        float r1 = t1.lane(0);
        float r2 = t2.lane(0);
        float r3 = t3.lane(0);
        for (; p < k; p++) {
            float xp = x[xOff + p];
            r0 = Math.fma(a[a0 + p], xp, r0);
            r1 = Math.fma(a[a1 + p], xp, r1);
            r2 = Math.fma(a[a2 + p], xp, r2);
            r3 = Math.fma(a[a3 + p], xp, r3);
        }
        store(r0, alpha, beta, c, cOff);
        store(r1, alpha, beta, c, cOff + ldc);
        store(r2, alpha, beta, c, cOff + 2 * ldc);
        store(r3, alpha, beta, c, cOff + 3 * ldc);
    }

    private static void store(float sum, float alpha, float beta, float[] c, int ci) {
        c[ci] = beta == 0f ? sum * alpha : sum * alpha + c[ci] * beta;
    }

    /** y[i] = alpha·Σ_p A[p, i]·x[p] + beta·y[i], A stored k×m. */
    private static void transposed(int m, int k, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                                   float beta, float[] c, int cOff, int ldc) {
        // alpha and beta go to the scalar forms of mul: a broadcast held across the loops and used only when
        // beta != 0 was materialized as a 48-byte array per call in some compiles (see VectorElementKernels).
        int i = 0;
        if (ldc == 1) {
            for (; i + 2 * V <= m; i += 2 * V) {
                FloatVector y0 = FloatVector.zero(S);
                FloatVector y1 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
                    int row = aOff + p * lda + i;
                    y0 = FloatVector.fromArray(S, a, row).fma(xp, y0);
                    y1 = FloatVector.fromArray(S, a, row + V).fma(xp, y1);
                }
                y0 = y0.mul(alpha);
                y1 = y1.mul(alpha);
                if (beta != 0f) {
                    y0 = y0.add(FloatVector.fromArray(S, c, cOff + i).mul(beta));
                    y1 = y1.add(FloatVector.fromArray(S, c, cOff + i + V).mul(beta));
                }
                y0.intoArray(c, cOff + i);
                y1.intoArray(c, cOff + i + V);
            }
            for (; i + V <= m; i += V) {
                FloatVector y0 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    y0 = FloatVector.fromArray(S, a, aOff + p * lda + i).fma(FloatVector.broadcast(S, x[xOff + p]), y0);
                }
                y0 = y0.mul(alpha);
                if (beta != 0f) {
                    y0 = y0.add(FloatVector.fromArray(S, c, cOff + i).mul(beta));
                }
                y0.intoArray(c, cOff + i);
            }
        }
        for (; i < m; i++) {
            float sum = 0f;
            for (int p = 0; p < k; p++) {
                sum = Math.fma(a[aOff + p * lda + i], x[xOff + p], sum);
            }
            store(sum, alpha, beta, c, cOff + i * ldc);
        }
    }
}
