package io.github.simdnn.nn;

import java.util.SplittableRandom;

/**
 * How a {@link Dense} layer's weights are drawn. Biases always start at 0. Every scheme draws from a
 * {@link SplittableRandom} with an explicit seed, filling W row by row, so a seed reproduces the same weights on
 * every JVM: {@code W[k][j] = (2·u - 1)·limit} with {@code u = random.nextDouble()}, rounded to float.
 */
public enum Initializer {

    /**
     * Glorot/Xavier uniform: {@code U(-limit, limit)}, {@code limit = sqrt(6 / (fanIn + fanOut))}, so the
     * variance is {@code 2 / (fanIn + fanOut)}. The default, suited to sigmoid, tanh and softmax units.
     */
    GLOROT_UNIFORM,

    /**
     * He/Kaiming uniform: {@code U(-limit, limit)}, {@code limit = sqrt(6 / fanIn)}, so the variance is
     * {@code 2 / fanIn}. Used for a dense layer followed by a ReLU.
     */
    HE_UNIFORM;

    /** The half-width of the uniform distribution for a layer with {@code fanIn} inputs and {@code fanOut} outputs. */
    public double limit(int fanIn, int fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fanIn and fanOut must be >= 1 but were " + fanIn + " and " + fanOut);
        }
        return switch (this) {
            case GLOROT_UNIFORM -> Math.sqrt(6.0 / (fanIn + fanOut));
            case HE_UNIFORM -> Math.sqrt(6.0 / fanIn);
        };
    }

    /**
     * Fills {@code weights} (fanOut×fanIn, row-major, exactly fanIn·fanOut elements) from a new
     * {@code SplittableRandom(seed)}. Modifies only {@code weights}.
     */
    public void initialize(float[] weights, int fanIn, int fanOut, long seed) {
        double limit = limit(fanIn, fanOut);
        if (weights.length != (long) fanIn * fanOut) {
            throw new IllegalArgumentException("weights must have fanOut x fanIn = " + fanOut + "x" + fanIn
                    + " elements but has " + weights.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((2 * random.nextDouble() - 1) * limit);
        }
    }

    /** The default for a dense layer followed by a layer of the given {@link LayerSpec#type()} (or none: {@code null}). */
    public static Initializer forNextLayer(String nextType) {
        return LayerSpec.RELU.equals(nextType) ? HE_UNIFORM : GLOROT_UNIFORM;
    }
}
