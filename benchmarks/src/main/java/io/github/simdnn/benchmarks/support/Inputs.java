package io.github.simdnn.benchmarks.support;

import java.util.SplittableRandom;

/**
 * Benchmark inputs: reproducible (fixed seeds, so every run and every fork multiplies the same numbers) and
 * free of zeros, subnormals and special values, which would change the speed of some kernels.
 */
public final class Inputs {

    /** The seed every suite starts from; a suite derives one seed per array from it. */
    public static final long SEED = 0x5EED_51AD_DA7AL;

    private Inputs() {
    }

    /** {@code n} floats drawn uniformly from {@code [lo, hi)} with the given seed. */
    public static float[] uniform(long seed, int n, float lo, float hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("need lo < hi but lo=" + lo + ", hi=" + hi);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return x;
    }
}
