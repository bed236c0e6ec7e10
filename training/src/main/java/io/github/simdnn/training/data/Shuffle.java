package io.github.simdnn.training.data;

import java.util.Objects;
import java.util.Random;

/**
 * Reproducible permutations of sample indices. They use {@link Random}, whose sequence for a given seed is fixed
 * by its specification, so the same seed gives the same order on every JDK.
 */
public final class Shuffle {

    private Shuffle() {
    }

    /** @return {@code [0, 1, ..., n-1]} */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 but was " + n);
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /**
     * Shuffles {@code indices} in place (Fisher-Yates, every permutation equally likely); allocates nothing, so a
     * training loop may reshuffle one array every epoch.
     */
    public static void shuffle(int[] indices, Random random) {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(random, "random");
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
    }

    /** @return a permutation of {@code [0, n)} that depends only on {@code n} and {@code seed} */
    public static int[] permutation(int n, long seed) {
        int[] indices = identity(n);
        shuffle(indices, new Random(seed));
        return indices;
    }
}
