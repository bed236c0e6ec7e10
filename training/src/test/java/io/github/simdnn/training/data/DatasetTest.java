package io.github.simdnn.training.data;

import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    /** Sample i has features 100*i + f and label i % classes. */
    static Dataset numbered(int samples, int features, int classes) {
        float[] x = new float[samples * features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            for (int f = 0; f < features; f++) {
                x[i * features + f] = 100 * i + f;
            }
            y[i] = i % classes;
        }
        return Dataset.of(x, y, features, classes);
    }

    @Test
    void copyBatchLaysOutOneSamplePerColumn() {
        Dataset d = numbered(10, 3, 4);
        int[] indices = {9, 2, 7, 7, 0};
        float[] x = new float[2 + 3 * 3 + 1];
        Arrays.fill(x, -1f);
        int[] y = {-1, -1, -1, -1, -1};
        d.copyBatch(indices, 1, 3, x, 2, y, 1);
        // Columns are samples 2, 7, 7; row f holds feature f.
        float[] expected = {-1, -1, 200, 700, 700, 201, 701, 701, 202, 702, 702, -1};
        assertArrayEquals(expected, x);
        assertArrayEquals(new int[]{-1, 2, 3, 3, -1}, y);
    }

    /** The panel form of a batch: X with one sample per column and Xᵀ with one per row, the same values. */
    @Test
    void copyBatchIntoPanelsWritesXAndItsTranspose() {
        Dataset d = numbered(10, 3, 4);
        byte[] raw = new byte[10 * 3];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = (byte) (k * 37);
        }
        int[] labels = new int[10];
        Dataset bytes = Dataset.ofUnsignedBytes(raw, 0.5f, labels, 3, 4);
        int[] indices = {9, 2, 7, 7, 0};
        PanelMatrix columns = new PanelMatrix(3, 8);
        PanelMatrix rows = new PanelMatrix(8, 3);
        for (Dataset data : List.of(d, bytes)) {
            int[] y = {-1, -1, -1, -1, -1};
            data.copyBatch(Parallelism.SEQUENTIAL, indices, 1, 3, columns, rows, y, 1);
            assertEquals(3, columns.rows());
            assertEquals(3, columns.cols());
            for (int b = 0; b < 3; b++) {
                for (int f = 0; f < 3; f++) {
                    float expected = data.feature(indices[1 + b], f);
                    assertEquals(expected, columns.get(f, b), "X[" + f + "][" + b + "]");
                    assertEquals(expected, rows.get(b, f), "Xᵀ[" + b + "][" + f + "]");
                }
                assertEquals(data.label(indices[1 + b]), y[1 + b]);
            }
            assertEquals(-1, y[0]);
            assertEquals(-1, y[4]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.copyBatch(Parallelism.SEQUENTIAL, new int[]{0, 10}, 0, 2, columns, rows, new int[2], 0));
        assertTrue(e.getMessage().contains("indices[1] is 10 but the data set has 10 samples"), e.getMessage());
        PanelMatrix small = new PanelMatrix(3, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> d.copyBatch(Parallelism.SEQUENTIAL, indices, 0, 3, small, rows, new int[3], 0));
        assertTrue(e.getMessage().contains("3x3"), e.getMessage());
    }

    @Test
    void copyRangeCopiesConsecutiveSamplesInOrder() {
        Dataset d = numbered(6, 2, 3);
        float[] x = new float[2 * 4];
        int[] y = new int[4];
        d.copyRange(2, 4, x, 0, y, 0);
        assertArrayEquals(new float[]{200, 300, 400, 500, 201, 301, 401, 501}, x);
        assertArrayEquals(new int[]{2, 0, 1, 2}, y);
    }

    @Test
    void copyBatchChecksArguments() {
        Dataset d = numbered(4, 2, 2);
        float[] x = new float[4];
        int[] y = new int[2];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.copyBatch(new int[]{0, 4}, 0, 2, x, 0, y, 0));
        assertTrue(e.getMessage().contains("indices[1] is 4 but the data set has 4 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.copyBatch(new int[]{0, 1}, 0, 2, x, 1, y, 0));
        assertTrue(e.getMessage().contains("x needs 2x2 = 4 values from offset 1 but its array has 4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.copyBatch(new int[]{0, 1}, 1, 2, x, 0, y, 0));
        assertTrue(e.getMessage().contains("indices range [1, 3) does not fit in length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.copyRange(3, 2, x, 0, y, 0));
        assertTrue(e.getMessage().contains("samples range [3, 5) does not fit in length 4"), e.getMessage());
    }

    @Test
    void ofCopiesAndValidates() {
        float[] x = {1, 2, 3, 4};
        int[] y = {0, 1};
        Dataset d = Dataset.of(x, y, 2, List.of("cat", "dog"));
        x[0] = 99;
        y[0] = 1;
        assertEquals(1f, d.feature(0, 0));
        assertEquals(0, d.label(0));
        assertEquals(List.of("cat", "dog"), d.classNames());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[]{1, 2, 3}, new int[]{0, 1}, 2, 2));
        assertTrue(e.getMessage().contains("samples has 3 values but 2 labels x 2 features need 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[]{1, 2, 3, 4}, new int[]{0, 2}, 2, 2));
        assertTrue(e.getMessage().contains("label of sample 1 is 2, outside 0..1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[]{1, 2, Float.NaN, 4}, new int[]{0, 1}, 2, 2));
        assertTrue(e.getMessage().contains("feature 0 of sample 1 is NaN"), e.getMessage());
    }

    @Test
    void subsetKeepsOrderAndClasses() {
        Dataset d = numbered(5, 2, 3);
        Dataset s = d.subset(new int[]{4, 1, 4});
        assertEquals(3, s.size());
        assertEquals(3, s.classCount());
        assertEquals(400f, s.feature(0, 0));
        assertEquals(101f, s.feature(1, 1));
        assertEquals(400f, s.feature(2, 0));
        assertEquals(1, s.label(0));
        assertEquals(1, s.label(1));
        assertArrayEquals(new int[]{0, 3, 0}, s.classCounts());
    }

    /** Batches wider than the 16-sample groups of the gather, with a partial last group, at offsets. */
    @Test
    void wideBatchesAreGatheredColumnByColumn() {
        int samples = 50;
        int features = 37;
        float[] values = new float[samples * features];
        int[] labels = new int[samples];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < samples; i++) {
            labels[i] = r.nextInt(4);
        }
        Dataset d = Dataset.of(values, labels, features, 4);
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = (i * 17 + 5) % samples;
        }
        for (int count : new int[] {1, 15, 16, 17, 35, 48}) {
            float[] x = new float[5 + features * count + 3];
            int[] y = new int[2 + count];
            d.copyBatch(order, 2, count, x, 5, y, 2);
            for (int b = 0; b < count; b++) {
                int sample = order[2 + b];
                assertEquals(labels[sample], y[2 + b], "label of column " + b);
                for (int f = 0; f < features; f++) {
                    assertEquals(d.feature(sample, f), x[5 + f * count + b], "count " + count + ", column " + b
                            + ", feature " + f);
                }
            }
            assertEquals(0f, x[4]);
            assertEquals(0f, x[5 + features * count]);
            float[] z = new float[features * count];
            int[] w = new int[count];
            d.copyRange(samples - count, count, z, 0, w, 0);
            for (int b = 0; b < count; b++) {
                assertEquals(labels[samples - count + b], w[b]);
                for (int f = 0; f < features; f++) {
                    assertEquals(d.feature(samples - count + b, f), z[f * count + b]);
                }
            }
        }
        float[] untouched = new float[features * 20];
        int[] bad = order.clone();
        bad[19] = samples;   // the last of 20 is not a sample
        assertThrows(IllegalArgumentException.class, () -> d.copyBatch(bad, 0, 20, untouched, 0, new int[20], 0));
        assertArrayEquals(new float[features * 20], untouched, "a rejected batch writes nothing");
    }
}
