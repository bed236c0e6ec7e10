package io.github.simdnn.nn;

import io.github.simdnn.tensor.Matrix;
import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Construction checks, workspaces and small batches, bad input, description and rebuilding, parallel GEMMs. */
class NetworkTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static Network classifier(int maxBatch, long seed) {
        return Network.builder(5).dense(7).sigmoid().dense(3).softmax().seed(seed)
                .build(new SoftmaxCrossEntropy(), maxBatch);
    }

    private static String message(Class<? extends RuntimeException> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message \"" + message + "\" lacks \"" + part + "\"");
        }
    }

    private static List<float[]> gradients(Network network) {
        List<float[]> g = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            g.add(p.gradient().clone());
        }
        return g;
    }

    // ------------------------------------------------------------------ construction

    @Test
    void layerSizesMustChain() {
        String m = message(IllegalArgumentException.class, () -> new Network(
                List.of(new Dense(4, 3, 1), new Sigmoid(5), new Dense(5, 2, 2), new Softmax(2)), new SoftmaxCrossEntropy(), 8));
        assertContains(m, "layer 0 dense(4,3) outputs 3 values but layer 1 sigmoid(5) expects 5 inputs");
    }

    @Test
    void fusedLossesRequireTheirActivationLast() {
        assertContains(message(IllegalArgumentException.class, () -> new Network(
                        List.of(new Dense(4, 3, 1), new Sigmoid(3)), new SoftmaxCrossEntropy(), 8)),
                "softmax_cross_entropy is fused with a final softmax layer", "the last layer is sigmoid(3)");
        assertContains(message(IllegalArgumentException.class, () -> new Network(
                        List.of(new Dense(4, 3, 1), new Softmax(3)), new BinaryCrossEntropy(), 8)),
                "binary_cross_entropy is fused with a final sigmoid layer", "the last layer is softmax(3)");
        assertContains(message(IllegalArgumentException.class, () -> new Network(
                List.of(new Dense(4, 3, 1)), new SoftmaxCrossEntropy(), 8)), "the last layer is dense(4,3)");
        assertContains(message(IllegalArgumentException.class, () -> new Network(
                List.of(new Dense(4, 1, 1), new Softmax(1)), new SoftmaxCrossEntropy(), 8)), "at least 2 classes");
        // Unfused: any last layer.
        new Network(List.of(new Dense(4, 3, 1)), new MeanSquaredError(), 8);
        new Network(List.of(new Dense(4, 3, 1), new Softmax(3)), new MeanSquaredError(), 8);
    }

    @Test
    void otherConstructionErrors() {
        Dense shared = new Dense(3, 3, 1);
        assertContains(message(IllegalArgumentException.class, () -> new Network(
                        List.of(shared, new Tanh(3), shared), new MeanSquaredError(), 2)),
                "layer 2 dense(3,3) is the same object as layer 0");
        Sigmoid sigmoid = new Sigmoid(3);
        new Network(List.of(new Dense(3, 3, 1), sigmoid, new Dense(3, 3, 2), sigmoid), new MeanSquaredError(), 2);
        assertContains(message(IllegalArgumentException.class, () -> new Network(List.of(), new MeanSquaredError(), 2)),
                "at least one layer");
        assertContains(message(IllegalArgumentException.class, () -> classifier(0, 1)), "maxBatch must be >= 1 but was 0");
    }

    // ------------------------------------------------------------------ small batches and workspaces

    @Test
    void smallerLastBatchGivesTheSamePerColumnResults() {
        SplittableRandom r = new SplittableRandom(5);
        Network network = classifier(8, 3);
        float[] x = random(r, 5 * 8);
        int[] labels = {0, 1, 2, 2, 1, 0, 0, 1};
        float[] full = network.forward(x, 8).clone();
        network.zeroGradients();
        network.backward(labels);

        // The first 3 samples as a compact 5x3 matrix, in the same workspace (stale data beyond it).
        float[] small = new float[5 * 3];
        for (int f = 0; f < 5; f++) {
            System.arraycopy(x, f * 8, small, f * 3, 3);
        }
        float[] out = network.forward(small, 3);
        assertEquals(3, network.batch());
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(full[k * 8 + c], out[k * 3 + c], 1e-6, "output (" + k + ", " + c + ")");
            }
        }
        network.zeroGradients();
        network.backward(new int[] {0, 1, 2});
        List<float[]> smallGradients = gradients(network);

        // A network sized exactly for 3 samples, with the same weights, must agree bit for bit.
        Network exact = classifier(3, 3);
        exact.forward(small, 3);
        exact.backward(new int[] {0, 1, 2});
        List<float[]> exactGradients = gradients(exact);
        for (int i = 0; i < smallGradients.size(); i++) {
            assertArrayEquals(exactGradients.get(i), smallGradients.get(i), "gradient of parameter " + i);
        }
        assertArrayEquals(exact.layerOutput(3).data(), network.layerOutput(3).data());
    }

    @Test
    void inputIsCopiedSoTheCallerMayReuseItsBuffer() {
        SplittableRandom r = new SplittableRandom(6);
        Network a = classifier(4, 3);
        Network b = classifier(4, 3);
        float[] x = random(r, 20);
        float[] copy = x.clone();
        a.forward(x, 4);
        b.forward(copy, 4);
        Arrays.fill(x, 9f);    // e.g. the loader fills the next batch before backward
        a.backward(new int[] {0, 1, 2, 0});
        b.backward(new int[] {0, 1, 2, 0});
        assertArrayEquals(b.parameters().get(0).gradient(), a.parameters().get(0).gradient());
    }

    /** A batch written into inputBuffer() gives the outputs and gradients of forward(x), bit for bit, without a copy. */
    @Test
    void aBatchWrittenIntoTheInputBufferRunsWithoutACopy() {
        SplittableRandom r = new SplittableRandom(8);
        Network copying = classifier(4, 3);
        Network inPlace = classifier(4, 3);
        float[] buffer = inPlace.inputBuffer();
        assertEquals(5 * 4, buffer.length, "inputSize x maxBatch");
        assertSame(buffer, inPlace.inputBuffer());
        int[] labels = {2, 0, 1};
        for (int step = 0; step < 3; step++) {
            float[] x = random(r, 15);
            System.arraycopy(x, 0, buffer, 0, x.length);   // a compact 5x3 batch: the last 5 floats are unused
            float[] expected = copying.forward(x, 3).clone();
            float[] out = inPlace.forwardInputBuffer(3);
            assertEquals(3, inPlace.batch());
            assertArrayEquals(Arrays.copyOf(expected, 9), Arrays.copyOf(out, 9), "outputs, step " + step);
            copying.backwardSgdStep(labels, 0.1f, 0.01f);
            inPlace.backwardSgdStep(labels, 0.1f, 0.01f);
            for (int i = 0; i < copying.parameters().size(); i++) {
                assertArrayEquals(copying.parameters().get(i).value(), inPlace.parameters().get(i).value(),
                        "parameter " + i + " after step " + step);
            }
        }
        // forward(x) copies into the same buffer, and backward reads it from there.
        float[] x = random(r, 20);
        inPlace.forward(x, 4);
        assertArrayEquals(x, Arrays.copyOf(inPlace.inputBuffer(), 20));
    }

    /** A rejected forwardInputBuffer forgets the previous forward: the buffer may no longer hold its input. */
    @Test
    void badInputBufferIsRejectedAndForgetsThePreviousForward() {
        SplittableRandom r = new SplittableRandom(9);
        Network network = classifier(4, 1);
        float[] buffer = network.inputBuffer();
        System.arraycopy(random(r, 20), 0, buffer, 0, 20);
        network.forwardInputBuffer(4);
        assertContains(message(IllegalArgumentException.class, () -> network.forwardInputBuffer(5)),
                "forwardInputBuffer of", "batch 5 is larger than the maximum batch 4");
        assertContains(message(IllegalStateException.class, () -> network.backward(new int[] {0, 1, 2, 0})),
                "call forward first");
        network.forwardInputBuffer(4);
        buffer[1 * 3 + 2] = Float.POSITIVE_INFINITY;   // row 1, column 2 of a 5x3 batch
        assertContains(message(IllegalArgumentException.class, () -> network.forwardInputBuffer(3)),
                "forwardInputBuffer of", "input has Infinity at row 1, column (sample) 2");
        assertEquals(0, network.batch());
        assertContains(message(IllegalStateException.class, () -> network.loss(new int[] {0, 1, 2})),
                "call forward first");
        assertContains(message(IllegalArgumentException.class, () -> network.forwardInputBuffer(0)),
                "batch must be >= 1");
    }

    // ------------------------------------------------------------------ bad input, nothing half-updated

    @Test
    void badInputIsRejectedWithoutChangingTheNetwork() {
        SplittableRandom r = new SplittableRandom(7);
        Network network = classifier(4, 1);
        float[] x = random(r, 20);
        network.forward(x, 4);
        float[] output = network.layerOutput(3).data();

        assertContains(message(IllegalArgumentException.class, () -> network.forward(x, 5)),
                "batch 5 is larger than the maximum batch 4");
        assertContains(message(IllegalArgumentException.class, () -> network.forward(x, 0)), "batch must be >= 1");
        assertContains(message(IllegalArgumentException.class, () -> network.forward(new float[14], 3)),
                "input must hold a 5x3 matrix (15 elements) but has only 14");
        float[] nan = x.clone();
        nan[2 * 4 + 3] = Float.NaN;
        assertContains(message(IllegalArgumentException.class, () -> network.forward(nan, 4)),
                "input has NaN at row 2, column (sample) 3");
        float[] inf = x.clone();
        inf[1] = Float.NEGATIVE_INFINITY;
        assertContains(message(IllegalArgumentException.class, () -> network.forward(inf, 4)),
                "-Infinity at row 0, column (sample) 1");
        assertContains(message(IllegalArgumentException.class, () -> network.forward(new Matrix(6, 4))),
                "input has 6 rows (features) but the first layer dense(5,7) takes 5");
        assertEquals(4, network.batch());
        assertArrayEquals(output, network.layerOutput(3).data(), "rejected forward calls left the outputs alone");

        network.zeroGradients();
        assertContains(message(IllegalArgumentException.class, () -> network.backward(new int[] {0, 1, 3, 0})),
                "label 3 of column (sample) 2 is out of range", "0..2");
        assertContains(message(IllegalArgumentException.class, () -> network.backward(new int[] {0, 1})),
                "labels must hold 4 class indices");
        assertContains(message(IllegalArgumentException.class, () -> network.backward(new float[11])),
                "targets must hold a 3x4 matrix (12 elements) but has only 11");
        assertContains(message(IllegalArgumentException.class, () -> network.backward(new Matrix(3, 2))),
                "target shape mismatch: targets are 3x2 but the output of softmax(3) is 3x4");
        assertContains(message(IllegalArgumentException.class, () -> network.loss(new Matrix(2, 4))),
                "target shape mismatch: targets are 2x4");
        for (Parameter p : network.parameters()) {
            assertArrayEquals(new float[p.size()], p.gradient(), "rejected backward calls left " + p + " at zero");
        }
    }

    @Test
    void callsOutOfOrderAreIllegalStates() {
        Network network = classifier(4, 1);
        assertContains(message(IllegalStateException.class, () -> network.loss(new int[] {0})), "call forward first");
        assertContains(message(IllegalStateException.class, () -> network.backward(new int[] {0})), "call forward first");
        network.forward(new float[5], 1);
        assertContains(message(IllegalStateException.class, () -> network.layerGradient(1)), "no backward");
        network.backward(new int[] {1});
        assertContains(message(IllegalStateException.class, () -> network.layerGradient(3)),
                "gives the gradient w.r.t. the input of softmax(3) directly; see layerGradient(2)");
    }

    @Test
    void divergedParametersAreReportedNotPropagated() {
        Network network = classifier(2, 1);
        Dense second = (Dense) network.layers().get(2);
        second.weight().value()[4] = Float.NaN;      // as a diverging optimizer would write it
        network.forward(new float[10], 2);
        String m = message(IllegalStateException.class, () -> network.loss(new int[] {0, 1}));
        assertContains(m, "layer 2 dense(7,3) produced NaN at row 0, column (sample) 0", "parameter 2.weight holds NaN at index 4");
        network.zeroGradients();
        assertContains(message(IllegalStateException.class, () -> network.backward(new int[] {0, 1})), "layer 2 dense(7,3)");
        assertEquals(0f, second.weight().gradient()[0], "no gradient was accumulated");
        assertContains(message(IllegalArgumentException.class, () -> Predictor.of(network, 1)),
                "parameter 2.weight has NaN at row 0, column 4");
    }

    // ------------------------------------------------------------------ description, parameters, rebuilding

    @Test
    void describesItselfAndRebuildsFromTheDescription() {
        Network network = Network.builder(4).dense(6).relu().dense(5).tanh().dense(2).sigmoid().seed(77)
                .build(new BinaryCrossEntropy(), 16);
        List<LayerSpec> specs = network.specs();
        assertEquals("[dense(4,6), relu(6), dense(6,5), tanh(5), dense(5,2), sigmoid(2)]", specs.toString());
        assertArrayEquals(new int[] {4, 6, 6, 5, 5, 2, 2}, network.sizes());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(network.namedParameters().keySet()));
        assertEquals(6 * 4 + 6 + 5 * 6 + 5 + 2 * 5 + 2, network.parameterCount());
        assertEquals(network.parameters(), List.copyOf(network.namedParameters().values()));
        assertTrue(network.parameters().get(0).isWeight());
        assertFalse(network.parameters().get(1).isWeight());

        Network rebuilt = Network.fromSpecs(specs, Loss.forName(network.loss().name()), 16, 77);
        for (int i = 0; i < network.parameters().size(); i++) {
            assertArrayEquals(network.parameters().get(i).value(), rebuilt.parameters().get(i).value(),
                    "same description and seed, same initial parameter " + i);
        }
        Network other = Network.fromSpecs(specs, new BinaryCrossEntropy(), 16, 78);
        assertNotEquals(network.parameters().get(0).value()[0], other.parameters().get(0).value()[0]);
        // The layer before a ReLU is He-initialised, the others Glorot.
        for (float w : network.parameters().get(0).value()) {
            assertTrue(Math.abs(w) <= Math.sqrt(6.0 / 4));
        }
        for (float w : network.parameters().get(2).value()) {
            assertTrue(Math.abs(w) <= Math.sqrt(6.0 / 11));
        }
        // Loading: copy values by name into a freshly built network.
        Network loaded = Network.fromSpecs(specs, new BinaryCrossEntropy(), 4, 1);
        network.namedParameters().forEach((name, p) -> loaded.namedParameters().get(name).setValue(p.value()));
        float[] x = random(new SplittableRandom(3), 4);
        assertArrayEquals(Arrays.copyOf(network.forward(x, 1), 2), Arrays.copyOf(loaded.forward(x, 1), 2));
        assertThrows(UnsupportedOperationException.class, () -> network.parameters().remove(0));
        assertEquals("Network[dense(4,6) relu(6) dense(6,5) tanh(5) dense(5,2) sigmoid(2) | binary_cross_entropy]",
                network.toString());
    }

    // ------------------------------------------------------------------ threads in the GEMMs

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        int m = 67;
        float[] x = random(r, 37 * m);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(10);
        }
        Network sequential = Network.builder(37).dense(50).tanh().dense(29).relu().dense(10).softmax().seed(4)
                .build(new SoftmaxCrossEntropy(), m);
        Network parallel = Network.builder(37).dense(50).tanh().dense(29).relu().dense(10).softmax().seed(4)
                .build(new SoftmaxCrossEntropy(), m);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            parallel.setParallelism(Parallelism.of(pool, 4));
            float[] a = sequential.forward(x, m).clone();
            float[] b = parallel.forward(x, m).clone();
            assertArrayEquals(a, Arrays.copyOf(b, a.length));
            assertEquals(sequential.loss(labels), parallel.loss(labels));
            sequential.backward(labels);
            parallel.backward(labels);
            for (int i = 0; i < sequential.parameters().size(); i++) {
                assertArrayEquals(sequential.parameters().get(i).gradient(), parallel.parameters().get(i).gradient(),
                        "gradient of parameter " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Large enough that the element-wise work is split too (Activation.MIN_PARALLEL_ELEMENTS): the input copy and
     * check (300×161), the first activation (256×161), ReLU (208×161) and zeroing the 256×300 weight gradient.
     * Two steps, so that zeroing between them is part of what is compared.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sigmoid", "tanh", "relu"})
    void splitElementWiseWorkGivesTheSameBits(String activation) throws Exception {
        SplittableRandom r = new SplittableRandom(21);
        int m = 161;
        float[][] xs = {random(r, 300 * m), random(r, 300 * m)};
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(10);
        }
        LayerSpec first = LayerSpec.activation(activation, 256);
        Network sequential = Network.builder(300).dense(256).layer(first).dense(208).relu().dense(10).softmax()
                .seed(5).build(new SoftmaxCrossEntropy(), m);
        Network parallel = Network.builder(300).dense(256).layer(first).dense(208).relu().dense(10).softmax()
                .seed(5).build(new SoftmaxCrossEntropy(), m);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            parallel.setParallelism(Parallelism.of(pool, 3));
            for (float[] x : xs) {
                sequential.zeroGradients();
                parallel.zeroGradients();
                assertArrayEquals(sequential.forward(x, m), parallel.forward(x, m));
                for (int layer = 0; layer < sequential.layers().size(); layer++) {
                    assertArrayEquals(sequential.layerOutput(layer).data(), parallel.layerOutput(layer).data(),
                            "output of layer " + layer);
                }
                sequential.backward(labels);
                sequential.backward(labels);
                parallel.backward(labels);
                parallel.backward(labels);
                for (int i = 0; i < sequential.parameters().size(); i++) {
                    assertArrayEquals(sequential.parameters().get(i).gradient(),
                            parallel.parameters().get(i).gradient(), "gradient of parameter " + i);
                }
            }
            float[] bad = xs[1].clone();
            bad[299 * m + 160] = Float.NaN; // in the last thread's range
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parallel.forward(bad, m));
            assertTrue(e.getMessage().contains("NaN at row 299, column (sample) 160"), e.getMessage());
            parallel.backward(labels); // the rejected forward changed nothing: the last batch is still there
        } finally {
            pool.shutdownNow();
        }
    }
}
