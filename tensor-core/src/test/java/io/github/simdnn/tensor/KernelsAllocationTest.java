package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.testsupport.AllocatedBytes;
import io.github.simdnn.testsupport.HandOffExecutor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tensor-core's public entry points allocate nothing per call once C2 has compiled the kernels, for a service
 * that uses this module alone: every GEMM form (beta zero and not, odd shapes with edge tiles, two reduction
 * blocks, the matrix-vector path), the element-wise kernels and reductions on lengths with vector tails, the
 * column softmax (one column and many), the cross-entropy, argmax, the transposes and gathers (floats and bytes,
 * into columns and into panel matrices), the packed matrix-vector product and products with a {@link PanelMatrix},
 * on the calling thread; then the GEMMs (plain and with panels), the panel gather and the split copy, fill and
 * finiteness check on two threads (the caller and a helper of an executor the test controls), counting both.
 */
class KernelsAllocationTest {

    /** Shapes m×k×n: scalar-sized, odd with edge tiles, two reduction blocks (k > 512), an output layer (m = 10), n = 1. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 7, 13}, {13, 31, 7}, {37, 600, 45}, {10, 128, 256},
            {57, 300, 1}};
    private static final int[] LENGTHS = {1, 7, 13, 257, 1000};

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static long steadyState(int stepsPerRound, Runnable step) {
        return AllocatedBytes.steadyState(new Thread[] {Thread.currentThread()}, stepsPerRound, step);
    }

    /** For a failure message: the bytes each phase allocates on this thread over {@code steps} steps. */
    private static String phaseBytes(Runnable[] phases, String[] names, int steps) {
        long[] bytes = new long[phases.length];
        for (int i = 0; i < steps; i++) {
            for (int p = 0; p < phases.length; p++) {
                long before = AllocatedBytes.ofCurrentThread();
                phases[p].run();
                bytes[p] += AllocatedBytes.ofCurrentThread() - before;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < phases.length; p++) {
            s.append(p == 0 ? "" : ", ").append(names[p]).append(' ').append(bytes[p]);
        }
        return s.toString();
    }

    @Test
    void everyGemmFormAllocatesNothing() {
        SplittableRandom r = new SplittableRandom(7);
        float[][] a = new float[SHAPES.length][];
        float[][] b = new float[SHAPES.length][];
        float[][] c = new float[SHAPES.length][];
        for (int s = 0; s < SHAPES.length; s++) {
            int m = SHAPES[s][0], k = SHAPES[s][1], n = SHAPES[s][2];
            a[s] = random(r, m * k);
            b[s] = random(r, k * n);
            c[s] = new float[m * n];
        }
        Transpose[] forms = Transpose.values();             // values() copies its array: not inside the step
        long bytes = steadyState(50, () -> {
            for (int s = 0; s < SHAPES.length; s++) {
                int m = SHAPES[s][0], k = SHAPES[s][1], n = SHAPES[s][2];
                for (Transpose ta : forms) {
                    for (Transpose tb : forms) {
                        int lda = ta.transposed() ? m : k;
                        int ldb = tb.transposed() ? k : n;
                        Blas.sgemm(ta, tb, m, n, k, 1f, a[s], 0, lda, b[s], 0, ldb, 0f, c[s], 0, n);
                        Blas.sgemm(ta, tb, m, n, k, 0.5f, a[s], 0, lda, b[s], 0, ldb, 0.25f, c[s], 0, n);
                    }
                }
            }
        });
        assertEquals(0, bytes, "bytes allocated per round of GEMMs in the steady state");
        assertTrue(Float.isFinite(c[3][c[3].length - 1]), "the products ran");
    }

    @Test
    void elementwiseReductionsAndTransposesAllocateNothing() {
        SplittableRandom r = new SplittableRandom(8);
        int max = LENGTHS[LENGTHS.length - 1];
        float[] x = random(r, max);
        float[] y = random(r, max);
        float[] out = new float[2 * max];
        float[] bias = random(r, 40);
        float[] sums = new float[40];
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(10);
        }
        int[] classes = new int[100];
        byte[] pixels = new byte[40 * 37];
        r.nextBytes(pixels);
        float[] offset = random(r, 37);
        float[] scale = random(r, 37);
        int[] rows = {3, 0, 39, 17, 17, 5, 22, 8, 31, 1, 2, 4, 6, 7, 9, 10, 11, 12, 13, 14};
        float[] gathered = new float[37 * rows.length];
        PackedMatrix packed = PackedMatrix.of(37, 300, random(r, 37 * 300), 0, 300, bias, 0);
        PanelMatrix columns = new PanelMatrix(37, rows.length);
        PanelMatrix asRows = new PanelMatrix(rows.length, 37);
        float[] product = new float[13 * 37];
        double[] sink = {0};
        // Named phases, so that a failure can say which calls allocate.
        String[] names = {"element-wise", "columns", "transposes and gathers", "packed matrix-vector",
            "panel gathers", "panel products"};
        Runnable[] phases = {
            () -> {
                for (int n : LENGTHS) {
                    Ops.add(n, x, 0, y, 0, out, 0);
                    Ops.subtract(n, x, 0, y, 0, out, 0);
                    Ops.multiply(n, x, 0, y, 0, out, 0);
                    sink[0] += Ops.sum(n, x, 0);
                    Ops.exp(n, x, 0, out, 0);
                    Ops.sigmoid(n, x, 0, out, 0);
                    Ops.sigmoidBackward(n, out, 0, y, 0, out, 0);
                    Ops.tanh(n, x, 0, out, 0);
                    Ops.tanhBackward(n, out, 0, y, 0, out, 0);
                    Ops.relu(n, x, 0, out, 0);
                    Ops.reluBackward(n, x, 0, y, 0, out, 0);
                    sink[0] += Ops.allFinite(n, x, 0) ? 1 : 0;
                    Ops.copy(Parallelism.SEQUENTIAL, n, x, 0, out, 0);
                    Ops.fill(Parallelism.SEQUENTIAL, n, 0.5f, out, 0);
                }
            },
            () -> {
                Ops.addColumn(10, 100, bias, 0, out, 0);
                Ops.rowSums(10, 100, x, 0, sums, 0);
                Ops.softmaxColumns(10, 100, x, 0, out, 0);
                Ops.softmaxColumns(10, 1, x, 0, out, 0);
                sink[0] += Ops.crossEntropyColumns(10, 100, x, 0, labels, 0);
                Ops.argmaxColumns(10, 100, x, 0, classes, 0);
                Ops.argmaxColumns(10, 1, x, 0, classes, 0);
            },
            () -> {
                Ops.transpose(25, 37, x, 0, 37, out, 0, 25);
                Ops.gatherTransposed(rows.length, 20, x, 0, 20, 40, rows, 0, gathered, 0, rows.length);
                Ops.transposeU8(40, 37, pixels, 0, 37, 1f / 255, offset, scale, out, 0, 40);
                Ops.gatherTransposedU8(rows.length, 37, pixels, 0, 37, 40, rows, 0, 1f / 255, offset, scale,
                        gathered, 0, rows.length);
            },
            () -> packed.multiply(x, 0, sums, 0),
            () -> {
                Ops.gatherPanels(Parallelism.SEQUENTIAL, rows.length, 20, x, 0, 20, 40, rows, 0, columns, asRows);
                Ops.gatherPanelsU8(Parallelism.SEQUENTIAL, rows.length, 37, pixels, 0, 37, 40, rows, 0, 1f / 255,
                        offset, scale, columns, asRows);
            },
            () -> {
                Blas.sgemm(Parallelism.SEQUENTIAL, Transpose.NO, 13, 1f, x, 0, rows.length, asRows, 0.5f, product,
                        0, 37);
                Blas.sgemm(Parallelism.SEQUENTIAL, Transpose.YES, 13, 1f, x, 0, 13, columns, 0f, product, 0,
                        rows.length);
            }};
        long bytes = steadyState(200, () -> {
            for (Runnable phase : phases) {
                phase.run();
            }
        });
        String where = bytes == 0 ? "" : "; per phase over 200 more steps: " + phaseBytes(phases, names, 200);
        assertEquals(0, bytes, "bytes allocated per round of element-wise calls in the steady state" + where);
        assertTrue(Double.isFinite(sink[0]), "the kernels ran");
    }

