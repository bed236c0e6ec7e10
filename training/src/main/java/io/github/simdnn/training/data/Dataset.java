package io.github.simdnn.training.data;

import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable in-memory classification data set: {@link #size()} samples, each with {@link #featureCount()} finite
 * float features and one integer label in {@code [0, classCount)}.
 *
 * <p>Storage is sample-major (sample {@code i}'s features are contiguous). Training code works on mini-batches laid
 * out the simdnn way, one sample per column: {@link #copyBatch} and {@link #copyRange} copy the chosen samples into a
 * caller-owned compact {@code featureCount x count} row-major block, where feature {@code f} of the {@code b}-th
 * sample of the batch lands at {@code x[xOff + f * count + b]}, and the labels into {@code y[yOff + b]}. That is a
 * transpose, done by {@link Ops#gatherTransposed} in 16×16 (AVX-512) or 8×8 (AVX2) register tiles. They allocate
 * nothing, so a training loop can reuse one buffer for every batch.
 *
 * <p>8-bit data (MNIST's pixels, {@link #ofUnsignedBytes}) stays as bytes, a quarter of the memory of floats:
 * feature {@code f} of a sample is {@code (u·step − offset[f])·scale[f]} for its byte {@code u} (0..255), with
 * {@code offset} 0 and {@code scale} 1 until a {@link Normalization} is applied: the first one only sets them (a
 * second cannot be folded into them exactly and gives a float data set with the same values). Each
 * operation is rounded to float in that order, by {@link #feature} and by the batch copies alike
 * ({@link Ops#gatherTransposedU8}), so the values equal those of a float data set built from {@code u·step} and
 * normalized the same way. A batch copy then reads a quarter of the bytes from memory.
 */
public final class Dataset {

    /** Float features, sample-major; null when the features are {@link #bytes}. */
    private final float[] samples;
    /** Unsigned 8-bit features, sample-major, and their map to floats; null for float features. */
    private final Bytes bytes;
    private final int[] labels;
    private final int size;
    private final int featureCount;
    private final List<String> classNames;

    /**
     * Byte features and their map: feature f of a byte u is {@code (u·step − offset[f])·scale[f]}. The arrays are
     * never modified, so data sets made from one another share them.
     */
    private record Bytes(byte[] values, float step, float[] offset, float[] scale) {

        float value(int u, int f) {
            return (u * step - offset[f]) * scale[f];
        }

        boolean identityMap() {
            return isIdentityMap(offset, scale);
        }
    }

    /**
     * Whether {@code (x − offset[f])·scale[f] = x} for every float x, -0 included: every offset +0 (not -0, as
     * -0 − (-0) is +0) and every scale 1.
     */
    static boolean isIdentityMap(float[] offset, float[] scale) {
        for (int f = 0; f < offset.length; f++) {
            if (Float.floatToRawIntBits(offset[f]) != 0 || scale[f] != 1f) {
                return false;
            }
        }
        return true;
    }

    private Dataset(float[] samples, Bytes bytes, int[] labels, int featureCount, List<String> classNames) {
        assert (samples == null) != (bytes == null);
        this.samples = samples;
        this.bytes = bytes;
        this.labels = labels;
        this.size = labels.length;
        this.featureCount = featureCount;
        this.classNames = classNames;
    }

    /**
     * A data set from copies of the given arrays, with classes named {@code "0"} to {@code classCount-1}.
     *
     * @param samples      {@code labels.length * featureCount} finite values, sample-major: feature {@code f} of
     *                     sample {@code i} at {@code samples[i * featureCount + f]}; copied
     * @param labels       one label per sample, each in {@code [0, classCount)}; copied
     * @param featureCount features per sample, at least 1
     * @param classCount   number of classes, at least 1
     * @throws IllegalArgumentException if the sizes disagree, a label is out of range or a value is not finite
     */
    public static Dataset of(float[] samples, int[] labels, int featureCount, int classCount) {
        return of(samples, labels, featureCount, defaultClassNames(classCount));
    }

    /**
     * A data set from copies of the given arrays with named classes; class {@code k} is {@code classNames.get(k)}.
     *
     * @see #of(float[], int[], int, int)
     */
    public static Dataset of(float[] samples, int[] labels, int featureCount, List<String> classNames) {
        return create(samples.clone(), labels.clone(), featureCount, classNames);
    }

    /**
     * A data set of 8-bit features kept as bytes (see the class description), with classes named {@code "0"} to
     * {@code classCount-1}: feature {@code f} of sample {@code i} is {@code u·step} for
     * {@code u = samples[i * featureCount + f] & 0xFF}.
     *
     * @param samples      {@code labels.length * featureCount} unsigned bytes, sample-major; copied
     * @param step         the value of one unit, for example {@code 1f / 255} to map pixels to [0, 1]; finite,
     *                     and {@code 255·step} finite
     * @param labels       one label per sample, each in {@code [0, classCount)}; copied
     * @param featureCount features per sample, at least 1
     * @param classCount   number of classes, at least 1
     * @throws IllegalArgumentException if the sizes disagree, a label is out of range, or {@code step} maps a byte
     *                                  value (0 to 255, whether it occurs or not) to a float that is not finite
     */
    public static Dataset ofUnsignedBytes(byte[] samples, float step, int[] labels, int featureCount,
                                          int classCount) {
        return ofUnsignedBytes(samples, step, labels, featureCount, defaultClassNames(classCount));
    }

    /**
     * {@link #ofUnsignedBytes(byte[], float, int[], int, int)} with named classes; class {@code k} is
     * {@code classNames.get(k)}.
     */
    public static Dataset ofUnsignedBytes(byte[] samples, float step, int[] labels, int featureCount,
                                          List<String> classNames) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(labels, "labels");
        return createBytes(samples.clone(), step, labels.clone(), featureCount, classNames);
    }

    /** Validates and takes ownership of the arrays (no copy); for loaders in this package. */
    static Dataset create(float[] samples, int[] labels, int featureCount, List<String> classNames) {
        Objects.requireNonNull(samples, "samples");
        List<String> names = checkCommon(samples.length, labels, featureCount, classNames);
        for (int k = 0; k < samples.length; k++) {
            if (!Float.isFinite(samples[k])) {
                throw new IllegalArgumentException("feature " + (k % featureCount) + " of sample " + (k / featureCount)
                        + " is " + samples[k] + "; features must be finite");
            }
        }
        return new Dataset(samples, null, labels, featureCount, names);
    }

    /** {@link #create} for byte features with the identity map (offset 0, scale 1); takes ownership. */
    static Dataset createBytes(byte[] values, float step, int[] labels, int featureCount, List<String> classNames) {
        Objects.requireNonNull(values, "samples");
        List<String> names = checkCommon(values.length, labels, featureCount, classNames);
        if (!Float.isFinite(255 * step)) {
            throw new IllegalArgumentException("step " + step + " maps byte 255 to " + 255 * step
                    + "; features must be finite");
        }
        float[] offset = new float[featureCount];
        float[] scale = new float[featureCount];
        Arrays.fill(scale, 1f);
        Bytes bytes = new Bytes(values, step, offset, scale);
        checkByteMap(bytes);
        return new Dataset(null, bytes, labels, featureCount, names);
    }

    /** Checks what float and byte data sets share; returns the class names as an immutable list. */
    private static List<String> checkCommon(int values, int[] labels, int featureCount, List<String> classNames) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classNames, "classNames");
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1 but was " + featureCount);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classCount must be >= 1 but was 0");
        }
        if ((long) labels.length * featureCount != values) {
            throw new IllegalArgumentException("samples has " + values + " values but " + labels.length
                    + " labels x " + featureCount + " features need " + (long) labels.length * featureCount);
        }
        int classCount = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label of sample " + i + " is " + labels[i]
                        + ", outside 0.." + (classCount - 1));
            }
        }
        return List.copyOf(classNames);
    }

    /**
     * Every byte of every feature must map to a finite float. Each of the three rounded operations is monotonic in
     * u, so the map's values lie between those of u = 0 and u = 255: checking those two covers all 256.
     */
    private static void checkByteMap(Bytes bytes) {
        for (int f = 0; f < bytes.offset.length; f++) {
            float low = bytes.value(0, f);
            float high = bytes.value(255, f);
            if (!Float.isFinite(low) || !Float.isFinite(high)) {
                throw new IllegalArgumentException("feature " + f + " maps bytes 0 and 255 to " + low + " and " + high
                        + " (step " + bytes.step + ", offset " + bytes.offset[f] + ", scale " + bytes.scale[f]
                        + "); features must be finite");
            }
        }
    }

    static List<String> defaultClassNames(int classCount) {
        if (classCount < 1) {
            throw new IllegalArgumentException("classCount must be >= 1 but was " + classCount);
        }
        List<String> names = new ArrayList<>(classCount);
        for (int k = 0; k < classCount; k++) {
            names.add(Integer.toString(k));
        }
        return Collections.unmodifiableList(names);
    }

    /** @return the number of samples */
    public int size() {
        return size;
    }

    /** @return the number of features of every sample */
    public int featureCount() {
        return featureCount;
    }

    /** @return the number of classes; labels are in {@code [0, classCount)} */
    public int classCount() {
        return classNames.size();
    }

    /** @return the class names, index = label (from a CSV header, else {@code "0", "1", ...}) */
    public List<String> classNames() {
        return classNames;
    }

    /** @return the label of sample {@code sample} */
    public int label(int sample) {
        Objects.checkIndex(sample, size);
        return labels[sample];
    }

    /** @return feature {@code feature} of sample {@code sample} */
    public float feature(int sample, int feature) {
        Objects.checkIndex(sample, size);
        Objects.checkIndex(feature, featureCount);
        int k = sample * featureCount + feature;
        return bytes == null ? samples[k] : bytes.value(bytes.values[k] & 0xFF, feature);
    }

    /** @return whether the features are kept as unsigned bytes ({@link #ofUnsignedBytes}, IDX files) */
    public boolean isUnsignedBytes() {
        return bytes != null;
    }

    /** @return how many samples each class has, index = label */
    public int[] classCounts() {
        int[] counts = new int[classCount()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Copies the samples {@code indices[from .. from+count)} into a compact {@code featureCount x count} block, one
     * sample per column: {@code x[xOff + f * count + b] = feature(indices[from + b], f)} and
     * {@code y[yOff + b] = label(indices[from + b])}. Modifies only those parts of {@code x} and {@code y}, and
     * nothing if an argument is rejected.
     *
     * @throws IllegalArgumentException if a range does not fit its array or an index is not a sample
     */
    public void copyBatch(int[] indices, int from, int count, float[] x, int xOff, int[] y, int yOff) {
        copyBatch(Parallelism.SEQUENTIAL, indices, from, count, x, xOff, y, yOff);
    }

    /**
     * {@link #copyBatch(int[], int, int, float[], int, int[], int)} with the features split between the threads of
     * {@code parallelism} ({@link Ops#gatherTransposed(Parallelism, int, int, float[], int, int, int, int[], int,
     * float[], int, int)}): the same values, on the training step's threads.
     */
    public void copyBatch(Parallelism parallelism, int[] indices, int from, int count, float[] x, int xOff, int[] y,
                          int yOff) {
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(indices, "indices");
        checkRange("indices", indices.length, from, count);
        checkTargets(count, x, xOff, y, yOff);
        if (count == 0) {
            return;
        }
        checkIndices(indices, from, count);
        if (bytes == null) {
            Ops.gatherTransposed(parallelism, count, featureCount, samples, 0, featureCount, size, indices, from, x,
                    xOff, count);
        } else {
            Ops.gatherTransposedU8(parallelism, count, featureCount, bytes.values, 0, featureCount, size, indices,
                    from, bytes.step, bytes.offset, bytes.scale, x, xOff, count);
        }
        for (int b = 0; b < count; b++) {
            y[yOff + b] = labels[indices[from + b]];
        }
    }

    /**
     * Copies the consecutive samples {@code start .. start+count)} like {@link #copyBatch}, in order; for evaluation.
     *
     * @throws IllegalArgumentException if a range does not fit its array or the samples do not exist
     */
    public void copyRange(int start, int count, float[] x, int xOff, int[] y, int yOff) {
        copyRange(Parallelism.SEQUENTIAL, start, count, x, xOff, y, yOff);
    }

    /**
     * {@link #copyRange(int, int, float[], int, int[], int)} with the features split between the threads of
     * {@code parallelism}, as {@link #copyBatch(Parallelism, int[], int, int, float[], int, int[], int)}.
     */
    public void copyRange(Parallelism parallelism, int start, int count, float[] x, int xOff, int[] y, int yOff) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkRange("samples", size, start, count);
        checkTargets(count, x, xOff, y, yOff);
        if (count == 0) {
            return;
        }
        if (bytes == null) {
            Ops.transpose(parallelism, count, featureCount, samples, start * featureCount, featureCount, x, xOff,
                    count);
        } else {
            Ops.transposeU8(parallelism, count, featureCount, bytes.values, start * featureCount, featureCount,
                    bytes.step, bytes.offset, bytes.scale, x, xOff, count);
        }
        System.arraycopy(labels, start, y, yOff, count);
    }

    /**
     * {@link #copyBatch(Parallelism, int[], int, int, float[], int, int[], int)} into the two panel matrices of a
     * dense first layer ({@code Network.inputPanels()}): {@code columns} gets X (featureCount×count, one sample per
     * column) and {@code rows} Xᵀ, from one read of each sample ({@link Ops#gatherPanels},
     * {@link Ops#gatherPanelsU8}); the same values as the column copy. The labels go to {@code y[yOff + b]}.
     * Allocates nothing.
     *
     * @throws IllegalArgumentException if a range does not fit, an index is not a sample, or a panel matrix is too
     *                                  small for the batch
     */
    public void copyBatch(Parallelism parallelism, int[] indices, int from, int count, PanelMatrix columns,
                          PanelMatrix rows, int[] y, int yOff) {
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(y, "y");
        checkRange("indices", indices.length, from, count);
        checkRange("y", y.length, yOff, count);
        checkIndices(indices, from, count);
        if (bytes == null) {
            Ops.gatherPanels(parallelism, count, featureCount, samples, 0, featureCount, size, indices,
                    from, columns, rows);
        } else {
            Ops.gatherPanelsU8(parallelism, count, featureCount, bytes.values, 0, featureCount, size,
                    indices, from, bytes.step, bytes.offset, bytes.scale, columns, rows);
        }
        for (int b = 0; b < count; b++) {
            y[yOff + b] = labels[indices[from + b]];
        }
    }

    private void checkIndices(int[] indices, int from, int count) {
        for (int b = 0; b < count; b++) {
            int sample = indices[from + b];
            if (sample < 0 || sample >= size) {
                throw new IllegalArgumentException("indices[" + (from + b) + "] is " + sample
                        + " but the data set has " + size + " samples");
            }
        }
    }

    private void checkTargets(int count, float[] x, int xOff, int[] y, int yOff) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        long needed = (long) featureCount * count;
        if (xOff < 0 || xOff + needed > x.length) {
            throw new IllegalArgumentException("x needs " + featureCount + "x" + count + " = " + needed
                    + " values from offset " + xOff + " but its array has " + x.length);
        }
        checkRange("y", y.length, yOff, count);
    }

    private static void checkRange(String name, int length, int from, int count) {
        if (count < 0 || from < 0 || (long) from + count > length) {
            throw new IllegalArgumentException(name + " range [" + from + ", " + ((long) from + count)
                    + ") does not fit in length " + length);
        }
    }

    /**
     * A new data set of the samples {@code indices} in that order (repeats allowed), with the same classes.
     *
     * @throws IllegalArgumentException if an index is not a sample
     */
    public Dataset subset(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        int values = Math.multiplyExact(indices.length, featureCount);
        Object from = bytes == null ? samples : bytes.values;
        Object to = bytes == null ? new float[values] : new byte[values];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int sample = indices[i];
            if (sample < 0 || sample >= size) {
                throw new IllegalArgumentException("indices[" + i + "] is " + sample
                        + " but the data set has " + size + " samples");
            }
            System.arraycopy(from, sample * featureCount, to, i * featureCount, featureCount);
            y[i] = labels[sample];
        }
        Bytes subsetBytes = bytes == null ? null
                : new Bytes((byte[]) to, bytes.step, bytes.offset, bytes.scale);
        return new Dataset(bytes == null ? (float[]) to : null, subsetBytes, y, featureCount, classNames);
    }

    /** The features as floats, sample-major, in a new array; for transformations in this package. */
    float[] samplesCopy() {
        if (bytes == null) {
            return samples.clone();
        }
        float[] x = new float[bytes.values.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = bytes.value(bytes.values[k] & 0xFF, k % featureCount);
        }
        return x;
    }

    /**
     * The same byte features with the map {@code (u·step − offset[f])·scale[f]}, sharing the bytes; or null when
     * the features are floats or already have a map other than the identity (the caller then transforms
     * {@link #samplesCopy()}, with the same values).
     *
     * @throws IllegalArgumentException if a byte would map to a value that is not finite
     */
    Dataset withByteMap(float[] offset, float[] scale) {
        assert offset.length == featureCount && scale.length == featureCount;
        if (bytes == null || !bytes.identityMap()) {
            return null;
        }
        Bytes mapped = new Bytes(bytes.values, bytes.step, offset.clone(), scale.clone());
        checkByteMap(mapped);
        return new Dataset(null, mapped, labels, featureCount, classNames);
    }

    /** The same labels and classes with other features (already validated by the caller's construction). */
    Dataset withSamples(float[] newSamples) {
        assert newSamples.length == (long) size * featureCount;
        return create(newSamples, labels, featureCount, classNames);
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " samples, " + featureCount + " features, " + classCount() + " classes "
                + Arrays.toString(classCounts()) + "]";
    }
}
