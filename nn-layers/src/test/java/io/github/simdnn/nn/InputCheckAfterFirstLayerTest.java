package io.github.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.Parallelism;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Network#forwardInputBuffer} checks a Dense first layer's input through the first row of its output
 * (see {@code requireFiniteInputAfterDense}): every non-finite input value must still be reported at its own row and
 * column, whatever the weights of its feature (zero weights make 0·∞ = NaN), with +∞ and −∞ in one column, for one
 * sample (the matrix-vector path) and for batches, on one thread and on two (784×64×7 is large enough to split the
 * product's rows; 784 inputs make two reduction blocks, and 64 rows in 8-row panels read the weights in place, as
 * the MNIST network does); a first row made non-finite by the weights, with a finite input, must not be reported as
 * an input error; and a first layer that is not Dense (a sigmoid maps −∞ to a finite 0) is checked on the input.
 */
class InputCheckAfterFirstLayerTest {

    private static final int FEATURES = 784;
    private static final int HIDDEN = 64;
    private static final int MAX_BATCH = 7;

    private static Network network(long seed) {
        return Network.builder(FEATURES).dense(HIDDEN).sigmoid().dense(5).softmax().seed(seed)
                .build(new SoftmaxCrossEntropy(), MAX_BATCH);
    }

    private static void fill(SplittableRandom r, float[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            buffer[i] = (float) (2 * r.nextDouble() - 1);
        }
    }

    @ParameterizedTest(name = "threads = {0}")
    @ValueSource(ints = {1, 2})
    void everyNonFiniteInputValueIsReportedAtItsRowAndColumn(int threads) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Network network = network(3);
            if (threads == 2) {
                network.setParallelism(Parallelism.of(pool, 2));
            }
            // Feature 4 has zero weights into every hidden unit: its infinity meets only 0·∞ = NaN.
            float[] w = network.parameters().get(0).value();
            for (int h = 0; h < HIDDEN; h++) {
                w[h * FEATURES + 4] = 0f;
            }
            SplittableRandom r = new SplittableRandom(11);
            float[] buffer = network.inputBuffer();
            float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
            String[] names = {"NaN", "Infinity", "-Infinity"};
            for (int batch : new int[] {1, 3, MAX_BATCH}) {
                for (int row : new int[] {0, 1, 4, 15, 16, 391, 392, 500, FEATURES - 1}) {
                    for (int col = 0; col < batch; col++) {
                        for (int v = 0; v < values.length; v++) {
                            fill(r, buffer, FEATURES * batch);
                            buffer[row * batch + col] = values[v];
                            int b = batch;
                            String message = assertThrows(IllegalArgumentException.class,
                                    () -> network.forwardInputBuffer(b)).getMessage();
                            String expected = "input has " + names[v] + " at row " + row + ", column (sample) " + col;
                            assertTrue(message.contains(expected), "\"" + message + "\" lacks \"" + expected + "\"");
                            assertEquals(0, network.batch(), "a rejected forward is forgotten");
                        }
                    }
                }
            }
            // +∞ and −∞ in one column sum to NaN; the first in row order is reported.
            fill(r, buffer, FEATURES * 3);
            buffer[5 * 3 + 1] = Float.POSITIVE_INFINITY;
            buffer[9 * 3 + 1] = Float.NEGATIVE_INFINITY;
            String message = assertThrows(IllegalArgumentException.class, () -> network.forwardInputBuffer(3))
                    .getMessage();
            assertTrue(message.contains("input has Infinity at row 5, column (sample) 1"), message);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A first layer that is not Dense: sigmoid(−∞) = 0 would hide the input's infinity, so the input is scanned. */
    @Test
    void aFirstLayerThatIsNotDenseIsCheckedOnTheInput() {
        Network network = Network.builder(6).sigmoid().dense(4).softmax().seed(2)
                .build(new SoftmaxCrossEntropy(), 3);
        float[] buffer = network.inputBuffer();
        fill(new SplittableRandom(4), buffer, 6 * 3);
        buffer[5 * 3 + 2] = Float.NEGATIVE_INFINITY;
        String message = assertThrows(IllegalArgumentException.class, () -> network.forwardInputBuffer(3))
                .getMessage();
        assertTrue(message.contains("input has -Infinity at row 5, column (sample) 2"), message);
        buffer[5 * 3 + 2] = 0.5f;
        network.forwardInputBuffer(3);
        assertEquals(3, network.batch());
    }

    /** Huge weights into the first hidden unit overflow to ∞ on a finite input: forward goes on, as forward(x) does. */
    @Test
    void aFirstRowMadeNonFiniteByTheWeightsIsNotAnInputError() {
        Network inPlace = network(5);
        Network copying = network(5);
        for (Network n : new Network[] {inPlace, copying}) {
            Arrays.fill(n.parameters().get(0).value(), 0, FEATURES, 3e38f);
        }
        float[] x = new float[FEATURES * 4];
        Arrays.fill(x, 2f);
        System.arraycopy(x, 0, inPlace.inputBuffer(), 0, x.length);
        float[] out = inPlace.forwardInputBuffer(4);
        assertEquals(4, inPlace.batch());
        float[] z1 = inPlace.layerOutput(0).data();
        assertEquals(Float.POSITIVE_INFINITY, z1[0], "the first row did overflow");
        assertArrayEquals(Arrays.copyOf(copying.forward(x, 4), 5 * 4), Arrays.copyOf(out, 5 * 4));
    }
}
