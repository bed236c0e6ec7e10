package io.github.simdnn.training.data;

import io.github.simdnn.tensor.Ops;
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
 * transpose, done by {@link Ops#gatherTransposed} in 16×16 register tiles. They allocate nothing, so a training loop
 * can reuse one buffer for every batch.
 */
public final class Dataset {

    private final float[] samples;
    private final int[] labels;
    private final int size;
    private final int featureCount;
    private final List<String> classNames;

    private Dataset(float[] samples, int[] labels, int featureCount, List<String> classNames) {
        this.samples = samples;
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

    /** Validates and takes ownership of the arrays (no copy); for loaders in this package. */
    static Dataset create(float[] samples, int[] labels, int featureCount, List<String> classNames) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classNames, "classNames");
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1 but was " + featureCount);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classCount must be >= 1 but was 0");
        }
        if ((long) labels.length * featureCount != samples.length) {
            throw new IllegalArgumentException("samples has " + samples.length + " values but " + labels.length
                    + " labels x " + featureCount + " features need " + (long) labels.length * featureCount);
        }
        int classCount = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label of sample " + i + " is " + labels[i]
                        + ", outside 0.." + (classCount - 1));
            }
        }
        for (int k = 0; k < samples.length; k++) {
            if (!Float.isFinite(samples[k])) {
                throw new IllegalArgumentException("feature " + (k % featureCount) + " of sample " + (k / featureCount)
                        + " is " + samples[k] + "; features must be finite");
            }
        }
        List<String> names = List.copyOf(classNames);
        return new Dataset(samples, labels, featureCount, names);
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
        return samples[sample * featureCount + feature];
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
        Objects.requireNonNull(indices, "indices");
        checkRange("indices", indices.length, from, count);
        checkTargets(count, x, xOff, y, yOff);
        for (int b = 0; b < count; b++) {
            int sample = indices[from + b];
            if (sample < 0 || sample >= size) {
                throw new IllegalArgumentException("indices[" + (from + b) + "] is " + sample
                        + " but the data set has " + size + " samples");
            }
        }
        Ops.gatherTransposed(count, featureCount, samples, 0, featureCount, size, indices, from, x, xOff, count);
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
        checkRange("samples", size, start, count);
        checkTargets(count, x, xOff, y, yOff);
        Ops.transpose(count, featureCount, samples, start * featureCount, featureCount, x, xOff, count);
        System.arraycopy(labels, start, y, yOff, count);
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
        float[] x = new float[Math.multiplyExact(indices.length, featureCount)];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int sample = indices[i];
            if (sample < 0 || sample >= size) {
                throw new IllegalArgumentException("indices[" + i + "] is " + sample
                        + " but the data set has " + size + " samples");
            }
            System.arraycopy(samples, sample * featureCount, x, i * featureCount, featureCount);
            y[i] = labels[sample];
        }
        return new Dataset(x, y, featureCount, classNames);
    }

    /** A copy of the features, sample-major; for transformations in this package. */
    float[] samplesCopy() {
        return samples.clone();
    }

    /** The same labels and classes with other features (already validated by the caller's construction). */
    Dataset withSamples(float[] newSamples) {
        assert newSamples.length == samples.length;
        return create(newSamples, labels, featureCount, classNames);
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " samples, " + featureCount + " features, " + classCount() + " classes "
                + Arrays.toString(classCounts()) + "]";
    }
}
