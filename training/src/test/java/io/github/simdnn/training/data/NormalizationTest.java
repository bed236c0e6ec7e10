package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {

    /** Feature 0 is Gaussian (mean 2 + shift, sd 3), feature 1 is constant 5, feature 2 uniform in [-5, 5). */
    private static Dataset data(int n, long seed, float shift) {
        Random r = new Random(seed);
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = (float) (r.nextGaussian() * 3 + 2) + shift;
            x[3 * i + 1] = 5f;
            x[3 * i + 2] = (float) (r.nextDouble() * 10 - 5);
            y[i] = i % 2;
        }
        return Dataset.of(x, y, 3, 2);
    }

    @Test
    void minMaxMapsTrainingRangeToUnitIntervalAndUsesTrainStatisticsOnly() {
        Dataset train = data(200, 1, 0);
        Dataset test = data(50, 2, 100);
        Normalization n = Normalization.fit(Normalization.Kind.MIN_MAX, train);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < train.size(); i++) {
            min = Math.min(min, train.feature(i, 0));
            max = Math.max(max, train.feature(i, 0));
        }
        assertEquals((float) min, n.offset()[0]);
        assertEquals((float) (1 / (max - min)), n.scale()[0]);
        Dataset t = n.apply(train);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            lo = Math.min(lo, t.feature(i, 0));
            hi = Math.max(hi, t.feature(i, 0));
        }
        assertEquals(0f, lo);
        assertEquals(1f, hi, 1e-6f);
        // The shifted test set is transformed with the training statistics, so it leaves [0, 1].
        Dataset u = n.apply(test);
        for (int i = 0; i < u.size(); i++) {
            double expected = (test.feature(i, 0) - min) / (max - min);
            assertEquals(expected, u.feature(i, 0), 1e-5 * Math.max(1, Math.abs(expected)));
            assertEquals(test.label(i), u.label(i));
            assertTrue(u.feature(i, 0) > 1f, "test data shifted by 100 maps above the training range");
        }
    }

    @Test
    void standardGivesZeroMeanUnitVarianceOnTrain() {
        Dataset train = data(500, 3, 0);
        Dataset t = Normalization.fit(Normalization.Kind.STANDARD, train).apply(train);
        for (int f : new int[]{0, 2}) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < t.size(); i++) {
                sum += t.feature(i, f);
                squares += (double) t.feature(i, f) * t.feature(i, f);
            }
            double mean = sum / t.size();
            assertEquals(0, mean, 1e-5);
            assertEquals(1, squares / t.size() - mean * mean, 1e-4);
        }
    }

    @Test
    void constantFeatureMapsToZeroNotNaN() {
        Dataset train = data(30, 4, 0);
        for (Normalization.Kind kind : Normalization.Kind.values()) {
            Normalization n = Normalization.fit(kind, train);
            assertEquals(1f, n.scale()[1], kind.id());
            Dataset t = n.apply(train);
            for (int i = 0; i < t.size(); i++) {
                assertEquals(kind == Normalization.Kind.NONE ? 5f : 0f, t.feature(i, 1), kind.id());
            }
        }
        // A spread whose reciprocal overflows float is treated as constant too.
        Dataset tiny = Dataset.of(new float[]{0f, Float.MIN_VALUE}, new int[]{0, 0}, 1, 1);
        Normalization n = Normalization.fit(Normalization.Kind.MIN_MAX, tiny);
        assertEquals(1f, n.scale()[0]);
    }

    @Test
    void batchApplyMatchesDatasetApplyInColumnLayout() {
        Dataset train = data(20, 5, 0);
        Normalization n = Normalization.fit(Normalization.Kind.STANDARD, train);
        Dataset expected = n.apply(train);
        int batch = 7;
        float[] x = new float[1 + 3 * batch];
        int[] y = new int[batch];
        train.copyRange(4, batch, x, 1, y, 0);
        n.apply(x, 1, batch);
        for (int f = 0; f < 3; f++) {
            for (int b = 0; b < batch; b++) {
                assertEquals(expected.feature(4 + b, f), x[1 + f * batch + b]);
            }
        }
        assertEquals(0f, x[0], "outside the block is untouched");
    }

    @Test
    void reportsNonFiniteInputsAndMismatchedFeatures() {
        Normalization n = Normalization.fit(Normalization.Kind.MIN_MAX, data(10, 6, 0));
        float[] x = {0, 1, Float.NaN, 2, 3, 4};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.apply(x, 0, 2));
        assertTrue(e.getMessage().contains("feature 1 is not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> n.apply(DatasetTest.numbered(2, 4, 2)));
        assertTrue(e.getMessage().contains("data has 4 features but the normalization was fitted on 3"),
                e.getMessage());
    }

    @Test
    void jsonRoundTripIsBitExact() {
        Random r = new Random(9);
        float[] offset = new float[300];
        float[] scale = new float[300];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(offset[i])) {
                offset[i] = -0f;
            }
            scale[i] = (float) r.nextGaussian();
        }
        offset[0] = Float.MIN_VALUE;
        offset[3] = -0f;
        scale[4] = Float.MIN_NORMAL / 3;
        offset[1] = -Float.MAX_VALUE;
        scale[2] = 0.1f;
        Normalization n = Normalization.of(Normalization.Kind.STANDARD, offset, scale);
        Normalization back = Normalization.fromJson(n.toJson());
        assertEquals(Normalization.Kind.STANDARD, back.kind());
        for (int i = 0; i < offset.length; i++) {
            assertEquals(Float.floatToRawIntBits(offset[i]), Float.floatToRawIntBits(back.offset()[i]), "offset " + i);
            assertEquals(Float.floatToRawIntBits(scale[i]), Float.floatToRawIntBits(back.scale()[i]), "scale " + i);
        }
    }

    @Test
    void fromJsonRejectsMalformedInput() {
        String[][] cases = {
                {"{", "not valid JSON"},
                {"[1]", "must be a JSON object"},
                {"{\"kind\":\"min-max\",\"offset\":[1],\"scale\":[1]} x", "not valid JSON"},
                {"{\"kind\":\"zscore\",\"offset\":[1],\"scale\":[1]}", "unknown normalization 'zscore'"},
                {"{\"kind\":\"none\",\"offset\":[1,2],\"scale\":[1]}", "offset has 2 values but scale has 1"},
                {"{\"kind\":\"none\",\"offset\":[\"a\"],\"scale\":[1]}", "offset[0] is not a number"},
                {"{\"kind\":\"none\",\"offset\":[1e39],\"scale\":[1]}", "both must be finite"},
                {"{\"kind\":\"none\",\"offset\":[1]}", "needs the fields kind, offset and scale"},
                {"{\"kind\":\"none\",\"offset\":[1],\"scale\":[1],\"bias\":2}", "unknown field 'bias'"},
                {"{\"kind\":\"none\",\"offset\":[1],\"offset\":[1],\"scale\":[1]}", "not valid JSON"},
                {"{\"kind\":\"none\",\"offset\":[1],\"scale\":[1],\"input_scale\":0}", "finite and > 0"},
                {"{\"kind\":\"none\",\"offset\":[1],\"scale\":[1],\"input_scale\":\"x\"}", "must be a number"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Normalization.fromJson(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void inputScaleMapsValuesInTheFilesUnitsToTheFittedOnes() {
        // Bytes as an IDX loader keeps them (u * 1/255), and the same pixels as raw floats 0..255.
        Random r = new Random(4);
        byte[] pixels = new byte[40 * 3];
        r.nextBytes(pixels);
        float[] raw = new float[pixels.length];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = pixels[k] & 0xFF;
        }
        int[] labels = new int[40];
        Dataset loaded = Dataset.ofUnsignedBytes(pixels, IdxReader.PIXEL_STEP, labels, 3, 2);
        Dataset file = Dataset.of(raw, labels, 3, 2);
        for (Normalization.Kind kind : Normalization.Kind.values()) {
            Normalization fitted = Normalization.fit(kind, loaded);
            assertEquals(1f, fitted.inputScale());
            Normalization stored = fitted.withInputScale(IdxReader.PIXEL_STEP);
            Dataset fromLoaded = fitted.apply(loaded);
            Dataset fromFile = stored.apply(file);
            float[] block = new float[3 * 40];
            for (int i = 0; i < 40; i++) {
                for (int f = 0; f < 3; f++) {
                    block[f * 40 + i] = raw[3 * i + f];
                }
            }
            stored.apply(block, 0, 40);
            for (int i = 0; i < 40; i++) {
                for (int f = 0; f < 3; f++) {
                    // u * step is what the loader computed, so the values agree bit for bit.
                    assertEquals(fromLoaded.feature(i, f), fromFile.feature(i, f), 0, kind + " sample " + i);
                    assertEquals(fromLoaded.feature(i, f), block[f * 40 + i], 0, kind + " batch sample " + i);
                }
            }
            // An input scale of 1 is the fitted transform itself, and an identity with a scale is no identity.
            assertEquals(kind == Normalization.Kind.NONE, fitted.withInputScale(1f).apply(loaded) == loaded);
            assertTrue(Normalization.identity(3).withInputScale(2f).apply(file) != file);
        }
        Normalization back = Normalization.fromJson(Normalization.fit(Normalization.Kind.STANDARD, loaded)
                .withInputScale(IdxReader.PIXEL_STEP).toJson());
        assertEquals(Float.floatToRawIntBits(IdxReader.PIXEL_STEP), Float.floatToRawIntBits(back.inputScale()));
        assertEquals(1f, Normalization.fromJson("{\"kind\":\"none\",\"offset\":[0],\"scale\":[1]}").inputScale(),
                "files without input_scale keep their meaning");
        for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Normalization.identity(3).withInputScale(bad));
        }
    }

    @Test
    void splitsNormalizeWithTrainingStatistics() {
        DataSplits s = DataSplits.random(data(100, 7, 0), 0.2, 0.2, 11);
        Normalization n = s.fitNormalization(Normalization.Kind.MIN_MAX);
        assertArrayEquals(Normalization.fit(Normalization.Kind.MIN_MAX, s.train()).offset(), n.offset());
        DataSplits t = s.normalize(n);
        assertEquals(n.apply(s.validation()).feature(3, 0), t.validation().feature(3, 0));
        assertEquals(s.test().size(), t.test().size());
    }
}
