package io.github.simdnn.training.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A per-feature affine transform {@code x'[f] = (x[f]·inputScale - offset[f]) * scale[f]}, fitted on the training
 * split and applied unchanged to validation, test and prediction inputs.
 *
 * <ul>
 *   <li>{@link Kind#MIN_MAX}: {@code offset = min}, {@code scale = 1 / (max - min)}, so training values map to
 *       [0, 1].</li>
 *   <li>{@link Kind#STANDARD}: {@code offset = mean}, {@code scale = 1 / std} (population standard deviation), so
 *       training values get mean 0 and variance 1.</li>
 *   <li>{@link Kind#NONE}: {@code offset = 0}, {@code scale = 1}.</li>
 * </ul>
 * A constant feature ({@code max == min} or {@code std == 0}, or a spread so small that its reciprocal is not a
 * finite float) gets {@code scale = 1}, so it maps to 0 on the training set instead of NaN. Statistics are
 * accumulated in double.
 *
 * <p>{@code inputScale} is 1 for a fitted normalization: it applies to the values it was fitted on. A loader may
 * have scaled a file's values already (MNIST's pixels by 1/255, the digits by 1/16: {@link DataSpec#inputScale()});
 * {@link #withInputScale} then gives the transform for the file's own values, which is what a model file stores, so
 * that features read from such a file, or from a CSV file in the same units, get the values the network was
 * trained on. The multiplication is skipped when {@code inputScale} is 1, so values are bit for bit those of
 * {@code (x[f] - offset[f]) * scale[f]}. {@link #toJson()} and {@link #fromJson(String)} store it (for example in a model file)
 * and restore the exact float values.
 */
public final class Normalization {

    /** The statistics a normalization is fitted with. */
    public enum Kind {
        /** No change: offset 0, scale 1. */
        NONE("none"),
        /** Maps the training range of each feature to [0, 1]. */
        MIN_MAX("min-max"),
        /** Standardises each feature to mean 0, variance 1 on the training set. */
        STANDARD("standard");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** @return the name used in files and on the command line: {@code none}, {@code min-max}, {@code standard} */
        public String id() {
            return id;
        }

        /**
         * @return the kind whose {@link #id()} is {@code id}
         * @throws IllegalArgumentException for an unknown id
         */
        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown normalization '" + id + "'; expected one of none, min-max, "
                    + "standard");
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Kind kind;
    private final float[] offset;
    private final float[] scale;
    private final float inputScale;

    private Normalization(Kind kind, float[] offset, float[] scale, float inputScale) {
        this.kind = kind;
        this.offset = offset;
        this.scale = scale;
        this.inputScale = inputScale;
    }

    /**
     * A normalization from stored values (copied).
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty or hold a non-finite value
     */
    public static Normalization of(Kind kind, float[] offset, float[] scale) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(scale, "scale");
        if (offset.length != scale.length) {
            throw new IllegalArgumentException("offset has " + offset.length + " values but scale has "
                    + scale.length);
        }
        if (offset.length == 0) {
            throw new IllegalArgumentException("a normalization needs at least one feature");
        }
        for (int f = 0; f < offset.length; f++) {
            if (!Float.isFinite(offset[f]) || !Float.isFinite(scale[f])) {
                throw new IllegalArgumentException("feature " + f + " has offset " + offset[f] + " and scale "
                        + scale[f] + "; both must be finite");
            }
        }
        return new Normalization(kind, offset.clone(), scale.clone(), 1f);
    }

    /**
     * The same transform for inputs in other units: {@code (x·inputScale - offset[f]) * scale[f]}. Pass the factor
     * that turns such an input into the values this normalization applies to (for one fitted on MNIST as loaded,
     * {@code 1f / 255} for raw pixel values). It replaces this normalization's own input scale.
     *
     * @throws IllegalArgumentException if {@code inputScale} is not finite and positive
     */
    public Normalization withInputScale(float inputScale) {
        if (!(inputScale > 0 && Float.isFinite(inputScale))) {
            throw new IllegalArgumentException("inputScale must be finite and > 0 but was " + inputScale);
        }
        return new Normalization(kind, offset, scale, inputScale);
    }

    /** @return the factor each input is multiplied by before the offset is subtracted (1 unless set) */
    public float inputScale() {
        return inputScale;
    }

    /** @return the transform that leaves {@code featureCount} features unchanged */
    public static Normalization identity(int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1 but was " + featureCount);
        }
        float[] scale = new float[featureCount];
        Arrays.fill(scale, 1f);
        return new Normalization(Kind.NONE, new float[featureCount], scale, 1f);
    }

    /**
     * Fits a normalization on {@code train}; pass only the training split.
     *
     * @throws IllegalArgumentException if {@code train} is empty
     */
    public static Normalization fit(Kind kind, Dataset train) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(train, "train");
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit a normalization on an empty data set");
        }
        int features = train.featureCount();
        float[] offset = new float[features];
        float[] scale = new float[features];
        for (int f = 0; f < features; f++) {
            double shift;
            double spread;
            switch (kind) {
                case NONE -> {
                    shift = 0;
                    spread = 1;
                }
                case MIN_MAX -> {
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < train.size(); i++) {
                        double v = train.feature(i, f);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    shift = min;
                    spread = max - min;
                }
                case STANDARD -> {
                    double sum = 0;
                    for (int i = 0; i < train.size(); i++) {
                        sum += train.feature(i, f);
                    }
                    double mean = sum / train.size();
                    double squares = 0;
                    for (int i = 0; i < train.size(); i++) {
                        double d = train.feature(i, f) - mean;
                        squares += d * d;
                    }
                    shift = mean;
                    spread = Math.sqrt(squares / train.size());
                }
                default -> throw new AssertionError(kind);
            }
            offset[f] = (float) shift;
            float reciprocal = (float) (1.0 / spread);
            scale[f] = spread > 0 && Float.isFinite(reciprocal) ? reciprocal : 1f;
        }
        return new Normalization(kind, offset, scale, 1f);
    }

    /** @return the statistics this normalization was fitted with */
    public Kind kind() {
        return kind;
    }

    /** @return the number of features it transforms */
    public int featureCount() {
        return offset.length;
    }

    /** @return a copy of the per-feature offsets (subtracted first) */
    public float[] offset() {
        return offset.clone();
    }

    /** @return a copy of the per-feature scales (multiplied after subtracting the offset) */
    public float[] scale() {
        return scale.clone();
    }

    /**
     * @return a data set with every feature transformed; labels and classes unchanged. The identity returns
     *         {@code data} itself, and 8-bit data whose features are not yet mapped stays 8-bit (the transform is
     *         kept beside the bytes and applied as batches are copied, with the same values).
     * @throws IllegalArgumentException if the feature counts differ or a result is not finite; for 8-bit data
     *                                  kept as bytes, if any byte value (0 to 255, whether it occurs or not)
     *                                  would map to a float that is not finite
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        checkFeatures(data.featureCount());
        if (isIdentity()) {
            return data;
        }
        if (inputScale == 1f) {
            Dataset mapped = data.withByteMap(offset, scale);
            if (mapped != null) {
                return mapped;
            }
        }
        float[] x = data.samplesCopy();
        int features = offset.length;
        for (int k = 0; k < x.length; k++) {
            int f = k % features;
            x[k] = (scaled(x[k]) - offset[f]) * scale[f];
        }
        return data.withSamples(x);
    }

    /**
     * Transforms, in place, a compact {@code featureCount x batch} block laid out one sample per column (feature
     * {@code f} of sample {@code b} at {@code x[xOff + f * batch + b]}); modifies only that block.
     *
     * @throws IllegalArgumentException if the block does not fit in {@code x} or a result is not finite (the
     *                                  block may then be partly transformed)
     */
    public void apply(float[] x, int xOff, int batch) {
        Objects.requireNonNull(x, "x");
        int features = offset.length;
        long needed = (long) features * batch;
        if (batch < 0 || xOff < 0 || xOff + needed > x.length) {
            throw new IllegalArgumentException("x needs " + features + "x" + batch + " values from offset " + xOff
                    + " but its array has " + x.length);
        }
        for (int f = 0; f < features; f++) {
            float o = offset[f];
            float s = scale[f];
            int row = xOff + f * batch;
            boolean finite = true;
            for (int b = 0; b < batch; b++) {
                float v = (scaled(x[row + b]) - o) * s;
                x[row + b] = v;
                finite &= Float.isFinite(v);
            }
            if (!finite) {
                throw new IllegalArgumentException("feature " + f + " is not finite after normalization in "
                        + "some column of the batch (is the input finite?)");
            }
        }
    }

    private float scaled(float x) {
        return inputScale == 1f ? x : x * inputScale;
    }

    private boolean isIdentity() {
        return inputScale == 1f && Dataset.isIdentityMap(offset, scale);
    }

    private void checkFeatures(int features) {
        if (features != offset.length) {
            throw new IllegalArgumentException("data has " + features + " features but the normalization was fitted "
                    + "on " + offset.length);
        }
    }

    /**
     * @return a JSON object {@code {"kind": "min-max", "offset": [...], "scale": [...]}}, with
     *         {@code "input_scale": s} after the kind when it is not 1; each float is written as the shortest
     *         decimal that reads back as the same float
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kind.id());
        if (inputScale != 1f) {
            node.put("input_scale", inputScale);
        }
        ArrayNode o = node.putArray("offset");
        ArrayNode s = node.putArray("scale");
        for (int f = 0; f < offset.length; f++) {
            o.add(offset[f]);
            s.add(scale[f]);
        }
        return node.toString();
    }

    /**
     * Reads what {@link #toJson()} wrote. Numbers are parsed from their decimal text straight to float (one
     * rounding, sign of zero kept), so the values come back bit for bit.
     *
     * @throws IllegalArgumentException if {@code json} is not such an object (the message says what is wrong)
     */
    public static Normalization fromJson(String json) {
        Objects.requireNonNull(json, "json");
        String kind = null;
        float[] offset = null;
        float[] scale = null;
        float inputScale = 1f;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("normalization must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "kind" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new IllegalArgumentException("normalization \"kind\" must be a string");
                        }
                        kind = p.getText();
                    }
                    case "offset" -> offset = floats(p, field);
                    case "scale" -> scale = floats(p, field);
                    case "input_scale" -> {
                        if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("normalization \"input_scale\" must be a number");
                        }
                        inputScale = Float.parseFloat(p.getText());
                        if (!(inputScale > 0 && Float.isFinite(inputScale))) {
                            throw new IllegalArgumentException("normalization \"input_scale\" must be finite and > 0"
                                    + " but is " + p.getText());
                        }
                    }
                    default -> throw new IllegalArgumentException("normalization has an unknown field '" + field
                            + "'; expected kind, offset, scale, input_scale");
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("normalization has text after the JSON object");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("normalization is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (kind == null || offset == null || scale == null) {
            throw new IllegalArgumentException("normalization needs the fields kind, offset and scale");
        }
        return of(Kind.fromId(kind), offset, scale).withInputScale(inputScale);
    }

    private static float[] floats(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("normalization \"" + field + "\" must be an array of numbers");
        }
        float[] values = new float[16];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("normalization " + field + "[" + n + "] is not a number");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = Float.parseFloat(p.getText());
        }
        return Arrays.copyOf(values, n);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Normalization[%s, %d features%s]", kind.id(), offset.length,
                inputScale == 1f ? "" : ", input scale " + inputScale);
    }
}
