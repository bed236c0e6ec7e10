package io.github.simdnn.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The immutable predictor: agreement with the network, batch forms, snapshot, concurrency, bad input. */
class PredictorTest {

    private static final int IN = 13;
    private static final int OUT = 4;
    private static final int MAX = 16;

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static Network network() {
        return Network.builder(IN).dense(17).tanh().dense(9).relu().dense(OUT).softmax().seed(21)
                .build(new SoftmaxCrossEntropy(), MAX);
    }

    private static float[] column(float[] m, int rows, int n, int c) {
        float[] v = new float[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = m[r * n + c];
        }
        return v;
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * Math.abs(expected[i]) + 1e-7, what + " element " + i);
        }
    }

    @Test
    void singleSampleEqualsTheNetworkAndTheBatchForms() {
        SplittableRandom r = new SplittableRandom(1);
        Network network = network();
        Predictor predictor = Predictor.of(network, MAX);
        int n = 11;
        float[] x = random(r, IN * n);
        float[] columns = new float[OUT * n];
        predictor.predict(x, n, columns);
        float[] rows = new float[n * OUT];
        predictor.predictRows(transpose(x, IN, n), n, rows);
        int[] classes = new int[n];
        predictor.predictClasses(x, n, classes);
        float[] fromNetwork = Arrays.copyOf(network.forward(x, n), OUT * n);
        assertClose(fromNetwork, columns, "batch predict vs network forward");
        for (int c = 0; c < n; c++) {
            float[] out = new float[OUT];
            float[] features = column(x, IN, n, c);
            predictor.predict(features, out);
            // Packed weights add the bias first, the network after the product: equal up to rounding.
            assertClose(Arrays.copyOf(network.forward(features, 1), OUT), out, "sample " + c + ": single vs network");
            assertClose(out, column(columns, OUT, n, c), "sample " + c + ": single vs column batch");
            assertClose(out, Arrays.copyOfRange(rows, c * OUT, (c + 1) * OUT), "sample " + c + ": single vs row batch");
            assertEquals(Predictor.argmax(out), predictor.predictClass(features), "predictClass of sample " + c);
            assertEquals(Predictor.argmax(out), classes[c], "predictClasses of sample " + c);
        }
        double sum = 0;
        for (float p : column(columns, OUT, n, 0)) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-6, "softmax output: probabilities");
    }

    @Test
    void rowFormWorksWhenTheFirstLayerIsNotDense() {
        Network network = new Network(List.of(new Sigmoid(3), new Dense(3, 2, 5), new Softmax(2)),
                new SoftmaxCrossEntropy(), 4);
        Predictor predictor = Predictor.of(network, 4);
        float[] x = random(new SplittableRandom(2), 12);   // 3x4, one sample per column
        float[] columns = new float[8];
        float[] rows = new float[8];
        predictor.predict(x, 4, columns);
        predictor.predictRows(transpose(x, 3, 4), 4, rows);
        assertClose(transpose(columns, 2, 4), rows, "row form vs column form");
    }

    @Test
    void isASnapshotOfTheWeights() {
        Network network = network();
        Predictor predictor = Predictor.of(network, 1);
        float[] x = random(new SplittableRandom(3), IN);
        float[] before = new float[OUT];
        predictor.predict(x, before);
        for (Parameter p : network.parameters()) {
            Arrays.fill(p.value(), 0.5f);
        }
        float[] after = new float[OUT];
        predictor.predict(x, after);
        assertArrayEquals(before, after, "training after the snapshot does not change the predictor");
        float[] changed = Arrays.copyOf(network.forward(x, 1), OUT);
        assertTrue(!Arrays.equals(before, changed), "the network itself did change");
    }

    @Test
    void concurrentCallsGiveBitIdenticalResults() throws Exception {
        Network network = network();
        Predictor predictor = Predictor.of(network, MAX);
        SplittableRandom r = new SplittableRandom(4);
        int cases = 64;
        List<float[]> inputs = new ArrayList<>();
        List<float[]> singles = new ArrayList<>();
        List<float[]> batches = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            int n = 1 + r.nextInt(MAX);
            inputs.add(random(r, IN * n));
            sizes.add(n);
        }
        // Expected results come from the first, cold calls (interpreted code); the threads run JIT-compiled
        // code, so this also checks that the kernels round the same way before and after compilation.
        for (int i = 0; i < cases; i++) {
            float[] single = new float[OUT];
            predictor.predict(Arrays.copyOf(inputs.get(i), IN), single);
            float[] batch = new float[OUT * sizes.get(i)];
            predictor.predict(inputs.get(i), sizes.get(i), batch);
            singles.add(single);
            batches.add(batch);
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom order = new SplittableRandom(seed);
                    float[] single = new float[OUT];
                    float[] batch = new float[OUT * MAX];
                    for (int iteration = 0; iteration < 3000; iteration++) {
                        int i = order.nextInt(cases);
                        float[] x = inputs.get(i);
                        int n = sizes.get(i);
                        if (order.nextBoolean()) {
                            predictor.predict(Arrays.copyOf(x, IN), single);
                            if (!Arrays.equals(singles.get(i), single)) {
                                return "thread " + seed + " case " + i + ": single result differs";
                            }
                        } else {
                            predictor.predict(x, n, batch);
                            if (!Arrays.equals(batches.get(i), Arrays.copyOf(batch, OUT * n))) {
                                return "thread " + seed + " case " + i + ": batch of " + n + " differs";
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<String> f : results) {
                String failure = f.get(2, TimeUnit.MINUTES);
                assertEquals(null, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        Predictor predictor = Predictor.of(network(), 4);
        assertContains(() -> predictor.predict(new float[IN + 1], new float[OUT]),
                "features must have 13 elements but has 14");
        assertContains(() -> predictor.predict(new float[IN], new float[OUT - 1]), "out must have 4 elements but has 3");
        assertContains(() -> predictor.predictClass(new float[2]), "features must have 13 elements but has 2");
        assertContains(() -> predictor.predict(new float[IN * 5], 5, new float[OUT * 5]),
                "batch 5 is larger than the maximum batch 4");
        assertContains(() -> predictor.predictRows(new float[IN * 3], 3, new float[OUT * 2]),
                "out must hold a 3x4 matrix (12 elements) but has only 8");
        float[] nan = new float[IN];
        nan[7] = Float.NaN;
        assertContains(() -> predictor.predict(nan, new float[OUT]), "features has NaN at row 7, column (sample) 0");
        float[] rows = new float[IN * 2];
        rows[IN + 3] = Float.POSITIVE_INFINITY;
        assertContains(() -> predictor.predictRows(rows, 2, new float[OUT * 2]),
                "Infinity at row (sample) 1, column (feature) 3");
        float[] both = new float[IN * 4];
        assertContains(() -> predictor.predict(both, 1, both), "out must not be the same array as features");
        assertContains(() -> predictor.predictClasses(new float[IN * 3], 3, new int[2]), "classes must hold 3 values");
        assertContains(() -> Predictor.of(network(), 0), "maxBatch must be >= 1 but was 0");
        float[] out = {7, 7, 7, 7};
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(nan, out));
        assertArrayEquals(new float[] {7, 7, 7, 7}, out, "a rejected call writes nothing");
    }

    @Test
    void argmaxTakesTheFirstMaximumAndIgnoresNaN() {
        assertEquals(1, Predictor.argmax(new float[] {0.1f, 0.7f, 0.7f, 0.2f}));
        assertEquals(2, Predictor.argmax(new float[] {Float.NaN, -1f, 3f}));
        assertEquals(0, Predictor.argmax(new float[] {5f}));
        assertThrows(IllegalArgumentException.class, () -> Predictor.argmax(new float[0]));
        // The same rule as Ops.argmaxColumns, which predictClasses uses: one answer for one sample either way.
        float nan = Float.NaN;
        for (float[] values : new float[][] {{nan, -1f, 3f}, {nan, nan}, {nan, Float.NEGATIVE_INFINITY, nan},
                {1f, nan, 2f}, {nan}}) {
            int[] viaOps = new int[1];
            io.github.simdnn.tensor.Ops.argmaxColumns(values.length, 1, values, 0, viaOps, 0);
            assertEquals(viaOps[0], Predictor.argmax(values), Arrays.toString(values));
        }
    }

    @Test
    void aThreadsFirstBatchCallAllocatesEveryBatchBufferEvenWithoutADenseFirstLayer() {
        // predictRows turns rows into columns in a buffer of inputSize·maxBatch floats (4 MB here) when the first
        // layer is not dense. It must come with the first batch call, whichever it is, as the contract says.
        Network network = Network.builder(1000).sigmoid().dense(3).softmax().seed(2)
                .build(new SoftmaxCrossEntropy(), 1);
        Predictor predictor = Predictor.of(network, 1000);
        float[] x = new float[1000];
        float[] out = new float[3];
        predictor.predict(x, 1, out);                           // the first batch call: column form
        long before = io.github.simdnn.testsupport.AllocatedBytes.ofCurrentThread();
        predictor.predictRows(x, 1, out);
        long allocated = io.github.simdnn.testsupport.AllocatedBytes.ofCurrentThread() - before;
        assertTrue(allocated < 1 << 20, "the first predictRows after a batch call allocated " + allocated + " bytes");
    }

    private static void assertContains(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
    }
}
