package io.github.simdnn.training.io;

import java.util.Arrays;
import java.util.Objects;

/** A {@link Tensor} over a range of a {@code float[]}. */
final class ArrayTensor implements Tensor {

    /** The largest number of elements a Java array can hold. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int size;

    ArrayTensor(float[] data, int offset, int[] shape, int size) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = size;
    }

    /**
     * @return the product of {@code shape}
     * @throws IllegalArgumentException if a size is negative or the product exceeds {@link #MAX_ELEMENTS}
     */
    static long elementCount(int[] shape) {
        Objects.requireNonNull(shape, "shape");
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
            }
            size *= d;
            if (size > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return size;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void copyTo(int from, float[] dst, int dstOff, int count) {
        Objects.checkFromIndexSize(from, count, size);
        System.arraycopy(data, offset + from, dst, dstOff, count);
    }

    @Override
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
