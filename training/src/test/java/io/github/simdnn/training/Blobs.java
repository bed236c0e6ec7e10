package io.github.simdnn.training;

import io.github.simdnn.training.data.Dataset;

import java.util.SplittableRandom;

/** Small synthetic classification sets: Gaussian blobs around random centres, one per class. */
final class Blobs {

    private Blobs() {
    }

    /** {@code n} samples of {@code features} features in {@code classes} blobs of standard deviation {@code spread}. */
    static Dataset of(int n, int features, int classes, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) {
            for (int f = 0; f < features; f++) {
                c[f] = random.nextDouble(-2, 2);
            }
        }
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int f = 0; f < features; f++) {
                x[i * features + f] = (float) (centres[y[i]][f] + spread * random.nextGaussian());
            }
        }
        return Dataset.of(x, y, features, classes);
    }
}
