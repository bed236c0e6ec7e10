package io.github.simdnn.nn;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Steady-state training steps and predictions allocate nothing. Measured with the per-thread allocation counter
 * of {@code com.sun.management.ThreadMXBean}, reached reflectively because this module does not read
 * {@code jdk.management} (a test-only need).
 *
 * <p>"Steady state" is after the JIT has compiled the Vector API kernels of tensor-core (before that, vector
 * objects are boxed): the work is repeated in rounds until two consecutive rounds allocate nothing, and the test
 * fails if that does not happen within the round limit. The forward passes of Sigmoid, Tanh and Softmax are left
 * out of the measured steps: each is a single call to {@code Ops.sigmoid} / {@code Ops.tanh} /
 * {@code Ops.softmaxColumns}, whose own allocation is tensor-core's to test (when this test was written, those
 * vector kernels still allocated about 200 bytes per call whose length is not a multiple of the vector width).
 */
class AllocationTest {

    private static final MethodHandle ALLOCATED_BYTES = allocatedBytesHandle();
    /**
     * {@link #steadyStateBytes} gives up (and the test fails) only once this many rounds have run and
     * {@link #GIVE_UP_NANOS} have passed; normally it stops after a few rounds.
     */
    private static final int GIVE_UP_ROUNDS = 60;
    /**
     * The time bound of {@link #GIVE_UP_ROUNDS}: on a shared 2-core machine the JIT's compiler threads can be
     * starved for many seconds, and until C2 compiles the kernels every round allocates (one CI run spent 60
     * rounds, 17 s, before it; the same test takes 2 s otherwise). A step that really allocates takes this long to
     * fail.
     */
    private static final long GIVE_UP_NANOS = 60_000_000_000L;
    private static final int STEPS_PER_ROUND = 2000;

    private static MethodHandle allocatedBytesHandle() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            return MethodHandles.publicLookup()
                    .unreflect(type.getMethod("getCurrentThreadAllocatedBytes"))
                    .bindTo(bean)
                    .asType(MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no per-thread allocation counter in this JVM", e);
        }
    }

    private static long allocated() {
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Runs {@code step} in rounds and returns 0 as soon as two consecutive rounds allocate nothing (beyond what
     * reading the counter itself allocates); if that has not happened once {@link #GIVE_UP_ROUNDS} rounds have run
     * and {@link #GIVE_UP_NANOS} have passed, returns the bytes of the last round that allocated.
     */
    private static long steadyStateBytes(Runnable step) {
        long empty = allocated();
        empty = allocated() - empty;
        long lastAllocating = -1;
        int zeroRounds = 0;
        long start = System.nanoTime();
        for (int round = 0; (round < GIVE_UP_ROUNDS || System.nanoTime() - start < GIVE_UP_NANOS) && zeroRounds < 2;
             round++) {
            long before = allocated();
            for (int i = 0; i < STEPS_PER_ROUND; i++) {
                step.run();
            }
            long bytes = allocated() - before - empty;
            zeroRounds = bytes == 0 ? zeroRounds + 1 : 0;
            lastAllocating = bytes == 0 ? lastAllocating : bytes;
        }
        return zeroRounds >= 2 ? 0 : lastAllocating;
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

    @Test
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
