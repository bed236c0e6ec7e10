package io.github.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Network#parametersLookFinite}: after a forward it must be true with finite parameters and false with a
 * NaN or an infinity at any place of any dense layer's weights or bias — here every row of both layers, an
 * element of each row in turn, with inputs that hold zeros (0·∞ is NaN, still caught) and negative values (+∞
 * and −∞ terms), at batch sizes 1, 3 and 7.
 */
class ParametersLookFiniteTest {

    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 3, 7})
    void everyNonFiniteParameterIsSeen(int batch) {
        Network network = Network.builder(6).dense(5).relu().dense(4).softmax().seed(batch)
                .build(new SoftmaxCrossEntropy(), 8);
        Random rnd = new Random(batch);
        float[] x = new float[6 * batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? 0f : (float) rnd.nextGaussian();
        }
        assertThrows(IllegalStateException.class, network::parametersLookFinite, "before the first forward");
        network.forward(x, batch);
        assertTrue(network.parametersLookFinite());

        int checked = 0;
        for (Parameter p : network.parameters()) {
            float[] v = p.value();
            int rows = p.rows();
            int cols = p.cols();
            for (int r = 0; r < rows; r++) {
                int k = r * cols + (r + checked) % cols;       // a different column in each row
                float saved = v[k];
                for (float bad : BAD) {
                    v[k] = bad;
                    network.forward(x, batch);
                    assertFalse(network.parametersLookFinite(), p.name() + "[" + k + "] = " + bad);
                }
                v[k] = saved;
                network.forward(x, batch);
                assertTrue(network.parametersLookFinite(), p.name() + "[" + k + "] restored");
                checked++;
            }
        }
        assertEquals(5 + 5 + 4 + 4, checked, "every row of both weights and both biases");
    }
}
