package io.github.simdnn.nn;

import io.github.simdnn.tensor.Blas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link Predictor} snapshot serves predictions from 4 threads while the network it was taken from trains on
 * another thread (forward, backward and a plain SGD step on the live parameter arrays): every snapshot result
 * stays bit for bit what it was before training started, although the network itself changes. This is the
 * "serve the last good model while training the next" pattern; it would catch a predictor sharing weight or
 * workspace arrays with its network.
 */
class SnapshotDuringTrainingTest {

    private static final int IN = 12;
    private static final int HIDDEN = 24;
    private static final int OUT = 5;
    private static final int BATCH = 16;
    private static final int PREDICTORS = 4;
    private static final int STEPS = 600;
    private static final float LEARNING_RATE = 0.2f;

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void snapshotResultsNeverChangeWhileItsNetworkTrains() throws Exception {
        Network network = Network.builder(IN).dense(HIDDEN).tanh().dense(OUT).softmax().seed(9)
                .build(new SoftmaxCrossEntropy(), BATCH);
        Predictor snapshot = network.predictor(BATCH);
        SplittableRandom r = new SplittableRandom(10);

        // What the snapshot answers before any training (cold, single-threaded): single samples and batches.
        int cases = 32;
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            int n = i % 2 == 0 ? 1 : 1 + r.nextInt(BATCH);
            float[] x = random(r, IN * n);
            float[] out = new float[OUT * n];
            if (n == 1) {
                snapshot.predict(x, out);
            } else {
                snapshot.predict(x, n, out);
            }
            inputs.add(x);
            sizes.add(n);
            expected.add(out);
        }
        float[] probe = inputs.get(0);
        float[] networkBefore = Arrays.copyOf(network.forward(probe, 1), OUT);

        float[] xs = random(r, IN * BATCH);
        int[] labels = new int[BATCH];
        for (int c = 0; c < BATCH; c++) {
            labels[c] = r.nextInt(OUT);
        }

        AtomicBoolean training = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(PREDICTORS);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < PREDICTORS; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom order = new SplittableRandom(seed);
                    float[] out = new float[OUT * BATCH];
                    float[] single = new float[OUT];
                    long duringTraining = 0;
                    long mismatches = 0;
                    // Keep predicting until training has finished, then a last round to check the final state.
                    for (int round = 0; training.get() || round < 2 * cases; round++) {
                        boolean trainingNow = training.get();
                        int i = order.nextInt(cases);
                        int n = sizes.get(i);
                        if (n == 1) {
                            snapshot.predict(inputs.get(i), single);
                            System.arraycopy(single, 0, out, 0, OUT);
                        } else {
                            snapshot.predict(inputs.get(i), n, out);
                        }
                        if (!Arrays.equals(expected.get(i), Arrays.copyOf(out, OUT * n))) {
                            mismatches++;
                        }
                        if (trainingNow) {
                            duringTraining++;
                        }
                    }
                    return new long[] {duringTraining, mismatches};
                }));
            }

            start.countDown();
            double firstLoss = Double.NaN;
            double lastLoss = Double.NaN;
            for (int step = 0; step < STEPS; step++) {
                network.zeroGradients();
                network.forward(xs, BATCH);
                lastLoss = network.loss(labels);
                if (step == 0) {
                    firstLoss = lastLoss;
                }
                network.backward(labels);
                for (Parameter p : network.parameters()) {
                    Blas.saxpy(p.size(), -LEARNING_RATE, p.gradient(), 0, p.value(), 0);
                }
            }
            training.set(false);

            long compared = 0;
            for (int t = 0; t < PREDICTORS; t++) {
                long[] result = results.get(t).get(2, TimeUnit.MINUTES);
                assertEquals(0, result[1], "predictor thread " + t + ": snapshot results changed during training");
                compared += result[0];
            }
            assertTrue(lastLoss < 0.5 * firstLoss, "training made progress: loss " + firstLoss + " -> " + lastLoss);
            assertFalse(Arrays.equals(networkBefore, Arrays.copyOf(network.forward(probe, 1), OUT)),
                    "the network's own output changed");
            assertTrue(compared >= PREDICTORS, "predictions overlapped the training: " + compared);
            System.out.println("SnapshotDuringTrainingTest: " + compared + " snapshot predictions compared bit for bit"
                    + " while " + STEPS + " SGD steps ran");
        } finally {
            training.set(false);
            pool.shutdownNow();
        }
    }
}
