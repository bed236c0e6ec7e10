package io.github.simdnn.training;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    /** Validation = the training samples with every label moved to the next class: fitting makes it worse. */
    private static Dataset relabelled(Dataset data) {
        float[] x = new float[data.size() * data.featureCount()];
        int[] y = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            for (int f = 0; f < data.featureCount(); f++) {
                x[i * data.featureCount() + f] = data.feature(i, f);
            }
            y[i] = (data.label(i) + 1) % data.classCount();
        }
        return Dataset.of(x, y, data.featureCount(), data.classCount());
    }

    private record Run(Network network, TrainingResult result, List<List<float[]>> perEpoch) {
    }

    private static Run train(int patience, boolean restore) {
        Dataset train = Blobs.of(60, 4, 3, 0.5, 3);
        Network net = Network.builder(4).dense(8).sigmoid().dense(3).softmax().seed(2)
                .build(new SoftmaxCrossEntropy(), 10);
        List<List<float[]>> perEpoch = new ArrayList<>();
        Trainer trainer = new Trainer(net, new Momentum(net.parameters(), 0.1),
                TrainingOptions.defaults().withEpochs(30).withBatchSize(10).withEarlyStopping(patience, restore));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochResult result) {
                List<float[]> copy = new ArrayList<>();
                for (Parameter p : net.parameters()) {
                    copy.add(p.value().clone());
                }
                perEpoch.add(copy);
            }
        });
        return new Run(net, trainer.fit(train, relabelled(train)), perEpoch);
    }

    @Test
    void stopsAfterPatienceAndRestoresTheBestWeights() {
        Run run = train(3, true);
        TrainingResult r = run.result();
        int best = r.bestEpoch();
        assertTrue(r.stoppedEarly(), r.toString());
        assertEquals(best + 3, r.history().size(), "stops 3 epochs after the best one");
        double min = r.history().stream().mapToDouble(EpochResult::validationLoss).min().orElseThrow();
        assertEquals(min, r.bestValidationLoss());
        assertEquals(min, r.history().get(best - 1).validationLoss());
        assertTrue(r.history().get(best - 1).best());
        assertTrue(r.restoredBest());
        List<Parameter> params = run.network().parameters();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(run.perEpoch().get(best - 1).get(i), params.get(i).value(), "parameter " + i);
        }
        assertFalse(java.util.Arrays.equals(run.perEpoch().getLast().get(0), params.get(0).value()),
                "the last epoch's weights differ from the restored ones");
        // The validation loss of the restored network is the best one.
        assertEquals(min, new Evaluator(run.network()).evaluate(relabelled(Blobs.of(60, 4, 3, 0.5, 3))).loss(),
                1e-12);
    }

    @Test
    void withoutRestoreKeepsTheLastWeights() {
        Run run = train(3, false);
        assertTrue(run.result().stoppedEarly());
        assertFalse(run.result().restoredBest());
        assertArrayEquals(run.perEpoch().getLast().get(0), run.network().parameters().get(0).value());
    }

    @Test
    void needsValidationSamples() {
        Dataset train = Blobs.of(20, 4, 3, 0.5, 3);
        Network net = Network.builder(4).dense(3).softmax().build(new SoftmaxCrossEntropy(), 10);
        Trainer trainer = new Trainer(net, new Sgd(net.parameters(), 0.1),
                TrainingOptions.defaults().withBatchSize(10).withEarlyStopping(2, true));
        Dataset empty = Dataset.of(new float[0], new int[0], 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(train, empty));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
    }
}
