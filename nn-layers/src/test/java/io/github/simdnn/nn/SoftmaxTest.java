package io.github.simdnn.nn;

import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Softmax per column: normalisation, shift invariance, independence of the columns, extreme logits. */
class SoftmaxTest {

    private static final int[] ROWS = {1, 2, 3, 7, 10, 17, 33};
    private static final int[] COLS = {1, 2, 3, 7, 16, 17, 33, 64};

    private static float[] softmax(int rows, int cols, float[] z) {
        float[] a = new float[rows * cols];
        new Softmax(rows).forward(Parallelism.SEQUENTIAL, z, a, cols);
        return a;
    }

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * scale);
        }
        return v;
    }

    @Test
    void everyColumnSumsToOneAndMatchesADoubleReference() {
        SplittableRandom r = new SplittableRandom(1);
        for (int rows : ROWS) {
            for (int cols : COLS) {
                float[] z = random(r, rows * cols, 8);
                float[] a = softmax(rows, cols, z);
                double[] ref = Reference.activation(LayerSpec.SOFTMAX, Reference.doubles(z), rows, cols);
                for (int c = 0; c < cols; c++) {
                    double sum = 0;
                    for (int k = 0; k < rows; k++) {
                        float v = a[k * cols + c];
                        assertTrue(v >= 0 && v <= 1, "probability " + v + " outside [0, 1]");
                        assertEquals(ref[k * cols + c], v, 1e-6 * ref[k * cols + c] + 1e-7,
                                rows + "x" + cols + " element (" + k + ", " + c + ")");
                        sum += v;
                    }
                    assertEquals(1.0, sum, 1e-6 * rows, rows + "x" + cols + " column " + c + " sum");
                }
            }
        }
    }

    @Test
    void batchSoftmaxEqualsColumnByColumnSoftmax() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 10;
        int cols = 17;
        float[] z = random(r, rows * cols, 20);
        float[] a = softmax(rows, cols, z);
        for (int c = 0; c < cols; c++) {
            float[] column = new float[rows];
            for (int k = 0; k < rows; k++) {
                column[k] = z[k * cols + c];
            }
            float[] single = softmax(rows, 1, column);
            for (int k = 0; k < rows; k++) {
                assertEquals(single[k], a[k * cols + c], 1e-6 * single[k] + 1e-8, "column " + c + " row " + k);
            }
        }
    }

    @Test
    void addingAConstantToAColumnChangesNothing() {
        SplittableRandom r = new SplittableRandom(3);
        int rows = 7;
        int cols = 5;
        float[] z = random(r, rows * cols, 4);
        float[] a = softmax(rows, cols, z);
        float[] shifted = z.clone();
        float[] constants = {50f, -30f, 0.5f, 700f, -900f};
        for (int c = 0; c < cols; c++) {
            for (int k = 0; k < rows; k++) {
                shifted[k * cols + c] += constants[c];
            }
        }
        float[] b = softmax(rows, cols, shifted);
        for (int i = 0; i < a.length; i++) {
            // z + c is rounded to float: an error of ulp(c) in the exponent.
            double tolerance = 4 * Math.ulp(Math.abs(constants[i % cols]) + 4f) * a[i] + 1e-7;
            assertEquals(a[i], b[i], tolerance, "element " + i + " shifted by " + constants[i % cols]);
        }
    }

    @Test
    void extremeLogitsGiveFiniteProbabilitiesLossesAndGradients() {
        float[] z = {1000f, -1000f, 0f, -1000f, 1000f, 0f};   // 2x3: columns (1000, -1000), (-1000, 1000), (0, 0)
        float[] a = softmax(2, 3, z);
        float[] expected = {1f, 0f, 0.5f, 0f, 1f, 0.5f};
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-7, "element " + i);
        }
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        int[] labels = {1, 1, 0};   // column 0 is confidently wrong
        double loss = ce.value(z, a, labels, 2, 3);
        assertEquals((2000.0 + 0.0 + Math.log(2)) / 3, loss, 1e-9, "loss = (lse - z_label) per column, mean");
        float[] g = new float[6];
        ce.gradient(a, labels, g, 2, 3);
        float[] expectedGradient = {1f / 3, 0f, -0.5f / 3, -1f / 3, 0f, 0.5f / 3};
        for (int i = 0; i < g.length; i++) {
            assertTrue(Float.isFinite(g[i]));
            assertEquals(expectedGradient[i], g[i], 1e-7, "gradient element " + i);
        }
    }

    @Test
    void backwardIsTheJacobianProductNotAnElementWiseDerivative() {
        // One column a = softmax(z); dz = a ⊙ (da - a·da). With da = e_0: dz_0 = a0(1 - a0), dz_1 = -a0·a1.
        float[] z = {0.3f, -0.2f};
        float[] a = softmax(2, 1, z);
        float[] dz = new float[2];
        new Softmax(2).backward(Parallelism.SEQUENTIAL, z, a, new float[] {1f, 0f}, dz, 1);
        assertEquals(a[0] * (1 - a[0]), dz[0], 1e-7);
        assertEquals(-a[0] * a[1], dz[1], 1e-7);
        assertEquals(0.0, dz[0] + dz[1], 1e-7, "a softmax gradient column sums to 0");
    }
}
