package io.github.simdnn.training;

import io.github.simdnn.nn.DenseUpdate;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.testsupport.AllocatedBytes;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.testsupport.HandOffExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step on two threads allocates nothing once warm, on the calling thread or on the helper, with every
 * product and every large element-wise pass split. Two forms: as {@code Trainer} runs classical momentum (the
 * shuffled batch gathered from a byte data set into the input panels on both threads, {@code forwardInputPanels},
 * {@code parametersLookFinite}, the loss and the step inside {@code backwardStep}), and the explicit form (zeroGrad, forward, loss, backward, full finiteness
 * passes over the gradients and the weights, {@code step()}). Measured with the per-thread counters
 * ({@link AllocatedBytes}), in rounds until two consecutive rounds allocate nothing; a failure names the phase and
 * the thread that allocated.
 *
 * <p>The helper runs on {@link HandOffExecutor}, which allocates nothing per task (a JDK pool would allocate a
 * queue node whenever a helper that went idle after 0.2 ms without work is started again).
 */
class ParallelStepAllocationTest {

    private static final int STEPS_PER_ROUND = 300;
    /** Samples of the data set the trainer-like form gathers its batches from. */
    private static final int SAMPLES = 1000;

    @ParameterizedTest(name = "momentum inside backward: {0}")
    @ValueSource(booleans = {false, true})
    void aTwoThreadStepAllocatesNothing(boolean insideBackward) throws Exception {
        int m = 128;
        Network network = Network.builder(300).dense(256).sigmoid().dense(10).softmax().seed(2)
                .build(new SoftmaxCrossEntropy(), m);
        SplittableRandom r = new SplittableRandom(8);
        float[] x = new float[300 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(10);
        }
        byte[] pixels = new byte[SAMPLES * 300];
        r.nextBytes(pixels);
        int[] classes = new int[SAMPLES];
        int[] order = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            classes[i] = r.nextInt(10);
            order[i] = r.nextInt(SAMPLES);
        }
        Dataset data = Dataset.ofUnsignedBytes(pixels, 1f / 255, classes, 300, 10);
        try (HandOffExecutor helper = new HandOffExecutor()) {
            Parallelism two = Parallelism.of(helper, 2);
            network.setParallelism(two);
            Momentum optimizer = new Momentum(network.parameters(), 1e-3, 0.9, false, 1e-4);
            optimizer.setParallelism(two);
            Parameter[] params = network.parameters().toArray(new Parameter[0]);
            boolean[] finite = {true};
            DenseUpdate update = optimizer.inBackward();
            // Each step as named phases, so that a failure can say which phase allocates on which thread.
            // As Trainer runs classical momentum: the batch gathered into the input panels, the weights checked
            // through the forward's output, the step inside backward.
            Network.InputPanels panels = network.inputPanels();
            int[] batchLabels = new int[m];
            int[] from = {0};
            Runnable[] fusedPhases = {
                () -> {
                    from[0] = (from[0] + m) % (SAMPLES - m);
                    data.copyBatch(two, order, from[0], m, panels.columns(), panels.rows(), batchLabels, 0);
                },
                () -> network.forwardInputPanels(m),
                () -> finite[0] &= network.parametersLookFinite(),
                () -> network.loss(batchLabels),
                () -> {
                    network.backwardStep(batchLabels, update);
                    optimizer.countStep();
                }};
            Runnable[] explicitPhases = {
                optimizer::zeroGrad,
                () -> network.forward(x, m),
                () -> network.loss(labels),
                () -> network.backward(labels),
                () -> {
                    for (Parameter p : params) {
                        finite[0] &= Ops.allFinite(two, p.size(), p.gradient(), 0);
                    }
                },
                optimizer::step,
                () -> {
                    for (Parameter p : params) {
                        finite[0] &= Ops.allFinite(two, p.size(), p.value(), 0);
                    }
                }};
            String[] fusedNames = {"gather", "forwardInputPanels", "parametersLookFinite", "loss",
                    "backwardStep"};
            String[] explicitNames = {"zeroGrad", "forward", "loss", "backward", "finite gradients", "step",
                    "finite values"};
            Runnable[] phases = insideBackward ? fusedPhases : explicitPhases;
            Runnable step = () -> {
                for (Runnable phase : phases) {
                    phase.run();
                }
            };
            Thread[] threads = {Thread.currentThread(), helper.thread()};   // made once: varargs would allocate
            long bytes = AllocatedBytes.steadyState(threads, STEPS_PER_ROUND, step);
            String where = bytes == 0 ? "" : "; per step by phase: "
                    + phaseBytes(phases, insideBackward ? fusedNames : explicitNames, threads);
            assertTrue(finite[0], "the steps stayed finite");
            assertTrue(helper.started() > 0, "the helper ran");
            assertEquals(0, bytes, "bytes allocated by " + STEPS_PER_ROUND + " two-thread steps in the last round"
                    + where);
        }
    }

    /**
     * For a failure message: the bytes each phase allocates on each thread (caller/helper) over
     * {@link #STEPS_PER_ROUND} steps run phase by phase, as totals (an allocation now and then would round to 0
     * per step).
     */
    private static String phaseBytes(Runnable[] phases, String[] names, Thread[] threads) {
        long[][] bytes = new long[phases.length][threads.length];
        for (int i = 0; i < STEPS_PER_ROUND; i++) {
            for (int p = 0; p < phases.length; p++) {
                long[] before = new long[threads.length];
                for (int t = 0; t < threads.length; t++) {
                    before[t] = AllocatedBytes.of(threads[t]);
                }
                phases[p].run();
                for (int t = 0; t < threads.length; t++) {
                    bytes[p][t] += AllocatedBytes.of(threads[t]) - before[t];
                }
            }
        }
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < phases.length; p++) {
            s.append(p == 0 ? "" : ", ").append(names[p]).append(' ')
                    .append(bytes[p][0]).append('/').append(bytes[p][1]);
        }
        return s.append(" bytes in all over ").append(STEPS_PER_ROUND).append(" steps (caller/helper)").toString();
    }
}
