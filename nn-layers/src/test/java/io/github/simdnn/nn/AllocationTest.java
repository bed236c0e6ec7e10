package io.github.simdnn.nn;

import io.github.simdnn.tensor.Transpose;
import io.github.simdnn.testsupport.AllocatedBytes;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steady-state training steps and predictions allocate nothing, counted by the per-thread allocation counter
 * ({@link AllocatedBytes}, shared with the other modules' allocation tests).
 *
 * <p>"Steady state" is after the JIT has compiled the Vector API kernels of tensor-core (before that, vector
 * objects are boxed): the work is repeated in rounds until two consecutive rounds allocate nothing, and the test
 * fails if that does not happen within {@link AllocatedBytes#steadyState}'s limits. The forward passes of Sigmoid,
 * Tanh and Softmax are left out of the measured steps: each is a single call to {@code Ops.sigmoid} /
 * {@code Ops.tanh} / {@code Ops.softmaxColumns}, whose own allocation tensor-core's {@code KernelsAllocationTest}
 * checks. The tests run in a fixed order, the one that made the old profile-pollution failure show: the fused
 * losses run the cross-entropy kernel before the 784-input predictor's kernels are compiled (docs/performance.md,
 * "Allocation").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllocationTest {

    private static final int STEPS_PER_ROUND = 2000;

    /** {@link AllocatedBytes#steadyState} on the calling thread. */
    private static long steadyStateBytes(Runnable step) {
        return AllocatedBytes.steadyState(new Thread[] {Thread.currentThread()}, STEPS_PER_ROUND, step);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    /** The first m labels as one-hot columns of a rows×m matrix. */
    private static float[] oneHot(int[] labels, int rows, int m) {
        float[] t = new float[rows * m];
        for (int c = 0; c < m; c++) {
            t[labels[c] * m + c] = 1;
        }
        return t;
    }

    @Test
    @Order(1)
    void trainingStepsAndPredictionsAllocateNothing() {
        SplittableRandom r = new SplittableRandom(1);
        Network network = Network.builder(20).dense(16).relu().dense(12).relu().dense(5).seed(3)
                .build(new MeanSquaredError(), 32);
        float[] x = random(r, 20 * 32);
        float[] targets = random(r, 5 * 32);
        int[] labels = new int[32];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(5);
        }
        Predictor predictor = Predictor.of(network, 32);
        float[] features = random(r, 20);
        float[] out = new float[5];
        float[] batchOut = new float[5 * 32];
        int[] classes = new int[32];
        int[] counter = {0};
        long bytes = steadyStateBytes(() -> {
            int batch = ++counter[0] % 3 == 0 ? 7 : 32;     // a smaller last batch in between
            network.zeroGradients();
            network.forward(x, batch);
            network.loss(targets);
            network.backward(targets);
            network.loss(labels);
            network.backward(labels);
            network.l2Penalty(1e-3);
            predictor.predict(features, out);
            predictor.predictClass(features);
            predictor.predict(x, batch, batchOut);
            predictor.predictRows(x, batch, batchOut);
            predictor.predictClasses(x, batch, classes);
        });
        assertEquals(0, bytes, "bytes allocated per round of " + STEPS_PER_ROUND + " steps in the steady state");
    }

    /**
     * The trainer's step on a batch written into the input panels (forwardInputPanels, then backward in the three
     * ways the trainer runs it) allocates nothing, with a smaller last batch in between.
     */
    @Test
    @Order(4)
    void stepsOnInputPanelsAllocateNothing() {
        SplittableRandom r = new SplittableRandom(7);
        Network network = Network.builder(37).dense(19).sigmoid().dense(5).softmax().seed(8)
                .build(new SoftmaxCrossEntropy(), 32);
        float[] x = random(r, 37 * 32);
        int[] labels = new int[32];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(5);
        }
        Network.InputPanels panels = network.inputPanels();
        DenseUpdate update = (layer, parallelism, input, dz, batch) ->
                input.gradientProduct(parallelism, layer.outputSize(), -0.01f, dz, 1f, layer.weight().value());
        int[] counter = {0};
        long bytes = steadyStateBytes(() -> {
            int batch = ++counter[0] % 3 == 0 ? 7 : 32;
            panels.columns().pack(Transpose.NO, 37, batch, x, 0, 32);
            panels.rows().pack(Transpose.YES, batch, 37, x, 0, 32);
            network.forwardInputPanels(batch);
            network.zeroGradients();
            network.backward(labels);
            network.backwardSgdStep(labels, 0.01f, 0f);
            network.backwardStep(labels, update);
        });
        assertEquals(0, bytes, "bytes allocated per round of " + STEPS_PER_ROUND + " steps in the steady state");
    }

    @Test
    @Order(3)
    void singleSamplePredictionsOfTheBenchmarkNetworkAllocateNothing() {
        // 784-256-10: two 8-vector panels, then a 10-row layer whose only vector is partial (a masked store).
        Network network = Network.builder(784).dense(256).sigmoid().dense(10).softmax().seed(4)
                .build(new SoftmaxCrossEntropy(), 1);
        Predictor predictor = Predictor.of(network, 1);
        float[] features = random(new SplittableRandom(4), 784);
        float[] out = new float[10];
        long bytes = steadyStateBytes(() -> {
            predictor.predict(features, out);
            predictor.predictClass(features);
        });
        assertEquals(0, bytes, "bytes allocated per round of " + STEPS_PER_ROUND + " predictions in the steady state");
    }

    @Test
    @Order(2)
    void fusedLossesAndTheirBackwardAllocateNothing() {
        SplittableRandom r = new SplittableRandom(2);
        Network softmax = Network.builder(10).dense(8).sigmoid().dense(4).softmax().seed(5)
                .build(new SoftmaxCrossEntropy(), 16);
        Network sigmoid = Network.builder(10).dense(8).tanh().dense(3).sigmoid().seed(6)
                .build(new BinaryCrossEntropy(), 16);
        float[] x = random(r, 10 * 16);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        float[] oneHot = oneHot(labels, 4, 16);
        float[] binary = oneHot(labels, 3, 16);
        softmax.forward(x, 16);
        sigmoid.forward(x, 16);
        long bytes = steadyStateBytes(() -> {
            softmax.zeroGradients();
            softmax.loss(labels);
            softmax.backward(labels);
            softmax.loss(oneHot);
            softmax.backward(oneHot);
            sigmoid.zeroGradients();
            sigmoid.loss(labels);
            sigmoid.backward(labels);
            sigmoid.loss(binary);
            sigmoid.backward(binary);
        });
        assertEquals(0, bytes, "bytes allocated per round of " + STEPS_PER_ROUND + " steps in the steady state");
    }
}
