package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.Implementations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link PanelMatrix}: packing puts every value where {@link PanelMatrix#get} finds it; {@link Blas#sgemm} with a
 * panel matrix gives the bits of {@link Blas#sgemm} on the plain matrix, on one thread and on several; the batch
 * gathers write both panel forms with the values of {@link Ops#gatherTransposed}, padding zeroed; bad arguments are
 * rejected with messages that name the sizes.
 */
class PanelMatrixTest {

    private static final int[] SIZES = {1, 3, 7, 13, 16, 17, 31, 33, 127, 257};
    /** Whether the scalar fallback runs (the scalar-fallback surefire execution runs this class too). */
    private static final boolean SCALAR = Blas.implementation().equals("scalar");
    private static ExecutorService pool;
    private static Parallelism two;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(1);
        two = Parallelism.of(pool, 2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void packPutsEveryValueWhereGetFindsItAndZeroesThePadding() {
        SplittableRandom rnd = new SplittableRandom(1);
        PanelMatrix panels = new PanelMatrix(300, 300);
        for (Transpose trans : Transpose.values()) {
            for (int rows : SIZES) {
                for (int cols : SIZES) {
                    int ld = (trans.transposed() ? rows : cols) + 2;
                    float[] b = GemmReference.filled(rnd, 3 + ld * (trans.transposed() ? cols : rows));
                    panels.pack(trans, rows, cols, b, 3, ld);
                    assertEquals(rows, panels.rows());
                    assertEquals(cols, panels.cols());
                    for (int p = 0; p < rows; p++) {
                        for (int j = 0; j < cols; j++) {
                            float expected = trans.transposed() ? b[3 + j * ld + p] : b[3 + p * ld + j];
                            if (panels.get(p, j) != expected) {
                                fail(trans + " " + rows + "x" + cols + " (" + p + ", " + j + "): expected " + expected
                                        + " but was " + panels.get(p, j));
                            }
                        }
                    }
                    assertPaddingZero(panels, trans + " " + rows + "x" + cols);
                }
            }
        }
    }

    @Test
    void productWithPanelsHasTheBitsOfThePlainProductOnAnyThreadCount() {
        SplittableRandom rnd = new SplittableRandom(2);
        PanelMatrix panels = new PanelMatrix(1200, 800);
        int[][] shapes = {{1, 1, 1}, {3, 7, 13}, {13, 31, 7}, {10, 128, 256}, {256, 128, 784}, {256, 784, 128},
                {31, 257, 33}, {127, 1, 300}, {4, 16, 600}, {257, 33, 1100}, {16, 700, 1100}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (Transpose transA : Transpose.values()) {
                boolean ta = transA.transposed();
                int lda = (ta ? m : k) + 1;
                float[] a = GemmReference.filled(rnd, lda * (ta ? k : m));
                float[] b = GemmReference.filled(rnd, k * n);
                panels.pack(Transpose.NO, k, n, b, 0, n);
                poisonPadding(panels);   // the kernels compute the padding columns and drop them
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    float[] c0 = GemmReference.filled(rnd, m * (n + 2));
                    if (beta == 0f) {
                        c0[0] = Float.NaN;   // beta = 0 must ignore C
                    }
                    float[] expected = c0.clone();
                    Blas.sgemm(Parallelism.SEQUENTIAL, transA, Transpose.NO, m, n, k, -0.75f, a, 0, lda, b, 0, n,
                            beta, expected, 0, n + 2);
                    for (Parallelism parallelism : new Parallelism[] {Parallelism.SEQUENTIAL, two}) {
                        float[] c = c0.clone();
                        Blas.sgemm(parallelism, transA, m, -0.75f, a, 0, lda, panels, beta, c, 0, n + 2);
                        for (int i = 0; i < c.length; i++) {
                            if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(expected[i])) {
                                fail(m + "x" + n + "x" + k + " transA=" + transA + " beta=" + beta + " threads="
                                        + parallelism.threads() + " element " + i + ": expected " + expected[i]
                                        + " but was " + c[i]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** NaN in every padding element of the last panel: no result may depend on them. */
    private static void poisonPadding(PanelMatrix panels) {
        int w = panels.width();
        int padded = (panels.cols() + w - 1) / w * w;
        for (int p = 0; p < panels.rows(); p++) {
            for (int j = panels.cols(); j < padded; j++) {
                panels.data()[panels.index(p, j)] = Float.NaN;
            }
        }
    }

    /**
     * The weight gradient's form: B stored n×k (the samples' rows), C = A·Bᵀ. With at most 16 rows of A the plain
     * vector product takes other paths (computed as its transpose, or B read in place) than the blocked one a panel
     * matrix takes; the bits must agree all the same, on one thread and on two. The scalar fallback sums an NT
     * product as dot products and a panel product row by row, so there the two agree to rounding (bounded by k).
     */
    @Test
    void transposedProductWithPanelsHasTheBitsOfThePlainNtProduct() {
        SplittableRandom rnd = new SplittableRandom(5);
        PanelMatrix panels = new PanelMatrix(800, 800);
        for (int[] s : new int[][] {{1, 13, 7}, {4, 784, 128}, {10, 256, 128}, {10, 784, 96}, {12, 300, 33},
                {16, 784, 128}, {37, 784, 128}, {10, 700, 600}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = GemmReference.filled(rnd, m * k);
            float[] bt = GemmReference.filled(rnd, n * k);
            panels.pack(Transpose.YES, k, n, bt, 0, k);
            poisonPadding(panels);
            for (float beta : new float[] {0f, 0.99f}) {
                float[] c0 = GemmReference.filled(rnd, m * n);
                float[] expected = c0.clone();
                Blas.sgemm(Parallelism.SEQUENTIAL, Transpose.NO, Transpose.YES, m, n, k, -0.5f, a, 0, k, bt, 0, k,
                        beta, expected, 0, n);
                for (Parallelism parallelism : new Parallelism[] {Parallelism.SEQUENTIAL, two}) {
                    float[] c = c0.clone();
                    Blas.sgemm(parallelism, Transpose.NO, m, -0.5f, a, 0, k, panels, beta, c, 0, n);
                    for (int i = 0; i < c.length; i++) {
                        if (SCALAR) {
                            double bound = 2 * (k + 2) * Math.ulp(1f) * (k + Math.abs(c0[i]));   // |a|, |b| < 1
                            assertTrue(Math.abs(c[i] - expected[i]) <= bound, "NT " + m + "x" + n + "x" + k
                                    + " element " + i + ": " + c[i] + " vs " + expected[i] + ", bound " + bound);
                        } else if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(expected[i])) {
                            fail("NT " + m + "x" + n + "x" + k + " beta=" + beta + " threads=" + parallelism.threads()
                                    + " element " + i + ": expected " + expected[i] + " but was " + c[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void productMatchesADoubleReferenceWithinARoundingBound() {
        SplittableRandom rnd = new SplittableRandom(3);
        PanelMatrix panels = new PanelMatrix(600, 300);
        for (int k : new int[] {1, 7, 127, 513}) {
            int m = 13;
            int n = 37;
            float[] a = GemmReference.filled(rnd, m * k);
            float[] bt = GemmReference.filled(rnd, n * k);   // B stored n x k: the weight gradient's Xᵀ
            panels.pack(Transpose.YES, k, n, bt, 0, k);
            float[] c = new float[m * n];
            Blas.sgemm(Parallelism.SEQUENTIAL, Transpose.NO, m, 1f, a, 0, k, panels, 0f, c, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        exact += (double) a[i * k + p] * bt[j * k + p];
                        magnitude += Math.abs((double) a[i * k + p] * bt[j * k + p]);
                    }
                    double bound = (k + 2) * Math.ulp(1.0f) * magnitude + Float.MIN_NORMAL;
                    assertTrue(Math.abs(c[i * n + j] - exact) <= bound, "k=" + k + " (" + i + ", " + j + "): "
                            + c[i * n + j] + " vs " + exact + ", bound " + bound);
                }
            }
        }
    }

    @Test
    void gathersWriteBothFormsWithTheValuesOfTheColumnGather() {
        SplittableRandom rnd = new SplittableRandom(4);
        int samples = 300;
        for (int cols : new int[] {1, 3, 13, 16, 17, 64, 100, 784}) {
            float[] data = GemmReference.filled(rnd, samples * cols + 5);
            byte[] bytes = new byte[samples * cols + 5];
            rnd.nextBytes(bytes);
            float[] offset = GemmReference.filled(rnd, cols);
            float[] scale = GemmReference.filled(rnd, cols);
            for (int count : new int[] {1, 7, 8, 13, 16, 17, 31, 128, 257}) {
                int[] rows = new int[count + 2];
                for (int j = 0; j < rows.length; j++) {
                    rows[j] = rnd.nextInt(samples);
                }
                float[] expected = new float[cols * count];
                float[] expectedU8 = new float[cols * count];
                Ops.gatherTransposed(count, cols, data, 5, cols, samples, rows, 2, expected, 0, count);
                Ops.gatherTransposedU8(count, cols, bytes, 5, cols, samples, rows, 2, 0.5f, offset, scale,
                        expectedU8, 0, count);
                for (Parallelism parallelism : new Parallelism[] {Parallelism.SEQUENTIAL, two}) {
                    PanelMatrix columns = new PanelMatrix(cols, 260);
                    PanelMatrix asRows = new PanelMatrix(260, cols + 3);
                    String where = cols + " features, " + count + " samples, " + parallelism.threads() + " threads";
                    Ops.gatherPanels(parallelism, count, cols, data, 5, cols, samples, rows, 2, columns, asRows);
                    assertForms(where, expected, count, cols, columns, asRows);
                    Ops.gatherPanelsU8(parallelism, count, cols, bytes, 5, cols, samples, rows, 2, 0.5f, offset,
                            scale, columns, asRows);
                    assertForms(where + " (bytes)", expectedU8, count, cols, columns, asRows);
                }
            }
        }
    }

    /**
     * The thread split hands each thread a range of features starting at a multiple of 16, which on 512-bit
     * species (panels of 32) can start in the middle of a panel: ranges split there write what one call writes.
     */
    @Test
    void gatherRangesThatStartInsideAPanelWriteWhatOneRangeWrites() {
        SplittableRandom rnd = new SplittableRandom(6);
        int samples = 50;
        ElementKernels kernels = Implementations.elements();
        int w = PanelMatrix.panelWidth();
        for (int features : new int[] {17, 48, 100, 784}) {
            float[] data = GemmReference.filled(rnd, samples * features);
            byte[] bytes = new byte[samples * features];
            rnd.nextBytes(bytes);
            float[] offset = GemmReference.filled(rnd, features);
            float[] scale = GemmReference.filled(rnd, features);
            for (int count : new int[] {5, 16, 37}) {
                int[] rows = new int[count];
                for (int j = 0; j < count; j++) {
                    rows[j] = rnd.nextInt(samples);
                }
                int size = features * ((count + w - 1) / w * w) + count * ((features + w - 1) / w * w);
                for (boolean u8 : new boolean[] {false, true}) {
                    float[] whole = new float[size];
                    float[] split = new float[size];
                    int half = features * ((count + w - 1) / w * w);
                    gather(kernels, u8, count, features, 0, features, data, bytes, rows, offset, scale, whole, half,
                            w);
                    for (int from = 0; from < features; from += 16) {
                        gather(kernels, u8, count, features, from, Math.min(features, from + 16), data, bytes, rows,
                                offset, scale, split, half, w);
                    }
                    for (int i = 0; i < size; i++) {
                        if (Float.floatToRawIntBits(whole[i]) != Float.floatToRawIntBits(split[i])) {
                            fail(features + " features, " + count + " samples, bytes=" + u8 + ": element " + i
                                    + " is " + split[i] + " split in 16-feature ranges but " + whole[i] + " whole");
                        }
                    }
                }
            }
        }
    }

    /** One range of the panel gather, X at [0, half) of {@code out} and Xᵀ from {@code half}. */
    private static void gather(ElementKernels kernels, boolean u8, int count, int features, int from, int to,
                               float[] data, byte[] bytes, int[] rows, float[] offset, float[] scale, float[] out,
                               int half, int w) {
        float[] columns = new float[half];
        float[] asRows = new float[out.length - half];
        System.arraycopy(out, 0, columns, 0, half);
        System.arraycopy(out, half, asRows, 0, asRows.length);
        if (u8) {
            kernels.gatherPanelsU8(count, features, from, to, bytes, 0, features, rows, 0, 0.25f, offset, scale,
                    columns, asRows, w);
        } else {
            kernels.gatherPanels(count, features, from, to, data, 0, features, rows, 0, columns, asRows, w);
        }
        System.arraycopy(columns, 0, out, 0, half);
        System.arraycopy(asRows, 0, out, half, asRows.length);
    }

    private static void assertForms(String where, float[] expected, int count, int cols, PanelMatrix columns,
                                    PanelMatrix asRows) {
        assertEquals(cols, columns.rows(), where);
        assertEquals(count, columns.cols(), where);
        assertEquals(count, asRows.rows(), where);
        assertEquals(cols, asRows.cols(), where);
        for (int f = 0; f < cols; f++) {
            for (int j = 0; j < count; j++) {
                float x = expected[f * count + j];
                if (columns.get(f, j) != x || asRows.get(j, f) != x) {
                    fail(where + ": feature " + f + " of sample " + j + " is " + x + " but the column form holds "
                            + columns.get(f, j) + " and the row form " + asRows.get(j, f));
                }
            }
        }
        assertPaddingZero(columns, where + " column form");
        assertPaddingZero(asRows, where + " row form");
    }

    /** The padding columns of the last panel hold zeros (they are computed by the kernels, then dropped). */
    private static void assertPaddingZero(PanelMatrix panels, String where) {
        int w = panels.width();
        int k = panels.rows();
        int n = panels.cols();
        int padded = (n + w - 1) / w * w;
        for (int p = 0; p < k; p++) {
            for (int j = n; j < padded; j++) {
                float x = panels.data()[panels.index(p, j)];
                if (x != 0f) {
                    fail(where + ": padding (" + p + ", " + j + ") holds " + x);
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejectedNamingTheSizes() {
        PanelMatrix panels = new PanelMatrix(784, 128);
        float[] b = new float[784 * 128];
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> panels.pack(Transpose.NO, 785, 128, new float[785 * 128], 0, 128));
        assertTrue(tooBig.getMessage().contains("785x128") && tooBig.getMessage().contains("784x128"),
                tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PanelMatrix(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new PanelMatrix(1 << 16, 1 << 16));
        b[5 * 128 + 7] = 42f;
        panels.pack(Transpose.NO, 784, 128, b, 0, 128);
        // A rejected fill leaves the last one as it was: its shape and its values.
        assertThrows(IllegalArgumentException.class, () -> panels.pack(Transpose.NO, 3, 5, new float[14], 0, 5));
        assertEquals(784, panels.rows());
        assertEquals(128, panels.cols());
        assertEquals(42f, panels.get(5, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> panels.get(784, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> panels.get(0, 128));
        // W is 256x784 but stored with lda 256: the product's k comes from the panels (784).
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> Blas.sgemm(
                Parallelism.SEQUENTIAL, Transpose.NO, 256, 1f, new float[256 * 256], 0, 256, panels, 0f,
                new float[256 * 128], 0, 128));
        assertTrue(k.getMessage().contains("784") && k.getMessage().contains("256"), k.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Blas.sgemm(
                Parallelism.SEQUENTIAL, Transpose.NO, 256, 1f, new float[256 * 784], 0, 784, panels, 0f,
                new float[256 * 127], 0, 127));
        assertTrue(c.getMessage().contains("128"), c.getMessage());
        float[] data = new float[10 * 784];
        int[] rows = {0, 9, 10};
        PanelMatrix asRows = new PanelMatrix(128, 784);
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> Ops.gatherPanels(Parallelism.SEQUENTIAL, 3, 784, data, 0, 784, 10, rows, 0, panels, asRows));
        assertTrue(index.getMessage().contains("rows[2] is 10"), index.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> Ops.gatherPanels(Parallelism.SEQUENTIAL, 2, 784, data, 0, 784, 10, rows, 0, panels, panels));
        assertTrue(same.getMessage().contains("same"), same.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Ops.gatherPanels(Parallelism.SEQUENTIAL, 2, 784, data, 0, 784, 10, rows, 0, asRows, panels));
        assertTrue(small.getMessage().contains("784x2"), small.getMessage());
    }
}
