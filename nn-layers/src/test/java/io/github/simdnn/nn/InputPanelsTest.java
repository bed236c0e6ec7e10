package io.github.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.tensor.Transpose;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#forwardInputPanels}: a batch written into {@link Network#inputPanels()} gives the outputs, the
 * gradients and the updated parameters of the same batch given in column form, bit for bit, for
 * {@link Network#backward}, {@link Network#backwardSgdStep} and {@link Network#backwardStep}, at odd batch sizes
 * and on one and two threads (784 inputs: two reduction blocks in the forward product, as for MNIST); a forward in
 * column form afterwards makes backward read the column buffer again; bad input and bad use are rejected.
 */
class InputPanelsTest {

    private static ExecutorService pool;
    private static Parallelism two;

    @BeforeAll
    static void startPool() {
        pool = Executors.newSingleThreadExecutor();
        two = Parallelism.of(pool, 2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static Network network(int inputs, long seed) {
        return network(inputs, 37, seed);
    }

    /** inputs-hidden-10, or with hidden = 0 a single dense layer of 10 (whose weight gradient has m = 10 rows). */
    private static Network network(int inputs, int hidden, long seed) {
        NetworkBuilder b = Network.builder(inputs);
        if (hidden > 0) {
            b.dense(hidden).sigmoid();
        }
        return b.dense(10).softmax().seed(seed).build(new SoftmaxCrossEntropy(), 130);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    /** Writes the column-form X (inputs×batch) into the network's panels, as the trainer's gather does. */
    private static void writePanels(Network network, float[] x, int batch) {
        int inputs = network.inputSize();
        Network.InputPanels panels = network.inputPanels();
        panels.columns().pack(Transpose.NO, inputs, batch, x, 0, batch);
        panels.rows().pack(Transpose.YES, batch, inputs, x, 0, batch);
    }

    private static float[][] values(Network network, boolean gradients) {
        float[][] v = new float[network.parameters().size()][];
        for (int i = 0; i < v.length; i++) {
            Parameter p = network.parameters().get(i);
            v[i] = (gradients ? p.gradient() : p.value()).clone();
        }
        return v;
    }

    private static void assertSameBits(float[][] expected, float[][] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected[i].length; k++) {
                if (Float.floatToRawIntBits(expected[i][k]) != Float.floatToRawIntBits(actual[i][k])) {
                    assertEquals(expected[i][k], actual[i][k], what + ": parameter " + i + " element " + k);
                }
            }
        }
    }

    @Test
    void panelsGiveTheBitsOfTheColumnFormForEveryBackward() {
        for (int[] shape : new int[][] {{13, 37}, {784, 37}, {784, 0}}) {
            int inputs = shape[0];
            for (int batch : new int[] {1, 3, 17, 33, 128}) {
                for (Parallelism parallelism : new Parallelism[] {Parallelism.SEQUENTIAL, two}) {
                    String where = inputs + "-" + shape[1] + "-10, batch " + batch + ", " + parallelism.threads()
                            + " threads";
                    SplittableRandom r = new SplittableRandom(batch * 31L + inputs);
                    float[] x = random(r, inputs * batch);
                    int[] labels = new int[batch];
                    for (int j = 0; j < batch; j++) {
                        labels[j] = r.nextInt(10);
                    }
                    Network columns = network(inputs, shape[1], 5);
                    Network panels = network(inputs, shape[1], 5);
                    columns.setParallelism(parallelism);
                    panels.setParallelism(parallelism);
                    DenseUpdate update = (layer, p, input, dz, m) -> input.gradientProduct(p, layer.outputSize(),
                            -0.1f, dz, 0.99f, layer.weight().value());
                    for (int step = 0; step < 3; step++) {
                        float[] expected = columns.forward(x, batch).clone();
                        writePanels(panels, x, batch);
                        float[] actual = panels.forwardInputPanels(batch);
                        for (int k = 0; k < 10 * batch; k++) {
                            assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
                                    where + ": output " + k);
                        }
                        assertEquals(columns.loss(labels), panels.loss(labels), where);
                        if (step == 0) {
                            columns.zeroGradients();
                            panels.zeroGradients();
                            columns.backward(labels);
                            panels.backward(labels);
                            assertSameBits(values(columns, true), values(panels, true), where + " backward");
                        } else if (step == 1) {
                            columns.backwardSgdStep(labels, 0.5f, 0.01f);
                            panels.backwardSgdStep(labels, 0.5f, 0.01f);
                        } else {
                            columns.backwardStep(labels, update);
                            panels.backwardStep(labels, update);
                        }
                        assertSameBits(values(columns, false), values(panels, false), where + " step " + step);
                    }
                }
            }
        }
    }

    @Test
    void aColumnForwardAfterPanelsMakesBackwardReadTheColumnBuffer() {
        SplittableRandom r = new SplittableRandom(9);
        float[] stale = random(r, 13 * 4);
        float[] x = random(r, 13 * 4);
        int[] labels = {1, 2, 3, 4};
        Network reference = network(13, 6);
        Network network = network(13, 6);
        writePanels(network, stale, 4);
        network.forwardInputPanels(4);
        network.forward(x, 4);                 // the panels still hold the stale batch
        reference.forward(x, 4);
        network.zeroGradients();
        reference.zeroGradients();
        network.backward(labels);
        reference.backward(labels);
        assertSameBits(values(reference, true), values(network, true), "backward after forward(x)");
    }

    @Test
    void badInputAndBadUseAreRejected() {
        Network network = network(13, 7);
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> network.forwardInputPanels(4));
        assertTrue(none.getMessage().contains("inputPanels()"), none.getMessage());
        float[] x = random(new SplittableRandom(1), 13 * 4);
        x[5 * 4 + 2] = Float.NaN;
        writePanels(network, x, 4);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> network.forwardInputPanels(4));
        assertTrue(nan.getMessage().contains("NaN at row 5, column 2"), nan.getMessage());
        assertThrows(IllegalStateException.class, () -> network.backward(new int[] {0, 1, 2, 3}),
                "a rejected forward leaves nothing to back-propagate");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> network.forwardInputPanels(3));
        assertTrue(shape.getMessage().contains("13x4") && shape.getMessage().contains("13x3"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> network.forwardInputPanels(131));
        Network sigmoidFirst = Network.builder(4).sigmoid().dense(3).softmax().seed(1)
                .build(new SoftmaxCrossEntropy(), 2);
        IllegalStateException notDense = assertThrows(IllegalStateException.class, sigmoidFirst::inputPanels);
        assertTrue(notDense.getMessage().contains("not dense"), notDense.getMessage());
        assertArrayEquals(new int[] {13, 130}, new int[] {network.inputPanels().columns().maxRows(),
                network.inputPanels().columns().maxCols()}, "room for maxBatch samples");
    }

    @Test
    void aBackwardAfterTheNextBatchWasWrittenTooEarlyIsRejectedBeforeAnyUpdate() {
        Network network = network(13, 7);
        SplittableRandom r = new SplittableRandom(2);
        writePanels(network, random(r, 13 * 8), 8);
        network.forwardInputPanels(8);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
        // The next batch, of another size, written before this one's backward: Xᵀ no longer has 8 rows.
        writePanels(network, random(r, 13 * 5), 5);
        float[][] before = values(network, false);
        for (Runnable backward : new Runnable[] {
                () -> network.backwardSgdStep(labels, 0.1f, 0f),
                () -> network.backward(labels),
                () -> network.backward(new float[10 * 8])}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, backward::run);
            assertTrue(e.getMessage().contains("the input panels now hold Xᵀ 5x13 but the forward read a batch of 8"),
                    e.getMessage());
        }
        assertSameBits(before, values(network, false), "no parameter changed");
        // Written back in the forward's shape, the backward runs.
        writePanels(network, random(r, 13 * 8), 8);
        network.backwardSgdStep(labels, 0.1f, 0f);
    }
}
