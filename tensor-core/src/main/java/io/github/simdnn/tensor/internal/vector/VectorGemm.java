package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.ScalarGemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** PLACEHOLDER while the blocked kernel is written. */
public final class VectorGemm implements GemmKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VECTOR_BITS = SPECIES.vectorBitSize();
    private final ScalarGemm delegate = new ScalarGemm();

    @Override public int plan(boolean ta, boolean tb, int m, int n, int k) { return 0; }
    @Override public int rowGrain() { return 8; }
    @Override public int colGrain() { return 64; }
    @Override public void gemm(int plan, boolean ta, boolean tb, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        delegate.gemm(plan, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
