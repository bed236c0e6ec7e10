package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic horizontal sums. {@code reduceLanes(ADD)} on floats leaves the order of additions unspecified,
 * and in practice the C2 intrinsic and the Java fallback (interpreter, C1) add in different orders, so one call
 * site can return different bits before and after it is compiled. Results that must be reproducible — the same
 * weights from the same seed, the same GEMM bits from any thread count — use {@link #sum} instead: a fixed
 * pairwise tree of lane-wise adds, exact in every execution mode.
 */
public final class Lanes {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** FOLD[s] maps lane i to lane i XOR (V >> (s + 1)). */
    private static final VectorShuffle<Float>[] FOLD = folds();

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int stages = Integer.numberOfTrailingZeros(V);
        VectorShuffle<Float>[] folds = new VectorShuffle[stages];
        for (int s = 0; s < stages; s++) {
            int half = V >> (s + 1);
            int[] index = new int[V];
            for (int i = 0; i < V; i++) {
                index[i] = i ^ half;
            }
            folds[s] = VectorShuffle.fromArray(S, index, 0);
        }
        return folds;
    }

    /** The sum of all lanes of {@code v}, always added in the same order (a pairwise tree). */
    public static float sum(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLD) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }
}
