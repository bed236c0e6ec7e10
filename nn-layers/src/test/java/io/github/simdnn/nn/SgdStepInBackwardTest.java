package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Network#backwardSgdStep}: the same update as backward followed by {@code W ← W - η·(dW + λ·W)},
 * {@code b ← b - η·db} (to float rounding), gradients left alone, and nothing changed when it refuses; and
 * {@link Network#backwardStep} with an update of the test's own.
 */
class SgdStepInBackwardTest {

    private static final float ETA = 0.3f;

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static int[] labels(SplittableRandom r, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return labels;
    }

    /** Networks with every kind of layer and each loss whose labels form works; seeded so two builds are equal. */
    private static final List<LongFunction<Network>> NETWORKS = List.of(
            seed -> Network.builder(5).dense(7).sigmoid().dense(3).softmax().seed(seed)
                    .build(new SoftmaxCrossEntropy(), 6),
            seed -> Network.builder(6).dense(8).relu().dense(5).tanh().dense(4).softmax().seed(seed)
                    .build(new SoftmaxCrossEntropy(), 6),
            seed -> Network.builder(4).dense(3).tanh().dense(1).sigmoid().seed(seed)
                    .build(new BinaryCrossEntropy(), 6),
            seed -> Network.builder(4).sigmoid().dense(3).seed(seed).build(new MeanSquaredError(), 6));

    @ParameterizedTest(name = "lambda={0}")
    @ValueSource(floats = {0f, 0.05f})
    void equalsBackwardThenTheSgdUpdate(float lambda) {
        for (int which = 0; which < NETWORKS.size(); which++) {
            for (int batch : new int[] {1, 4, 6}) {
                SplittableRandom r = new SplittableRandom(31 * which + batch);
                Network stepped = NETWORKS.get(which).apply(9);
                Network reference = NETWORKS.get(which).apply(9);
                float[] x = random(r, stepped.inputSize() * batch);
                int[] y = labels(r, batch, Math.max(2, stepped.outputSize()));

                reference.zeroGradients();
                reference.forward(x, batch);
                reference.backward(y);
                for (Parameter p : stepped.parameters()) {
                    Arrays.fill(p.gradient(), 7f);   // must survive the fused step
                }
                stepped.forward(x, batch);
                stepped.backwardSgdStep(y, ETA, lambda);

                String where = stepped + " batch " + batch;
                for (int i = 0; i < stepped.parameters().size(); i++) {
                    Parameter p = stepped.parameters().get(i);
                    Parameter q = reference.parameters().get(i);
                    float l = p.isWeight() ? lambda : 0f;
                    boolean moved = false;
                    for (int k = 0; k < p.size(); k++) {
                        double before = q.value()[k];
                        double g = q.gradient()[k] + l * before;
                        double expected = before - ETA * g;
                        double bound = 1e-6 * (Math.abs(before) + ETA * Math.abs(g)) + 1e-9;
                        if (Math.abs(p.value()[k] - expected) > bound) {
                            fail(where + ": " + p.name() + "[" + k + "] is " + p.value()[k] + " but w - eta*(dW + lambda*w) = " + expected);
                        }
                        moved |= Math.abs(expected - before) > 1e-4;
                        assertEquals(7f, p.gradient()[k], where + ": the gradient of " + p.name() + " was written");
                    }
                    assertTrue(moved || q.size() < 4, where + ": the step barely moved " + p.name());
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SplittableRandom r = new SplittableRandom(5);
            float[] x = random(r, 100 * 64);
            int[] y = labels(r, 64, 10);
            float[][] results = new float[2][];
            for (int threads = 1; threads <= 3; threads += 2) {
                Network network = Network.builder(100).dense(96).sigmoid().dense(10).softmax().seed(3)
                        .build(new SoftmaxCrossEntropy(), 64);
                network.setParallelism(threads == 1 ? Parallelism.SEQUENTIAL : Parallelism.of(pool, threads));
                for (int step = 0; step < 3; step++) {
                    network.forward(x, 64);
                    network.backwardSgdStep(y, ETA, 0.01f);
                }
                float[] all = new float[0];
                for (Parameter p : network.parameters()) {
                    int at = all.length;
                    all = Arrays.copyOf(all, at + p.size());
                    System.arraycopy(p.value(), 0, all, at, p.size());
                }
                results[threads / 2] = all;
            }
            assertArrayEquals(results[0], results[1], "1 and 3 threads");
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[][] values(Network network) {
        float[][] v = new float[network.parameters().size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = network.parameters().get(i).value().clone();
        }
        return v;
    }

    private static void assertUnchanged(float[][] before, Network network, String what) {
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], network.parameters().get(i).value(), what + " changed parameter " + i);
        }
    }

    @Test
    void badCallsChangeNothing() {
        Network network = NETWORKS.get(0).apply(1);
        float[][] before = values(network);
        String m = assertThrows(IllegalStateException.class,
                () -> network.backwardSgdStep(new int[] {0}, ETA, 0f)).getMessage();
        assertTrue(m.contains("call forward first"), m);
        network.forward(new float[5 * 2], 2);
        m = assertThrows(IllegalArgumentException.class,
                () -> network.backwardSgdStep(new int[] {0, 3}, ETA, 0f)).getMessage();
        assertTrue(m.contains("label 3 of column (sample) 1 is out of range"), m);
        for (float[] bad : new float[][] {{-0.1f, 0f}, {Float.NaN, 0f}, {ETA, -1f}, {ETA, Float.POSITIVE_INFINITY}}) {
            m = assertThrows(IllegalArgumentException.class,
                    () -> network.backwardSgdStep(new int[] {0, 1}, bad[0], bad[1])).getMessage();
            assertTrue(m.contains("must be finite and >= 0 but were " + bad[0] + " and " + bad[1]), m);
        }
        assertUnchanged(before, network, "a rejected call");
    }

    /** Records what backwardStep hands to each dense layer: the layer, a copy of X and of dZ. */
    private static final class Recording implements DenseUpdate {
        final List<Dense> layers = new java.util.ArrayList<>();
        final List<float[]> inputs = new java.util.ArrayList<>();
        final List<float[]> gradients = new java.util.ArrayList<>();

        @Override
        public void update(Dense layer, Parallelism parallelism, LayerInput input, float[] outputGradient, int batch) {
            layers.add(layer);
            float[] x = new float[layer.inputSize() * batch];
            for (int f = 0; f < layer.inputSize(); f++) {
                for (int j = 0; j < batch; j++) {
                    x[f * batch + j] = input.get(f, j);
                }
            }
            inputs.add(x);
            gradients.add(Arrays.copyOf(outputGradient, layer.outputSize() * batch));
        }
    }

    /**
     * backwardStep calls the update for every dense layer from the top down, with the layer's input from the forward
     * and the dZ that backward computes (its layerGradient), after all of them exist; it changes nothing itself.
     */
    @Test
    void backwardStepHandsEachDenseLayerItsInputAndDz() {
        for (int which = 0; which < NETWORKS.size(); which++) {
            SplittableRandom r = new SplittableRandom(70 + which);
            Network network = NETWORKS.get(which).apply(9);
            Network reference = NETWORKS.get(which).apply(9);
            int batch = 4;
            float[] x = random(r, network.inputSize() * batch);
            int[] y = labels(r, batch, Math.max(2, network.outputSize()));
            if (network.outputSize() == 1) {
                Arrays.fill(y, 1);
            }
            reference.forward(x, batch);
            reference.zeroGradients();
            reference.backward(y);
            float[][] before = values(network);
            network.forward(x, batch);
            Recording recording = new Recording();
            network.backwardStep(y, recording);
            assertUnchanged(before, network, "backwardStep with an update that changes nothing");

            List<Layer> layers = network.layers();
            int call = 0;
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (!(layers.get(i) instanceof Dense dense)) {
                    continue;
                }
                assertEquals(dense, recording.layers.get(call), "network " + which + ": call " + call);
                float[] expectedInput = i == 0 ? Arrays.copyOf(x, dense.inputSize() * batch)
                        : reference.layerOutput(i - 1).data();
                assertArrayEquals(expectedInput, recording.inputs.get(call), "network " + which + " layer " + i + " X");
                assertArrayEquals(reference.layerGradient(i).data(), recording.gradients.get(call),
                        "network " + which + " layer " + i + " dZ");
                call++;
            }
            assertEquals(call, recording.layers.size(), "one call per dense layer");
        }
    }

    /** An update that applies plain SGD the way Dense.sgdStep does gives backwardSgdStep's values, bit for bit. */
    @Test
    void backwardStepWithAnSgdUpdateEqualsBackwardSgdStep() {
        DenseUpdate sgd = (layer, parallelism, input, dz, batch) -> {
            input.gradientProduct(parallelism, layer.outputSize(), -ETA, dz, 1f - ETA * 0.01f, layer.weight().value());
            float[] b = layer.bias().value();
            for (int k = 0; k < layer.outputSize(); k++) {
                b[k] = Math.fma(-ETA, io.github.simdnn.tensor.Ops.sum(batch, dz, k * batch), b[k]);
            }
        };
        SplittableRandom r = new SplittableRandom(12);
        Network a = NETWORKS.get(1).apply(4);
        Network b = NETWORKS.get(1).apply(4);
        for (int step = 0; step < 3; step++) {
            float[] x = random(r, 6 * 5);
            int[] y = labels(r, 5, 4);
            a.forward(x, 5);
            a.backwardSgdStep(y, ETA, 0.01f);
            b.forward(x, 5);
            b.backwardStep(y, sgd);
        }
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value(), b.parameters().get(i).value(), "parameter " + i);
        }
        String m = assertThrows(NullPointerException.class, () -> b.backwardStep(new int[] {0}, null)).getMessage();
        assertTrue(m.contains("update"), m);
    }

    /**
     * A dZ that overflows while the output and the loss are finite: the hidden units are exactly 0.5, the middle
     * layer's two huge weights cancel in the forward product (Z = H/2 - H/2 = 0) but add up going back
     * (dA = H·dZ + H·dZ = infinity), so the first layer's dZ is infinite.
     */
    @Test
    void anInfiniteGradientIsReportedAndNothingChanges() {
        Network network = Network.builder(5).dense(4).sigmoid().dense(2).sigmoid().dense(3).softmax().seed(1)
                .build(new SoftmaxCrossEntropy(), 1);
        List<Layer> layers = network.layers();
        ((Dense) layers.get(0)).setWeights(new float[20]);
        float h = 1e37f;
        ((Dense) layers.get(2)).setWeights(new float[] {h, -h, 0, 0, h, -h, 0, 0});
        ((Dense) layers.get(4)).setWeights(new float[] {1e3f, 1e3f, -1e3f, -1e3f, -1e3f, -1e3f});
        float[][] before = values(network);
        network.forward(new float[] {1, 2, 3, 4, 5}, 1);
        assertTrue(Double.isFinite(network.loss(new int[] {1})), "the loss is finite");
        String m = assertThrows(IllegalStateException.class,
                () -> network.backwardSgdStep(new int[] {1}, ETA, 0f)).getMessage();
        assertTrue(m.contains("the gradient dZ of layer 0 dense(5,4) holds Infinity at row 0, column 0; no parameter was changed"), m);
        assertUnchanged(before, network, "an infinite dZ");
        Recording recording = new Recording();
        m = assertThrows(IllegalStateException.class,
                () -> network.backwardStep(new int[] {1}, recording)).getMessage();
        assertTrue(m.contains("backwardStep of"), m);
        assertTrue(m.contains("holds Infinity at row 0, column 0"), m);
        assertEquals(0, recording.layers.size(), "the update never ran");
    }
}
