package io.github.simdnn.tensor;

import java.util.Objects;

/** Argument checks shared by the public entry points; every message names the values it rejects. */
final class Checks {

    private Checks() {
    }

    /** A rows×cols row-major matrix at {@code offset} with leading dimension {@code ld} must fit in {@code x}. */
    static void matrix(String name, float[] x, int offset, int ld, int rows, int cols) {
        Objects.requireNonNull(x, name);
        matrix(name, x.length, offset, ld, rows, cols);
    }

    /** {@link #matrix(String, float[], int, int, int, int)} for a byte array. */
    static void matrix(String name, byte[] x, int offset, int ld, int rows, int cols) {
        Objects.requireNonNull(x, name);
        matrix(name, x.length, offset, ld, rows, cols);
    }

    private static void matrix(String name, int length, int offset, int ld, int rows, int cols) {
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0 but was " + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= max(1, " + cols
                    + ") (its stored width) but was " + ld);
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (offset + needed > length) {
            throw new IllegalArgumentException(name + " is " + rows + "x" + cols + " with leading dimension " + ld
                    + " at offset " + offset + ", which needs " + (offset + needed) + " elements, but its array has "
                    + length);
        }
    }

    /** {@code n} consecutive elements from {@code offset} must fit in {@code x}. */
    static void range(String name, float[] x, int offset, int n) {
        Objects.requireNonNull(x, name);
        if (n < 0) {
            throw new IllegalArgumentException("length of " + name + " must be >= 0 but was " + n);
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0 but was " + offset);
        }
        if ((long) offset + n > x.length) {
            throw new IllegalArgumentException(name + " needs " + n + " elements from offset " + offset
                    + " but its array has " + x.length);
        }
    }

    /**
     * An output range that shares elements with an input range must be that very range (in place): an output
     * starting elsewhere inside the input would overwrite elements before they are read, and the vector kernels and
     * the thread split read them in another order than a scalar loop, so the result would depend on both. Both
     * ranges were checked to fit.
     */
    static void inPlaceOrDisjoint(String inName, float[] in, int inOff, int inLen, String outName, float[] out,
                                  int outOff, int outLen) {
        if (in == out && overlap(inOff, inLen, outOff, outLen) && (inOff != outOff || inLen != outLen)) {
            throw new IllegalArgumentException(outName + " [" + outOff + ", " + ((long) outOff + outLen) + ") and "
                    + inName + " [" + inOff + ", " + ((long) inOff + inLen) + ") are overlapping ranges of one array;"
                    + " use the same range (in place) or separate ones");
        }
    }

    /** An output range that must not share any element with an input range (both checked to fit). */
    static void disjoint(String inName, float[] in, int inOff, int inLen, String outName, float[] out, int outOff,
                         int outLen) {
        if (in == out && overlap(inOff, inLen, outOff, outLen)) {
            throw new IllegalArgumentException(outName + " [" + outOff + ", " + ((long) outOff + outLen) + ") and "
                    + inName + " [" + inOff + ", " + ((long) inOff + inLen) + ") overlap; " + outName
                    + " must not share elements with " + inName);
        }
    }

    private static boolean overlap(int aOff, int aLen, int bOff, int bLen) {
        return aLen > 0 && bLen > 0 && (long) aOff < (long) bOff + bLen && (long) bOff < (long) aOff + aLen;
    }

    /** A compact rows×cols matrix (leading dimension cols) at {@code offset}. */
    static void compact(String name, float[] x, int offset, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + " sizes must be >= 0 but were " + rows + "x" + cols);
        }
        Objects.requireNonNull(x, name);
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0 but was " + offset);
        }
        long needed = (long) rows * cols;
        if (offset + needed > x.length) {
            throw new IllegalArgumentException(name + " is " + rows + "x" + cols + " at offset " + offset
                    + ", which needs " + (offset + needed) + " elements, but its array has " + x.length);
        }
    }
}
