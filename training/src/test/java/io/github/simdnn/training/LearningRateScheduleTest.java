package io.github.simdnn.training;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningRateScheduleTest {

    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertEquals(0.3, s.rate(0.3, 0));
        assertEquals(0.3, s.rate(0.3, 17.5));
    }

    @Test
    void stepDecayChangesOnlyAtWholeEpochs() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(3, 0.1);
        assertEquals(1.0, s.rate(1.0, 0));
        assertEquals(1.0, s.rate(1.0, 2.99));
        assertEquals(0.1, s.rate(1.0, 3.0), 1e-15);
        assertEquals(0.1, s.rate(1.0, 5.5), 1e-15);
        assertEquals(0.01, s.rate(1.0, 6.0), 1e-15);
    }

    @Test
    void cosineGoesFromBaseToMinimum() {
        LearningRateSchedule s = LearningRateSchedule.cosine(10, 0.1);
        assertEquals(2.0, s.rate(2.0, 0), 1e-15);
        assertEquals(0.2 + 1.8 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.rate(2.0, 2.5), 1e-15);
        assertEquals(1.1, s.rate(2.0, 5), 1e-15);   // halfway: the mean of 2.0 and 0.2
        assertEquals(0.2, s.rate(2.0, 10), 1e-15);
        assertEquals(0.2, s.rate(2.0, 12), 1e-15);  // stays at the minimum after its length
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(2, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(5, -0.1));
    }

    @Test
    void trainerSetsTheScheduledRateBeforeEveryBatchAndRestoresTheBaseRate() {
        Dataset train = Blobs.of(12, 3, 2, 0.3, 1);
        Network net = Network.builder(3).dense(4).tanh().dense(2).softmax().build(new SoftmaxCrossEntropy(), 4);
        Sgd sgd = new Sgd(net.parameters(), 0.8);
        List<Double> rates = new ArrayList<>();
        Trainer trainer = new Trainer(net, sgd, TrainingOptions.defaults().withEpochs(4).withBatchSize(4)
                .withSchedule(LearningRateSchedule.cosine(4, 0)));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss, double perSecond) {
                rates.add(sgd.learningRate());
            }
        });
        trainer.fit(train, train);
        assertEquals(12, rates.size());
        for (int i = 0; i < 12; i++) {
            double progress = i / 3 + (i % 3) / 3.0;   // epoch index + fraction of its 3 batches done
            assertEquals(0.8 * (1 + Math.cos(Math.PI * progress / 4)) / 2, rates.get(i), 1e-12, "batch " + i);
        }
        assertEquals(0.8, sgd.learningRate(), "the base rate is restored after fit");
    }
}
