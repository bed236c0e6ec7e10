package io.github.simdnn.training.data;

import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.testsupport.AllocatedBytes;
import io.github.simdnn.testsupport.HandOffExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trainer's per-batch data paths allocate nothing in the steady state: {@link Dataset#copyBatch} (the shuffled
 * gather of every training batch, into a column buffer and into a dense first layer's two panel matrices) and
 * {@link Dataset#copyRange} (evaluation), for samples held as floats and as
 * unsigned bytes with a normalization folded into the byte map. The byte path converts bytes to floats in vector
 * registers; until C2 compiles it those conversions box, so the rounds run until two in a row allocate nothing
 * ({@link AllocatedBytes#steadyState}). On two threads, as the trainer runs them on a two-thread step (split by
 * features with 8-lane vectors, on the calling thread elsewhere), both threads are counted; the helper is a
 * {@link HandOffExecutor}.
 */
class DatasetAllocationTest {

    private static final int SAMPLES = 300;
    private static final int FEATURES = 787;        // 49 tiles of 16 and a tail of 3
    private static final int STEPS_PER_ROUND = 200;

    @ParameterizedTest(name = "{0} on {1} thread(s)")
    @CsvSource({"bytes, 1", "floats, 1", "bytes, 2", "floats, 2"})
    void batchAndRangeCopiesAllocateNothing(String storage, int threads) throws InterruptedException {
        try (HandOffExecutor helper = new HandOffExecutor()) {
            Parallelism parallelism = threads == 1 ? Parallelism.SEQUENTIAL : Parallelism.of(helper, threads);
            Thread[] counted = threads == 1 ? new Thread[] {Thread.currentThread()}
                    : new Thread[] {Thread.currentThread(), helper.thread()};
            copiesAllocateNothing(storage + " on " + threads + " thread(s)", storage, parallelism, counted);
        }
    }

    private static void copiesAllocateNothing(String what, String storage, Parallelism parallelism,
                                              Thread[] counted) {
        Random rnd = new Random(11);
        byte[] raw = new byte[SAMPLES * FEATURES];
        rnd.nextBytes(raw);
        float[] values = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            values[k] = (raw[k] & 0xFF) * (1f / 255);
        }
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = i % 10;
        }
        Dataset raw1 = storage.equals("bytes")
                ? Dataset.ofUnsignedBytes(raw, 1f / 255, labels, FEATURES, 10)
                : Dataset.of(values, labels, FEATURES, 10);
        Dataset data = Normalization.fit(Normalization.Kind.STANDARD, raw1).apply(raw1);
        assertEquals(storage.equals("bytes"), data.isUnsignedBytes(), "normalization keeps the storage");
        int[] order = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            order[i] = (i * 7919) % SAMPLES;        // 7919 is prime, so this is a permutation
        }
        float[] x = new float[FEATURES * 128];
        int[] y = new int[128];
        PanelMatrix columns = new PanelMatrix(FEATURES, 128);
        PanelMatrix rows = new PanelMatrix(128, FEATURES);
        int[] round = {0};
        long bytes = AllocatedBytes.steadyState(counted, STEPS_PER_ROUND, () -> {
            int r = round[0]++;
            int count = r % 3 == 0 ? 7 : 128;       // a partial last batch in between (too small to split)
            data.copyBatch(parallelism, order, r % (SAMPLES - 128), count, x, 0, y, 0);
            data.copyBatch(parallelism, order, r % (SAMPLES - 128), count, columns, rows, y, 0);
            data.copyRange(parallelism, (r * 13) % (SAMPLES - 128), count, x, 0, y, 0);
        });
        assertEquals(0, bytes, what + ": bytes allocated by " + STEPS_PER_ROUND + " batch copies in the last round");
        // The copies really ran: the last round's last copy (a range) holds the data set's values.
        int last = round[0] - 1;
        int count = last % 3 == 0 ? 7 : 128;
        int start = (last * 13) % (SAMPLES - 128);
        for (int f = 0; f < FEATURES; f += 97) {
            for (int b = 0; b < count; b++) {
                assertEquals(data.feature(start + b, f), x[f * count + b], "feature " + f + " of sample " + b);
            }
            assertEquals(data.label(start + count - 1), y[count - 1]);
        }
        // And the last panel copy holds the batch it was given, in both forms.
        int batchStart = last % (SAMPLES - 128);
        for (int f = 0; f < FEATURES; f += 97) {
            for (int b = 0; b < count; b++) {
                float expected = data.feature(order[batchStart + b], f);
                assertEquals(expected, columns.get(f, b), "panel X: feature " + f + " of sample " + b);
                assertEquals(expected, rows.get(b, f), "panel Xᵀ: feature " + f + " of sample " + b);
            }
        }
    }
}
