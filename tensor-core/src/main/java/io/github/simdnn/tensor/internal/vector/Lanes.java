package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic horizontal sums. {@code reduceLanes(ADD)} on floats leaves the order of additions unspecified,
 * and in practice the C2 intrinsic and the Java fallback (interpreter, C1) add in different orders, so one call
 * site can return different bits before and after it is compiled. Results that must be reproducible — the same
 * weights from the same seed, the same GEMM bits from any thread count — fold the vector with {@link #FOLDS}
 * instead: a fixed pairwise tree of lane-wise adds, exact in every execution mode. The fold is written out at
 * each use,
 * <pre>{@code
 * for (VectorShuffle<Float> fold : Lanes.FOLDS) {
 *     v = v.add(v.rearrange(fold));
 * }
 * float sum = v.lane(0);
 * }</pre>
 * and deliberately not offered as a method {@code sum(FloatVector)}: C2 stops inlining ordinary methods once a
 * compilation has grown past a node budget ({@code NodeCountInliningCutoff}), which a kernel with a few inlined
 * vector loops reaches. A call that is not inlined passes its vector boxed, and the callee, compiled on its own
 * with only the static type {@code FloatVector}, runs the allocating Java fallbacks. That happened to the
 * single-sample softmax (240 bytes per prediction, every prediction) until the fold moved into the callers.
 */
final class Lanes {

    private static final VectorSpecies<Float> S = MicroKernels.S;
    private static final int V = MicroKernels.V;
    /** FOLDS[s] maps lane i to lane i XOR (V >> (s + 1)); log2(V) stages. */
    static final VectorShuffle<Float>[] FOLDS;

    static {
        int stages = Integer.numberOfTrailingZeros(V);
        @SuppressWarnings("unchecked")
        VectorShuffle<Float>[] folds = new VectorShuffle[stages];
        for (int s = 0; s < stages; s++) {
            int half = V >> (s + 1);
            int[] index = new int[V];
            for (int i = 0; i < V; i++) {
                index[i] = i ^ half;
            }
            folds[s] = VectorShuffle.fromArray(S, index, 0);
        }
        FOLDS = folds;
    }

    private Lanes() {
    }
}