    @Test
    void twoThreadGemmsAndSplitCopiesAllocateNothing() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        int m = 256, k = 300, n = 128;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        int big = 1 << 16;                                  // above Ops' threshold for splitting copies
        float[] x = random(r, big);
        float[] y = new float[big];
        boolean[] finite = {true};
        PanelMatrix panels = new PanelMatrix(k, n);
        panels.pack(Transpose.NO, k, n, b, 0, n);
        byte[] pixels = new byte[500 * 300];
        r.nextBytes(pixels);
        float[] offset = random(r, 300);
        float[] scale = random(r, 300);
        int[] rows = new int[128];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = r.nextInt(500);
        }
        PanelMatrix columns = new PanelMatrix(300, 128);
        PanelMatrix asRows = new PanelMatrix(128, 300);
        try (HandOffExecutor helper = new HandOffExecutor()) {
            Parallelism two = Parallelism.of(helper, 2);
            Thread[] threads = {Thread.currentThread(), helper.thread()};
            Transpose[] forms = Transpose.values();
            long bytes = AllocatedBytes.steadyState(threads, 20, () -> {
                for (Transpose ta : forms) {
                    for (Transpose tb : forms) {
                        Blas.sgemm(two, ta, tb, m, n, k, 1f, a, 0, ta.transposed() ? m : k, b, 0,
                                tb.transposed() ? k : n, 0f, c, 0, n);
                    }
                }
                Blas.sgemm(two, Transpose.NO, m, 1f, a, 0, k, panels, 0f, c, 0, n);
                Blas.sgemm(two, Transpose.YES, m, 1f, a, 0, m, panels, 0.5f, c, 0, n);
                Ops.gatherPanelsU8(two, 128, 300, pixels, 0, 300, 500, rows, 0, 1f / 255, offset, scale, columns,
                        asRows);
                Ops.copy(two, big, x, 0, y, 0);
                Ops.fill(two, big, 0.5f, y, 0);
                finite[0] &= Ops.allFinite(two, big, x, 0);
            });
            assertEquals(0, bytes, "bytes allocated by both threads per round in the steady state");
            assertTrue(helper.started() > 0, "the helper ran");
        }
        assertTrue(finite[0], "the finiteness check saw finite data");
    }
}
