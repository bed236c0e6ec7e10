package io.github.simdnn.training.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor: a shape and {@link #size()} values in row-major order (the last index varies fastest).
 * This is all {@link SafeTensorsFile} needs, so it does not depend on any layer or matrix class: {@link #of} and
 * {@link #view} wrap a {@code float[]} without copying, and other storage can implement {@link #copyTo}.
 */
public interface Tensor {

    /** @return a copy of the sizes of the dimensions; empty for a scalar */
    int[] shape();

    /** @return the number of values, the product of {@link #shape()} (1 for a scalar) */
    int size();

    /**
     * Copies the values {@code [from, from + count)} in row-major order to {@code dst[dstOff ..]}.
     *
     * @throws IndexOutOfBoundsException if a range is out of bounds
     */
    void copyTo(int from, float[] dst, int dstOff, int count);

    /** @return a new array holding all {@link #size()} values */
    default float[] toArray() {
        float[] values = new float[size()];
        copyTo(0, values, 0, values.length);
        return values;
    }

    /**
     * A tensor backed by all of {@code data} (no copy: later changes to {@code data} show through).
     *
     * @throws IllegalArgumentException if a size is negative or {@code data.length} is not their product
     */
    static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        long size = ArrayTensor.elementCount(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + size
                    + " elements but data has " + data.length);
        }
        return new ArrayTensor(data, 0, shape.clone(), (int) size);
    }

    /**
     * A tensor backed by {@code data[offset .. offset + product(shape))} (no copy).
     *
     * @throws IllegalArgumentException if a size is negative or the range does not fit in {@code data}
     */
    static Tensor view(float[] data, int offset, int... shape) {
        Objects.requireNonNull(data, "data");
        long size = ArrayTensor.elementCount(shape);
        if (offset < 0 || offset + size > data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " elements from offset " + offset + " but data has " + data.length);
        }
        return new ArrayTensor(data, offset, shape.clone(), (int) size);
    }
}
