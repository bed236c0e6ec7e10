package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ScalarElementKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Column-wise kernels of a rows×cols row-major matrix holding one sample per column: softmax and argmax.
 * Columns are processed L at a time, one column per lane, walking down the rows (stride {@code cols}); a single
 * column is contiguous and is vectorized along its length instead. Partial blocks build their masks inside
 * the block method: a mask passed into a method the JIT does not inline is materialized as an object.
 */
final class VectorColumns {

    private static final VectorSpecies<Float> SPECIES = VectorElementKernels.SPECIES;
    private static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final int L = SPECIES.length();

    private VectorColumns() {
    }

    /**
     * {@code a[r][c] = e^(z[r][c] - m_c) / Σ_r' e^(z[r'][c] - m_c)}, {@code m_c = max_r z[r][c]}, in three steps:
     * per block of L columns, the lane-wise column maximum and {@code a = z - m}; one exp over the whole
     * matrix ({@link VectorMath#exp(int, float, float[], int, float[], int)}, so the polynomial exists once);
     * per block, the column sums and {@code a *= 1/sum}. Every step reads an element before writing it, so
     * {@code a == z} works.
     *
     * <p>The maximum is taken with compare-and-blend rather than Java's MAX (which costs extra instructions on
     * x86 for its NaN and -0 rules): a NaN is skipped by the maximum, but {@code NaN - m} reaches the column
     * sum, so a column holding NaN comes out all NaN, as in the scalar kernel; so does one holding +Inf.
     */
    static void softmaxColumns(int rows, int cols, float[] z, int zOff, float[] a, int aOff) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (cols == 1) {
            softmaxContiguous(rows, z, zOff, a, aOff);
            return;
        }
        int bound = SPECIES.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            subtractColumnMax(rows, cols, z, zOff + c, a, aOff + c);
        }
        if (c < cols) {
            subtractColumnMaxMasked(rows, cols, z, zOff + c, a, aOff + c, cols - c);
        }
        VectorMath.exp(rows * cols, 1f, a, aOff, a, aOff);
        for (c = 0; c < bound; c += L) {
            divideByColumnSum(rows, cols, a, aOff + c);
        }
        if (c < cols) {
            divideByColumnSumMasked(rows, cols, a, aOff + c, cols - c);
        }
    }

    /** {@code a = z - max_r z} for the L columns of a block; two accumulators halve the max's dependency chain. */
    private static void subtractColumnMax(int rows, int cols, float[] z, int zOff, float[] a, int aOff) {
        FloatVector max0 = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        FloatVector max1 = max0;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, z, zOff + r * cols);
            FloatVector v1 = FloatVector.fromArray(SPECIES, z, zOff + (r + 1) * cols);
            max0 = max0.blend(v0, v0.compare(VectorOperators.GT, max0));
            max1 = max1.blend(v1, v1.compare(VectorOperators.GT, max1));
        }
        if (r < rows) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, z, zOff + r * cols);
            max0 = max0.blend(v0, v0.compare(VectorOperators.GT, max0));
        }
        FloatVector max = max0.blend(max1, max1.compare(VectorOperators.GT, max0));
        for (r = 0; r < rows; r++) {
            FloatVector.fromArray(SPECIES, z, zOff + r * cols).sub(max).intoArray(a, aOff + r * cols);
        }
    }

    /** {@link #subtractColumnMax} for the last {@code width < L} columns. */
    private static void subtractColumnMaxMasked(int rows, int cols, float[] z, int zOff, float[] a, int aOff, int width) {
        VectorMask<Float> m = SPECIES.indexInRange(0, width);
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, zOff + r * cols, m);
            max = max.blend(v, v.compare(VectorOperators.GT, max));
        }
        for (int r = 0; r < rows; r++) {
            FloatVector.fromArray(SPECIES, z, zOff + r * cols, m).sub(max).intoArray(a, aOff + r * cols, m);
        }
    }

    /** {@code a *= 1 / Σ_r a} for the L columns of a block. */
    private static void divideByColumnSum(int rows, int cols, float[] a, int aOff) {
        FloatVector sum0 = FloatVector.zero(SPECIES);
        FloatVector sum1 = sum0;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            sum0 = sum0.add(FloatVector.fromArray(SPECIES, a, aOff + r * cols));
            sum1 = sum1.add(FloatVector.fromArray(SPECIES, a, aOff + (r + 1) * cols));
        }
        if (r < rows) {
            sum0 = sum0.add(FloatVector.fromArray(SPECIES, a, aOff + r * cols));
        }
        FloatVector inv = FloatVector.broadcast(SPECIES, 1f).div(sum0.add(sum1));
        for (r = 0; r < rows; r++) {
            FloatVector.fromArray(SPECIES, a, aOff + r * cols).mul(inv).intoArray(a, aOff + r * cols);
        }
    }

    /** {@link #divideByColumnSum} for the last {@code width < L} columns. */
    private static void divideByColumnSumMasked(int rows, int cols, float[] a, int aOff, int width) {
        VectorMask<Float> m = SPECIES.indexInRange(0, width);
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int r = 0; r < rows; r++) {
            sum = sum.add(FloatVector.fromArray(SPECIES, a, aOff + r * cols, m));
        }
        FloatVector inv = FloatVector.broadcast(SPECIES, 1f).div(sum);
        for (int r = 0; r < rows; r++) {
            FloatVector.fromArray(SPECIES, a, aOff + r * cols, m).mul(inv).intoArray(a, aOff + r * cols, m);
        }
    }

    /** Softmax of one contiguous column of {@code n >= 1} elements (a single sample): the same steps along it. */
    private static void softmaxContiguous(int n, float[] z, int zOff, float[] a, int aOff) {
        // The tail mask is made in each masked step, not carried from before a loop (see VectorElementKernels).
        int bound = SPECIES.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, zOff + i);
            vmax = vmax.blend(v, v.compare(VectorOperators.GT, vmax));
        }
        if (i < n) {
            VectorMask<Float> tail = SPECIES.indexInRange(bound, n);
            FloatVector v = FloatVector.fromArray(SPECIES, z, zOff + i, tail);
            vmax = vmax.blend(v, v.compare(VectorOperators.GT, vmax).and(tail));
        }
        // max and inv stay scalars, broadcast by the scalar forms of sub and mul: a broadcast held in a local and
        // used both in a loop and in the masked tail after it was materialized as a 48-byte array per call in some
        // compiles (see the class comment of VectorElementKernels).
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (i = 0; i < bound; i += L) {
            FloatVector.fromArray(SPECIES, z, zOff + i).sub(max).intoArray(a, aOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = SPECIES.indexInRange(bound, n);
            FloatVector.fromArray(SPECIES, z, zOff + i, tail).sub(max).intoArray(a, aOff + i, tail);
        }

        VectorMath.exp(n, 1f, a, aOff, a, aOff);

        float inv = 1f / VectorElementKernels.vectorSum(n, a, aOff);
        for (i = 0; i < bound; i += L) {
            FloatVector.fromArray(SPECIES, a, aOff + i).mul(inv).intoArray(a, aOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = SPECIES.indexInRange(bound, n);
            FloatVector.fromArray(SPECIES, a, aOff + i, tail).mul(inv).intoArray(a, aOff + i, tail);
        }
    }

    /**
     * Column argmax. Across columns (lane c holds column c): a running maximum and its row index per lane,
     * replaced where a row is strictly greater, which is exactly the scalar scan order; so a NaN below row 0 never
     * wins. A NaN in row 0 would never be replaced: blocks and columns with one go to the scalar scan, where a
     * number replaces it. One column is contiguous instead: a vector maximum that ignores NaN, then the first
     * position equal to it.
     */
    static void argmaxColumns(int rows, int cols, float[] z, int zOff, int[] out, int outOff) {
        assert rows > 0 || cols == 0 : "argmax of an empty column: " + rows + "x" + cols;
        if (cols == 1) {
            out[outOff] = argmaxContiguous(rows, z, zOff);
            return;
        }
        int bound = cols - cols % L;
        for (int c = 0; c < bound; c += L) {
            argmaxBlock(rows, cols, z, zOff + c, out, outOff + c);
        }
        // The last cols % L columns in the scalar scan, the same comparison as argmaxBlock's lanes: the masked
        // form (a partial indexInRange mask, cast to ints for the store) allocated 40 bytes per call in the steady
        // state in some compiles (KernelsAllocationTest).
        ScalarElementKernels.argmaxRange(rows, cols, z, zOff, out, outOff, bound, cols);
    }

    /** Argmax of the L columns starting at {@code zOff}. */
    private static void argmaxBlock(int rows, int cols, float[] z, int zOff, int[] out, int outOff) {
        FloatVector best = FloatVector.fromArray(SPECIES, z, zOff);
        if (best.test(VectorOperators.IS_NAN).anyTrue()) {
            ScalarElementKernels.argmaxRange(rows, cols, z, zOff, out, outOff, 0, L);
            return;
        }
        IntVector arg = IntVector.zero(INT_SPECIES);
        for (int r = 1; r < rows; r++) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, zOff + r * cols);
            VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
            best = best.blend(v, greater);
            arg = arg.blend(r, greater.cast(INT_SPECIES));
        }
        arg.intoArray(out, outOff);
    }

    private static int argmaxContiguous(int n, float[] z, int off) {
        float first = z[off];
        if (first != first) {
            return ScalarElementKernels.argmax(n, z, off, 1);  // a NaN in row 0: the scalar rule replaces it
        }
        int bound = SPECIES.loopBound(n);
        FloatVector best = FloatVector.broadcast(SPECIES, first);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, off + i);
            best = best.blend(v, v.compare(VectorOperators.GT, best));      // NaN compares false: skipped
        }
        if (i < n) {
            VectorMask<Float> tail = SPECIES.indexInRange(bound, n);    // made here, not carried (VectorElementKernels)
            FloatVector v = FloatVector.fromArray(SPECIES, z, off + i, tail);
            best = best.blend(v, v.compare(VectorOperators.GT, best).and(tail));
        }
        float max = best.reduceLanes(VectorOperators.MAX);
        for (i = 0; i < bound; i += L) {
            VectorMask<Float> eq = FloatVector.fromArray(SPECIES, z, off + i).compare(VectorOperators.EQ, max);
            if (eq.anyTrue()) {
                return i + eq.firstTrue();
            }
        }
        VectorMask<Float> tail = SPECIES.indexInRange(bound, n);
        VectorMask<Float> eq = FloatVector.fromArray(SPECIES, z, off + i, tail).compare(VectorOperators.EQ, max).and(tail);
        return i + eq.firstTrue();
    }
}
