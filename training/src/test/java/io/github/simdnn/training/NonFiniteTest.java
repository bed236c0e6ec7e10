package io.github.simdnn.training;

import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Shuffle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonFiniteTest {

    private static Network reluNetwork(int maxBatch) {
        return Network.builder(3).dense(6).relu().dense(2).softmax().seed(4).build(new SoftmaxCrossEntropy(), maxBatch);
    }

    /** 8 ordinary samples and, at index 5, one whose features are Float.MAX_VALUE: its loss or gradient overflows. */
    private static Dataset withOneExtremeSample() {
        Dataset ordinary = Blobs.of(9, 3, 2, 0.3, 8);
        float[] x = new float[27];
        int[] y = new int[9];
        for (int i = 0; i < 9; i++) {
            for (int f = 0; f < 3; f++) {
                x[i * 3 + f] = i == 5 ? Float.MAX_VALUE : ordinary.feature(i, f);
            }
            y[i] = ordinary.label(i);
        }
        return Dataset.of(x, y, 3, 2);
    }

    private static int positionOf(int sample, int n, long seed) {
        int[] order = Shuffle.permutation(n, seed);   // the first epoch's order: Random(seed), one shuffle
        for (int i = 0; i < n; i++) {
            if (order[i] == sample) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void hugeLearningRateStopsNamingEpochAndBatch() {
        Dataset train = Blobs.of(40, 3, 2, 0.3, 1);
        Network net = reluNetwork(4);
        Trainer trainer = new Trainer(net, new Sgd(net.parameters(), 1e30),
                TrainingOptions.defaults().withEpochs(2).withBatchSize(4));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, train));
        // The first step multiplies weights by ~1e30 (still finite); the second batch overflows (~1e60).
        assertEquals(1, e.epoch());
        assertEquals(2, e.batch());
        assertTrue(e.getMessage().contains("epoch 1 of 2, batch 2 of 10"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }

    /**
     * The parameters are checked through the next batch's forward, and fully at the end of each epoch, rather than
     * after every step: a step that leaves a non-finite weight must still stop training naming its own batch, and
     * nothing may step after it. A listener plays the step gone wrong, writing NaN or an infinity into the output
     * layer's weights or the hidden bias after batch {@code at}: mid-epoch (caught by batch at + 1's forward) or
     * after the last batch (caught at the end of the epoch). Under {@link NonFinitePolicy#SKIP_BATCH} too: a
     * non-finite weight is not a batch's bad data, so it always stops training and no batch is reported skipped.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd 3", "momentum 3", "explicit 3", "sgd 10", "momentum 10", "explicit 10",
            "sgd 3 skip", "momentum 3 skip", "explicit 3 skip",
            "sgd 10 skip", "momentum 10 skip", "explicit 10 skip"})
    void aNonFiniteWeightNamesTheBatchWhoseStepLeftIt(String pathBatchPolicy) {
        String[] words = pathBatchPolicy.split(" ");
        String path = words[0];
        int at = Integer.parseInt(words[1]);
        NonFinitePolicy policy = words.length > 2 ? NonFinitePolicy.SKIP_BATCH : NonFinitePolicy.STOP;
        Dataset train = Blobs.of(40, 3, 2, 0.3, 1);
        Network net = reluNetwork(4);
        OptimizerState optimizer = optimizer(net, 0.05, path);
        Trainer trainer = new Trainer(net, optimizer, TrainingOptions.defaults().withEpochs(2).withBatchSize(4)
                .withNonFinitePolicy(policy));
        List<String> skipped = new ArrayList<>();
        Parameter target = net.parameters().get(at == 3 ? 2 : 1);          // layer 2's weights, layer 0's bias
        float bad = at == 3 ? Float.NEGATIVE_INFINITY : Float.NaN;
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss, double perSecond) {
                if (epoch == 1 && batch == at) {
                    target.value()[target.size() - 1] = bad;
                }
            }

            @Override
            public void onBatchSkipped(int epoch, int batch, int batches, String reason) {
                skipped.add(epoch + "/" + batch + ": " + reason);
            }
        });
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(train, train));
        assertEquals(1, e.epoch());
        assertEquals(at, e.batch());
        String name = net.namedParameters().entrySet().stream().filter(n -> n.getValue() == target).findFirst()
                .orElseThrow().getKey();                                     // e.g. 2.weight
        assertTrue(e.getMessage().contains("epoch 1 of 2, batch " + at + " of 10: after the step parameter "
                + name + " holds " + bad + " at index " + (target.size() - 1)), e.getMessage());
        assertEquals(at, optimizer.steps(), "no step after the bad one");
        assertEquals(List.of(), skipped, "a non-finite weight stops training under " + policy);
        assertEquals(bad, target.value()[target.size() - 1]);
    }

    /**
     * "sgd" steps inside backward (Network.backwardSgdStep, which checks every dZ); "momentum" (classical, μ = 0.5)
     * too, through Network.backwardStep; "explicit" is Nesterov momentum with μ = 0, the same updates as plain SGD
     * through backward, the gradient check and step() (Nesterov has no step inside backward).
     */
    private static OptimizerState optimizer(Network net, double lr, String path) {
        return switch (path) {
            case "sgd" -> new Sgd(net.parameters(), lr);
            case "momentum" -> new Momentum(net.parameters(), lr, 0.5, false, 0);
            default -> new Momentum(net.parameters(), lr, 0, true, 0);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "momentum", "explicit"})
    void stopPolicyNamesTheBatchHoldingTheBadSample(String path) {
        Dataset train = withOneExtremeSample();
        Network net = reluNetwork(1);
        Trainer trainer = new Trainer(net, optimizer(net, 0.01, path),
                TrainingOptions.defaults().withEpochs(1).withBatchSize(1).withSeed(9));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, train));
        int batch = positionOf(5, 9, 9) + 1;
        assertEquals(1, e.epoch());
        assertEquals(batch, e.batch());
        assertTrue(e.getMessage().contains("epoch 1 of 1, batch " + batch + " of 9"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "momentum", "explicit"})
    void skipPolicyLeavesWeightsUnchangedForTheBadBatch(String path) {
        Dataset train = withOneExtremeSample();
        Network net = reluNetwork(1);
        OptimizerState sgd = optimizer(net, 0.05, path);
        List<List<float[]>> afterBatch = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<float[]> atSkip = new ArrayList<>();
        Trainer trainer = new Trainer(net, sgd, TrainingOptions.defaults().withEpochs(1).withBatchSize(1)
                .withSeed(9).withNonFinitePolicy(NonFinitePolicy.SKIP_BATCH));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss, double perSecond) {
                afterBatch.add(copy(net));
            }

            @Override
            public void onBatchSkipped(int epoch, int batch, int batches, String reason) {
                skipped.add(epoch + "/" + batch + ": " + reason);
                atSkip.addAll(copy(net));
            }
        });
        Dataset validation = Blobs.of(9, 3, 2, 0.3, 8);
        TrainingResult result = trainer.fit(train, validation);
        int batch = positionOf(5, 9, 9) + 1;
        assertEquals(1, skipped.size(), skipped.toString());
        assertTrue(skipped.getFirst().startsWith("1/" + batch + ": "), skipped.toString());
        assertEquals(1, result.last().skippedBatches());
        assertEquals(8, result.last().samples());
        assertEquals(8, sgd.steps(), "no step for the skipped batch");
        assertTrue(batch > 1, "the seed puts the bad sample after the first batch");
        List<float[]> before = afterBatch.get(batch - 2);   // after the batch just before the bad one
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), atSkip.get(i), "parameter " + i + " changed by the skipped batch");
            assertTrue(io.github.simdnn.tensor.Ops.allFinite(atSkip.get(i).length, atSkip.get(i), 0));
        }
        assertFalse(Double.isNaN(result.last().trainLoss()));
    }

    /**
     * A finite loss whose back-propagated dZ overflows (the construction of nn-layers' SgdStepInBackwardTest: two
     * huge weights that cancel going forward and add up going back) stops the step inside backward before any
     * parameter changes, for plain Sgd (Network.backwardSgdStep) and classical momentum (Network.backwardStep).
     */
    @ParameterizedTest(name = "momentum: {0}")
    @ValueSource(booleans = {false, true})
    void anInfiniteDzStopsTheStepInsideBackward(boolean momentum) {
        Network net = Network.builder(5).dense(4).sigmoid().dense(2).sigmoid().dense(3).softmax().seed(1)
                .build(new SoftmaxCrossEntropy(), 1);
        ((Dense) net.layers().get(0)).setWeights(new float[20]);
        float h = 1e37f;
        ((Dense) net.layers().get(2)).setWeights(new float[] {h, -h, 0, 0, h, -h, 0, 0});
        ((Dense) net.layers().get(4)).setWeights(new float[] {1e3f, 1e3f, -1e3f, -1e3f, -1e3f, -1e3f});
        List<float[]> before = copy(net);
        Dataset one = Dataset.of(new float[] {1, 2, 3, 4, 5}, new int[] {1}, 5, 3);
        Optimizer optimizer = momentum ? new Momentum(net.parameters(), 0.1) : new Sgd(net.parameters(), 0.1);
        Trainer trainer = new Trainer(net, optimizer, TrainingOptions.defaults().withEpochs(1).withBatchSize(1));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(one, one));
        assertTrue(e.getMessage().contains("epoch 1 of 1, batch 1 of 1"), e.getMessage());
        assertTrue(e.getMessage().contains("the gradient dZ of layer 0 dense(5,4) holds Infinity"), e.getMessage());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), net.parameters().get(i).value(), "parameter " + i);
            if (momentum) {
                assertArrayEquals(new float[before.get(i).length], ((Momentum) optimizer).velocity(i), "velocity " + i);
            }
        }
        assertEquals(0, optimizer.steps(), "no step counted");
    }

    private static List<float[]> copy(Network net) {
        List<float[]> c = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            c.add(p.value().clone());
        }
        return c;
    }
}
