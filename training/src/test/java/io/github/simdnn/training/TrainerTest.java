package io.github.simdnn.training;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.training.data.DataSplits;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    private static Network network(int in, int hidden, int out, int maxBatch, long seed) {
        return Network.builder(in).dense(hidden).sigmoid().dense(out).softmax().seed(seed)
                .build(new SoftmaxCrossEntropy(), maxBatch);
    }

    private static List<float[]> weights(Network network) {
        List<float[]> copies = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            copies.add(p.value().clone());
        }
        return copies;
    }

    private static DataSplits digits() throws IOException {
        return DataSplits.random(Datasets.digits(), 0.15, 0.15, 1);
    }

    /** Trains a fresh 64-32-10 network on digits for 3 epochs. */
    private static List<float[]> trainDigits(long seed, Parallelism parallelism) throws IOException {
        DataSplits splits = digits();
        Network net = network(64, 32, 10, 32, 7);
        Momentum optimizer = new Momentum(net.parameters(), 0.1);
        new Trainer(net, optimizer, TrainingOptions.defaults().withEpochs(3).withSeed(seed)
                .withParallelism(parallelism)).fit(splits.train(), splits.validation());
        return weights(net);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsForAnyThreadCount() throws IOException {
        List<float[]> first = trainDigits(42, Parallelism.SEQUENTIAL);
        List<float[]> second = trainDigits(42, Parallelism.SEQUENTIAL);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        List<float[]> threaded;
        try {
            threaded = trainDigits(42, Parallelism.of(pool, 2));
        } finally {
            pool.shutdown();
        }
        List<float[]> otherSeed = trainDigits(43, Parallelism.SEQUENTIAL);
        boolean anyDifferent = false;
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "parameter " + i + " differs between two runs");
            assertArrayEquals(first.get(i), threaded.get(i), "parameter " + i + " differs with 2 threads");
            anyDifferent |= !java.util.Arrays.equals(first.get(i), otherSeed.get(i));
        }
        assertTrue(anyDifferent, "another shuffling seed must give other weights");
    }

    @Test
    void fitUsesTheOptionsThreadsAndGivesTheNetworkAndOptimizerTheirOwnBack() throws IOException {
        DataSplits splits = digits();
        Network net = network(64, 32, 10, 32, 7);
        Momentum optimizer = new Momentum(net.parameters(), 0.1);
        ExecutorService own = Executors.newFixedThreadPool(1);
        ExecutorService training = Executors.newFixedThreadPool(1);
        try {
            Parallelism before = Parallelism.of(own, 2);
            net.setParallelism(before);
            Parallelism during = Parallelism.of(training, 2);
            Parallelism[] seen = new Parallelism[2];
            Trainer trainer = new Trainer(net, optimizer,
                    TrainingOptions.defaults().withEpochs(1).withParallelism(during));
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult epoch) {
                    seen[0] = net.parallelism();
                    seen[1] = optimizer.parallelism();
                }
            });
            trainer.fit(splits.train(), splits.validation());
            assertSame(during, seen[0], "the network trains on the options' threads");
            assertSame(during, seen[1], "the optimizer steps on the options' threads");
            assertSame(before, net.parallelism(), "the network's own threads afterwards");
            assertSame(Parallelism.SEQUENTIAL, optimizer.parallelism(), "the optimizer's own threads afterwards");
        } finally {
            own.shutdown();
            training.shutdown();
        }
    }

    @Test
    void lastPartialBatchAndSampleCounts() {
        Dataset train = Blobs.of(10, 3, 2, 0.3, 1);
        Network net = network(3, 4, 2, 4, 1);
        List<int[]> batches = new ArrayList<>();
        Trainer trainer = new Trainer(net, new Sgd(net.parameters(), 0.1),
                TrainingOptions.defaults().withEpochs(2).withBatchSize(4));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int of, int samples, double loss, double perSecond) {
                batches.add(new int[] {epoch, batch, of, samples, net.batch()});
                assertTrue(Double.isFinite(loss) && loss > 0);
            }
        });
        TrainingResult result = trainer.fit(train, Dataset.of(new float[0], new int[0], 3, 2));
        assertEquals(6, batches.size());
        assertArrayEquals(new int[] {1, 1, 3, 4, 4}, batches.get(0));
        assertArrayEquals(new int[] {1, 2, 3, 8, 4}, batches.get(1));
        assertArrayEquals(new int[] {1, 3, 3, 10, 2}, batches.get(2));   // the remainder: 2 samples
        assertArrayEquals(new int[] {2, 3, 3, 10, 2}, batches.get(5));
        assertEquals(10, result.last().samples());
        assertEquals(20, result.samples());
        assertFalse(result.last().hasValidation());
        assertEquals(0, result.bestEpoch());
    }

    @Test
    void trainLossIsTheSampleWeightedMeanOfBatchLosses() {
        Dataset train = Blobs.of(10, 3, 2, 0.3, 2);
        Network net = network(3, 4, 2, 4, 1);
        double[] sum = new double[1];
        Trainer trainer = new Trainer(net, new Sgd(net.parameters(), 0.1),
                TrainingOptions.defaults().withEpochs(1).withBatchSize(4));
        int[] previous = {0};
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int of, int samples, double loss, double perSecond) {
                sum[0] += loss * (samples - previous[0]);
                previous[0] = samples;
            }
        });
        TrainingResult result = trainer.fit(train, train);
        assertEquals(sum[0] / 10, result.last().trainLoss(), 1e-12);
        Evaluation e = new Evaluator(net).evaluate(train);
        assertEquals(e.loss(), result.last().validationLoss(), 1e-12);
        assertEquals(e.accuracy(), result.last().validationAccuracy(), 1e-12);
    }

    @Test
    void learnsDigits() throws IOException {
        DataSplits splits = digits();
        Network net = network(64, 32, 10, 32, 3);
        TrainingResult result = new Trainer(net, new Momentum(net.parameters(), 0.1),
                TrainingOptions.defaults().withEpochs(20).withSeed(3)).fit(splits.train(), splits.validation());
        assertTrue(result.last().validationAccuracy() >= 0.93, "validation accuracy " + result.last());
        assertTrue(result.last().trainLoss() < result.history().getFirst().trainLoss() / 4, result.toString());
        Evaluation test = new Evaluator(net).evaluate(splits.test());
        assertTrue(test.accuracy() >= 0.93, "test accuracy " + test.accuracy());
    }

    /**
     * With plain Sgd on every parameter the trainer steps inside backward (Network.backwardSgdStep): the weights
     * follow the zero-grad / backward / step loop to float rounding, the gradients are never written, the
     * optimizer counts every step, and 1 and 2 threads agree bit for bit.
     */
    /** One epoch of {@code train} through {@link Trainer} (no validation data), seed 5, on {@code parallelism}. */
    private static void trainerEpoch(Network net, Optimizer optimizer, Dataset train, int batch,
                                     Parallelism parallelism) {
        new Trainer(net, optimizer, TrainingOptions.defaults().withEpochs(1).withBatchSize(batch).withSeed(5)
                .withParallelism(parallelism)).fit(train, Dataset.of(new float[0], new int[0], 64, 10));
    }

    /**
     * The epoch of {@link #trainerEpoch} (the trainer's shuffle, seed 5) as the explicit loop zeroGrad / forward /
     * backward / step.
     */
    private static void explicitEpoch(Network net, Optimizer optimizer, Dataset train, int batch) {
        int[] order = io.github.simdnn.training.data.Shuffle.permutation(train.size(), 5);
        float[] x = new float[64 * batch];
        int[] y = new int[batch];
        for (int from = 0; from < train.size(); from += batch) {
            int count = Math.min(batch, train.size() - from);
            train.copyBatch(order, from, count, x, 0, y, 0);
            optimizer.zeroGrad();
            net.forward(x, count);
            net.backward(y);
            optimizer.step();
        }
    }

    /**
     * One epoch through Trainer of a 64-1024-10 network at batch 128 on one thread and on two, bit for bit: large
     * enough that both split (the weight-gradient product, 16.8 MFLOP, by rows; the 65,536-element update pass by
     * ranges), where the 64-32-10 network of the other checks would run everything on the calling thread.
     */
    private static void assertTwoThreadsAgree(java.util.function.Function<List<Parameter>, Optimizer> optimizer,
                                              Dataset train) {
        int batch = 128;
        Network one = network(64, 1024, 10, batch, 7);
        trainerEpoch(one, optimizer.apply(one.parameters()), train, batch, Parallelism.SEQUENTIAL);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Network two = network(64, 1024, 10, batch, 7);
            trainerEpoch(two, optimizer.apply(two.parameters()), train, batch, Parallelism.of(pool, 2));
            for (int i = 0; i < one.parameters().size(); i++) {
                assertArrayEquals(one.parameters().get(i).value(), two.parameters().get(i).value(),
                        "parameter " + i + " with 2 threads");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sgdOnEveryParameterStepsInsideBackward() throws Exception {
        Dataset train = digits().train();
        int batch = 32;
        float lr = 0.5f;
        float lambda = 1e-3f;
        Network fused = network(64, 32, 10, batch, 7);
        Sgd sgd = new Sgd(fused.parameters(), lr, lambda);
        trainerEpoch(fused, sgd, train, batch, Parallelism.SEQUENTIAL);
        int batches = (train.size() + batch - 1) / batch;
        assertEquals(batches, sgd.steps());

        Network looped = network(64, 32, 10, batch, 7);
        explicitEpoch(looped, new Sgd(looped.parameters(), lr, lambda), train, batch);
        List<float[]> initial = weights(network(64, 32, 10, batch, 7));
        for (int i = 0; i < fused.parameters().size(); i++) {
            Parameter p = fused.parameters().get(i);
            float[] expected = looped.parameters().get(i).value();
            double moved = 0;
            for (int k = 0; k < p.size(); k++) {
                double tolerance = 1e-4 * Math.max(1, Math.abs(expected[k]));
                assertEquals(expected[k], p.value()[k], tolerance, p.name() + " " + i + "[" + k + "]");
                assertEquals(0f, p.gradient()[k], "the trainer wrote gradient " + i + "[" + k + "]");
                moved = Math.max(moved, Math.abs(expected[k] - initial.get(i)[k]));
            }
            assertTrue(moved > 0.01, "parameter " + i + " moved by at most " + moved);
        }

        assertTwoThreadsAgree(p -> new Sgd(p, lr, lambda), train);
    }

    /**
     * Classical momentum on every parameter steps inside backward (Network.backwardStep): without L2 the same
     * weights and velocities as the explicit zeroGrad / forward / backward / step loop, bit for bit, over an epoch
     * with a partial last batch; with L2 the same to rounding; the gradients stay untouched; one step counted per
     * batch; and 1 and 2 threads agree bit for bit. Nesterov keeps the explicit path (it writes the gradients).
     */
    @ParameterizedTest(name = "momentum={0} lambda={1}")
    @CsvSource({"0.9, 0", "0.9, 0.001", "0, 0"})
    void classicalMomentumOnEveryParameterStepsInsideBackward(double mu, float lambda) throws Exception {
        Dataset train = digits().train();
        int batch = 32;
        double lr = 0.1;
        Network fused = network(64, 32, 10, batch, 7);
        Momentum momentum = new Momentum(fused.parameters(), lr, mu, false, lambda);
        trainerEpoch(fused, momentum, train, batch, Parallelism.SEQUENTIAL);
        int batches = (train.size() + batch - 1) / batch;
        assertEquals(batches, momentum.steps());
        assertTrue(train.size() % batch != 0, "the epoch ends with a partial batch");

        Network looped = network(64, 32, 10, batch, 7);
        Momentum plain = new Momentum(looped.parameters(), lr, mu, false, lambda);
        explicitEpoch(looped, plain, train, batch);
        List<float[]> initial = weights(network(64, 32, 10, batch, 7));
        for (int i = 0; i < fused.parameters().size(); i++) {
            Parameter p = fused.parameters().get(i);
            float[] expected = looped.parameters().get(i).value();
            if (lambda == 0f) {
                assertArrayEquals(expected, p.value(), "parameter " + i);
                assertArrayEquals(plain.velocity(i), momentum.velocity(i), "velocity " + i);
            } else {
                for (int k = 0; k < p.size(); k++) {
                    assertEquals(expected[k], p.value()[k], 1e-4 * Math.max(1, Math.abs(expected[k])),
                            p.name() + " " + i + "[" + k + "]");
                }
            }
            double moved = 0;
            for (int k = 0; k < p.size(); k++) {
                assertEquals(0f, p.gradient()[k], "the trainer wrote gradient " + i + "[" + k + "]");
                moved = Math.max(moved, Math.abs(p.value()[k] - initial.get(i)[k]));
            }
            assertTrue(moved > 0.01, "parameter " + i + " moved by at most " + moved);
        }

        assertTwoThreadsAgree(p -> new Momentum(p, lr, mu, false, lambda), train);

        Network nesterov = network(64, 32, 10, batch, 7);
        trainerEpoch(nesterov, new Momentum(nesterov.parameters(), lr, mu, true, lambda), train, batch,
                Parallelism.SEQUENTIAL);
        assertFalse(java.util.Arrays.equals(new float[64 * 32], nesterov.parameters().get(0).gradient()),
                "Nesterov ran backward, which wrote the gradients");
    }

    /**
     * A batch of 600 spans two reduction blocks of the vector GEMM, where μ·v joins the first block's partial product:
     * the step inside backward then equals the explicit loop to rounding (not bit for bit).
     */
    @Test
    void momentumInsideBackwardOverTwoReductionBlocksEqualsTheLoopToRounding() throws Exception {
        Dataset train = digits().train();
        int batch = 600;
        Network fused = network(64, 32, 10, batch, 7);
        trainerEpoch(fused, new Momentum(fused.parameters(), 0.1, 0.9, false, 0), train, batch, Parallelism.SEQUENTIAL);
        Network looped = network(64, 32, 10, batch, 7);
        explicitEpoch(looped, new Momentum(looped.parameters(), 0.1, 0.9, false, 0), train, batch);
        List<float[]> initial = weights(network(64, 32, 10, batch, 7));
        for (int i = 0; i < fused.parameters().size(); i++) {
            float[] actual = fused.parameters().get(i).value();
            float[] expected = looped.parameters().get(i).value();
            double moved = 0;
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[k], actual[k], 1e-5 * Math.max(1, Math.abs(expected[k])), "parameter " + i);
                moved = Math.max(moved, Math.abs(actual[k] - initial.get(i)[k]));
            }
            assertTrue(moved > 1e-3, "parameter " + i + " moved by at most " + moved);
        }
    }

    /** Sgd on part of the parameters takes the usual path: the others stay as they are. */
    @Test
    void sgdOnSomeParametersLeavesTheOthersAlone() throws Exception {
        Dataset train = digits().train();
        Network net = network(64, 32, 10, 32, 7);
        List<float[]> before = weights(net);
        List<Parameter> last = net.parameters().subList(2, 4);
        Sgd sgd = new Sgd(last, 0.5);
        new Trainer(net, sgd, TrainingOptions.defaults().withEpochs(1).withBatchSize(32).withSeed(5))
                .fit(train, Dataset.of(new float[0], new int[0], 64, 10));
        assertArrayEquals(before.get(0), net.parameters().get(0).value(), "first layer weights");
        assertArrayEquals(before.get(1), net.parameters().get(1).value(), "first layer bias");
        assertFalse(java.util.Arrays.equals(before.get(2), net.parameters().get(2).value()), "last layer weights");
        assertFalse(java.util.Arrays.equals(net.parameters().get(0).gradient(), new float[64 * 32]),
                "backward wrote the first layer's gradient");
    }

    @Test
    void rejectsMismatchedData() {
        Network net = network(3, 4, 2, 4, 1);
        Trainer trainer = new Trainer(net, new Sgd(net.parameters(), 0.1), TrainingOptions.defaults().withBatchSize(4));
        Dataset wrongFeatures = Blobs.of(8, 5, 2, 0.3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(wrongFeatures, wrongFeatures));
        assertTrue(e.getMessage().contains("5 features") && e.getMessage().contains("3 inputs"), e.getMessage());
        Dataset threeClasses = Blobs.of(9, 3, 3, 0.3, 1);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(threeClasses, threeClasses));
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(net, new Sgd(net.parameters(), 0.1),
                TrainingOptions.defaults().withBatchSize(5)));
        assertTrue(e.getMessage().contains("batch size 5") && e.getMessage().contains("maxBatch 4"), e.getMessage());
        Network other = network(3, 4, 2, 4, 1);
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(net, new Sgd(other.parameters(), 0.1),
                TrainingOptions.defaults().withBatchSize(4)));
        assertTrue(e.getMessage().contains("not a parameter"), e.getMessage());
    }
}
