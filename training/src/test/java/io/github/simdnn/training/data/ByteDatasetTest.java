package io.github.simdnn.training.data;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.Sgd;
import io.github.simdnn.training.Trainer;
import io.github.simdnn.training.TrainingOptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data sets kept as unsigned bytes ({@link Dataset#ofUnsignedBytes}) against the same values held as floats: every
 * feature, batch copy, subset and normalization must give the same floats bit for bit, since the byte path
 * computes {@code (u·step − offset)·scale} with the same rounded operations the float path uses.
 */
class ByteDatasetTest {

    private static final int SAMPLES = 53;
    private static final int FEATURES = 37;     // two 16-wide tiles and a tail of 5
    private static final int CLASSES = 4;
    private static final float STEP = 1f / 255;

    private final byte[] raw = new byte[SAMPLES * FEATURES];
    private final int[] labels = new int[SAMPLES];
    private final Dataset bytes;
    private final Dataset floats;

    ByteDatasetTest() {
        Random rnd = new Random(5);
        float[] values = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            // Feature 3 is constant (a zero spread for the normalizations); the others span 0..255.
            int u = k % FEATURES == 3 ? 17 : rnd.nextInt(256);
            raw[k] = (byte) u;
            values[k] = u * STEP;
        }
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = (i * 7) % CLASSES;
        }
        bytes = Dataset.ofUnsignedBytes(raw, STEP, labels, FEATURES, CLASSES);
        floats = Dataset.of(values, labels, FEATURES, CLASSES);
    }

    @Test
    void featuresAreUnsignedTimesStep() {
        assertTrue(bytes.isUnsignedBytes());
        assertFalse(floats.isUnsignedBytes());
        assertEquals(SAMPLES, bytes.size());
        assertEquals(FEATURES, bytes.featureCount());
        for (int k = 0; k < raw.length; k++) {
            assertEquals(Byte.toUnsignedInt(raw[k]) * STEP, bytes.feature(k / FEATURES, k % FEATURES), "value " + k);
        }
        Dataset plain = Dataset.ofUnsignedBytes(new byte[] {0, (byte) 128, (byte) 255, 1}, 1f, new int[] {0, 1}, 2,
                List.of("cat", "dog"));
        assertEquals(128f, plain.feature(0, 1), "bytes above 127 are unsigned");
        assertEquals(255f, plain.feature(1, 0));
        assertEquals(List.of("cat", "dog"), plain.classNames());
    }

    @Test
    void copiesEqualTheFloatDataSet() {
        assertSameCopies(bytes, floats);
    }

    @Test
    void theArraysAreCopied() {
        byte[] mine = raw.clone();
        Dataset d = Dataset.ofUnsignedBytes(mine, STEP, labels, FEATURES, CLASSES);
        mine[0] = (byte) (mine[0] + 1);
        assertEquals(Byte.toUnsignedInt(raw[0]) * STEP, d.feature(0, 0));
    }

    @Test
    void subsetsStayBytesWithTheSameValues() {
        int[] pick = {52, 0, 7, 7, 31};
        Dataset b = bytes.subset(pick);
        Dataset f = floats.subset(pick);
        assertTrue(b.isUnsignedBytes());
        assertSameCopies(b, f);
    }

    @Test
    void normalizationsGiveTheFloatPathsValuesAndKeepTheBytes() {
        for (Normalization.Kind kind : Normalization.Kind.values()) {
            Normalization fromBytes = Normalization.fit(kind, bytes);
            Normalization fromFloats = Normalization.fit(kind, floats);
            assertArrayEquals(fromFloats.offset(), fromBytes.offset(), kind + " offsets");
            assertArrayEquals(fromFloats.scale(), fromBytes.scale(), kind + " scales");

            Dataset b = fromBytes.apply(bytes);
            Dataset f = fromFloats.apply(floats);
            assertTrue(b.isUnsignedBytes(), kind + ": still 8-bit");
            assertSameCopies(b, f);
            assertSameCopies(b.subset(new int[] {3, 1, 4}), f.subset(new int[] {3, 1, 4}));

            // A second transform cannot be folded into the bytes' map exactly: it gives floats, the same values.
            // (NONE is the identity, so after it the bytes are still unmapped.)
            Normalization again = Normalization.fit(Normalization.Kind.STANDARD, b);
            Dataset twice = again.apply(b);
            assertEquals(kind == Normalization.Kind.NONE, twice.isUnsignedBytes(), kind + " then standard");
            assertSameCopies(twice, again.apply(f));
        }
    }

    @Test
    void theIdentityNormalizationReturnsTheSameDataSet() {
        assertSame(bytes, Normalization.identity(FEATURES).apply(bytes));
        assertSame(floats, Normalization.identity(FEATURES).apply(floats));
    }

    @Test
    void anOffsetOfMinusZeroIsNotTheIdentity() {
        // -0 − (-0) is +0: an offset of -0 changes the sign of a -0 feature, so it must not be skipped.
        Dataset signed = Dataset.of(new float[] {-0f, 1f, 2f, -3f}, new int[] {0, 1}, 2, 2);
        float[] offset = {-0f, 0f};
        float[] scale = {1f, 1f};
        Dataset mapped = Normalization.of(Normalization.Kind.NONE, offset, scale).apply(signed);
        assertFalse(mapped == signed, "a new data set");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(mapped.feature(0, 0)), "+0 after -0 - -0");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(signed.feature(0, 0)));
    }

    @Test
    void trainingOnBytesGivesTheWeightsOfTrainingOnFloats() {
        Normalization norm = Normalization.fit(Normalization.Kind.STANDARD, floats);
        float[][] weights = new float[2][];
        Dataset[] data = {norm.apply(bytes), norm.apply(floats)};
        assertTrue(data[0].isUnsignedBytes());
        for (int d = 0; d < 2; d++) {
            Network network = Network.builder(FEATURES).dense(8).sigmoid().dense(CLASSES).softmax().seed(3)
                    .build(new SoftmaxCrossEntropy(), 16);
            TrainingOptions options = TrainingOptions.defaults().withEpochs(3).withBatchSize(16).withSeed(9);
            new Trainer(network, new Sgd(network.parameters(), 0.3), options).fit(data[d], data[d].subset(new int[0]));
            List<Parameter> parameters = network.parameters();
            weights[d] = new float[0];
            for (Parameter p : parameters) {
                float[] all = Arrays.copyOf(weights[d], weights[d].length + p.size());
                System.arraycopy(p.value(), 0, all, weights[d].length, p.size());
                weights[d] = all;
            }
        }
        assertArrayEquals(weights[1], weights[0], "bit for bit (assertArrayEquals on floats compares bits)");
        float[] initial = Network.builder(FEATURES).dense(8).sigmoid().dense(CLASSES).softmax().seed(3)
                .build(new SoftmaxCrossEntropy(), 16).parameters().get(0).value();
        assertFalse(Arrays.equals(initial, Arrays.copyOf(weights[0], initial.length)), "training moved the weights");
    }

    @Test
    void emptyCopiesChangeNothing() {
        float[] x = {7f};
        int[] y = {7};
        bytes.copyBatch(new int[] {1}, 0, 0, x, 0, y, 0);
        bytes.copyRange(3, 0, x, 1, y, 1);
        floats.copyRange(SAMPLES, 0, x, 0, y, 0);
        assertEquals(7f, x[0]);
        assertEquals(7, y[0]);
    }

    @Test
    void mapsThatOverflowAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofUnsignedBytes(raw, 2e36f, labels, FEATURES, CLASSES));
        assertTrue(e.getMessage().contains("step 2.0E36 maps byte 255 to Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofUnsignedBytes(raw, Float.NaN, labels, FEATURES, CLASSES));
        assertTrue(e.getMessage().contains("step NaN maps byte 255 to NaN"), e.getMessage());
        Dataset large = Dataset.ofUnsignedBytes(new byte[] {(byte) 255}, Float.MAX_VALUE / 256, new int[] {0}, 1, 1);
        assertEquals(255 * (Float.MAX_VALUE / 256), large.feature(0, 0), "a large step whose 255·step is finite");

        float[] offset = new float[FEATURES];
        float[] scale = new float[FEATURES];
        java.util.Arrays.fill(scale, 1f);
        offset[5] = -3e38f;
        scale[5] = 2f;
        Normalization huge = Normalization.of(Normalization.Kind.MIN_MAX, offset, scale);
        e = assertThrows(IllegalArgumentException.class, () -> huge.apply(bytes));
        assertTrue(e.getMessage().contains("feature 5 maps bytes 0 and 255 to Infinity and Infinity"), e.getMessage());
        assertTrue(e.getMessage().contains("offset -3.0E38, scale 2.0"), e.getMessage());
        // The float path rejects the same transform.
        assertThrows(IllegalArgumentException.class, () -> huge.apply(floats));
    }

    @Test
    void sizesAndLabelsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofUnsignedBytes(new byte[5], STEP, new int[] {0, 1}, 3, 2));
        assertTrue(e.getMessage().contains("samples has 5 values but 2 labels x 3 features need 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofUnsignedBytes(new byte[6], STEP, new int[] {0, 2}, 3, 2));
        assertTrue(e.getMessage().contains("label of sample 1 is 2, outside 0..1"), e.getMessage());
    }

    /** Every feature, a gathered batch (with repeats, at an offset) and a range copy are equal bit for bit. */
    private static void assertSameCopies(Dataset actual, Dataset expected) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.label(i), actual.label(i));
            for (int f = 0; f < FEATURES; f++) {
                assertEquals(Float.floatToRawIntBits(expected.feature(i, f)),
                        Float.floatToRawIntBits(actual.feature(i, f)), "sample " + i + " feature " + f);
            }
        }
        int n = expected.size();
        int[] order = new int[n + 2];
        for (int j = 0; j < order.length; j++) {
            order[j] = (j * 5 + 1) % n;
        }
        int count = n + 1;
        float[] xa = new float[3 + FEATURES * count];
        float[] xe = new float[3 + FEATURES * count];
        int[] ya = new int[count];
        int[] ye = new int[count];
        actual.copyBatch(order, 1, count, xa, 3, ya, 0);
        expected.copyBatch(order, 1, count, xe, 3, ye, 0);
        assertArrayEquals(xe, xa, "copyBatch");
        assertArrayEquals(ye, ya);
        int range = n - 1;
        float[] ra = new float[FEATURES * range];
        float[] re = new float[FEATURES * range];
        actual.copyRange(1, range, ra, 0, new int[range], 0);
        expected.copyRange(1, range, re, 0, new int[range], 0);
        assertArrayEquals(re, ra, "copyRange");
    }
}
