package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ElementKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise and reduction kernels on the Vector API at the kernels' species width ({@link Width}: the preferred
 * one, 16 float lanes with AVX-512). Loops run whole vectors up to {@code SPECIES.loopBound(n)}; the arithmetic kernels here finish
 * with ONE masked vector for the remaining {@code n mod L} elements, so short inputs cost one vector step.
 * exp, sigmoid and tanh live in {@link VectorMath} (with scalar tails, for the reason given there), softmax and
 * argmax in {@link VectorColumns}.
 *
 * <p>Masked versus scalar tail, measured with JMH on AVX-512: for plain arithmetic it is a wash — add of 10
 * elements took 5.1 ns masked and 5.4 ns scalar, add of 17 (one leftover) 4.0 ns masked and 2.7 ns scalar, a
 * constant ~1.3 ns for the mask against ~0.3 ns per scalar element — so the masked step was kept for its
 * flat cost. For exp a masked step would be faster than a scalar tail, but a second inlined polynomial per
 * loop made C2 box vectors, so exp's tail runs a scalar twin of the polynomial instead (see {@link VectorMath}).
 *
 * <p>Reductions ({@link #sum}, {@link #dot}, {@link #rowSums}) keep four independent vector accumulators so the
 * adds of consecutive vectors do not wait on each other; their float rounding therefore differs from a
 * sequential scalar sum (both are within the usual {@code n·eps·Σ|x|} bound).
 *
 * <p>Element-wise kernels other than exp, sigmoid and tanh are bit-identical to
 * {@link io.github.simdnn.tensor.internal.ScalarElementKernels}, except {@link #axpy}, which uses a fused
 * multiply-add (one rounding instead of two). No method here passes a vector to, or returns one from, a
 * method of this package: if the JIT does not inline such a call, the vector is boxed on the heap.
 *
 * <p>Nor does a vector or mask made before a loop stay live into the masked tail after it (or into a branch
 * rarely taken): a constant there is broadcast again or passed as a scalar to {@code mul(float)} and its kin, and
 * a tail mask is made in the tail. Held across the loop into the tail, a broadcast was materialized in some
 * compiles as its 48-byte payload array, once per call: the sigmoid's 1, the cause of KernelsAllocationTest's rare
 * failures (JFR allocation samples of failing runs). Under {@code -XX:+StressIncrementalInlining}, which varies
 * the inlining order those compiles depend on, the test failed in 2 of 7 runs with that exact figure, and also
 * showed the single-column softmax's max and 1/sum and a GEMV's beta (used only when beta != 0). Accumulators (phis
 * of the loop) have never shown it.
 */
public final class VectorElementKernels implements ElementKernels {

    static final VectorSpecies<Float> SPECIES = MicroKernels.S;
    private static final int L = SPECIES.length();

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector vy = FloatVector.fromArray(SPECIES, y, yOff + i);
            vx.fma(va, vy).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + i, m);
            FloatVector vy = FloatVector.fromArray(SPECIES, y, yOff + i, m);
            vx.fma(FloatVector.broadcast(SPECIES, alpha), vy).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, x, off + i).mul(alpha).intoArray(x, off + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, x, off + i, m).mul(alpha).intoArray(x, off + i, m);
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
            s1 = FloatVector.fromArray(SPECIES, x, xOff + i + L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            s1 = FloatVector.fromArray(SPECIES, x, xOff + i, m).fma(FloatVector.fromArray(SPECIES, y, yOff + i, m), s1);
        }
        FloatVector t = s0.add(s1).add(s2.add(s3));
        for (VectorShuffle<Float> fold : Lanes.FOLDS) {     // written out, not a call: see Lanes
            t = t.add(t.rearrange(fold));
        }
        return t.lane(0);
    }

    @Override
    public float sum(int n, float[] x, int off) {
        return vectorSum(n, x, off);
    }

    static float vectorSum(int n, float[] x, int off) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, x, off + i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, x, off + i + L));
            s2 = s2.add(FloatVector.fromArray(SPECIES, x, off + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(SPECIES, x, off + i + 3 * L));
        }
        for (; i <= n - L; i += L) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, x, off + i));
        }
        if (i < n) {
            s1 = s1.add(FloatVector.fromArray(SPECIES, x, off + i, SPECIES.indexInRange(i, n)));
        }
        FloatVector t = s0.add(s1).add(s2.add(s3));
        for (VectorShuffle<Float> fold : Lanes.FOLDS) {     // written out, not a call: see Lanes
            t = t.add(t.rearrange(fold));
        }
        return t.lane(0);
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, a, aOff + i).add(FloatVector.fromArray(SPECIES, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, a, aOff + i, m).add(FloatVector.fromArray(SPECIES, b, bOff + i, m))
                    .intoArray(out, outOff + i, m);
        }
    }

    @Override
    public void subtract(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, a, aOff + i).sub(FloatVector.fromArray(SPECIES, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, a, aOff + i, m).sub(FloatVector.fromArray(SPECIES, b, bOff + i, m))
                    .intoArray(out, outOff + i, m);
        }
    }

    @Override
    public void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, a, aOff + i).mul(FloatVector.fromArray(SPECIES, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, a, aOff + i, m).mul(FloatVector.fromArray(SPECIES, b, bOff + i, m))
                    .intoArray(out, outOff + i, m);
        }
    }

    @Override
    public void addColumn(int rows, int cols, float[] bias, int biasOff, float[] x, int xOff) {
        if (cols == 1) {
            // A single column is contiguous: x[r] += bias[r] is a plain vector add down the column.
            add(rows, x, xOff, bias, biasOff, x, xOff);
            return;
        }
        int bound = SPECIES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            FloatVector br = FloatVector.broadcast(SPECIES, bias[biasOff + r]);
            int row = xOff + r * cols;
            int c = 0;
            for (; c < bound; c += L) {
                FloatVector.fromArray(SPECIES, x, row + c).add(br).intoArray(x, row + c);
            }
            if (c < cols) {
                VectorMask<Float> tail = SPECIES.indexInRange(bound, cols);
                FloatVector.fromArray(SPECIES, x, row + c, tail).add(bias[biasOff + r]).intoArray(x, row + c, tail);
            }
        }
    }

    @Override
    public void rowSums(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (cols == 1) {
            System.arraycopy(x, xOff, out, outOff, rows);
            return;
        }
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = vectorSum(cols, x, xOff + r * cols);
        }
    }

    /**
     * {@code y = e^x} with the inline polynomial of {@link VectorMath}: relative error <= 1e-6 (measured maximum
     * 1.64e-7 over every float) against {@link Math#exp} on [-87.3, 88.7]; 1.29× faster than the Vector API's
     * {@code VectorOperators.EXP} (SVML) and 17.5× faster than scalar {@code Math.exp} (0.29, 0.38 and 5.2 ns
     * per element; method and numbers in {@link VectorMath}).
     */
    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.exp(n, 1f, x, xOff, y, yOff);
    }

    /** {@code y = 1/(1 + e^-x)}; see {@link VectorMath#sigmoid}. */
    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i);
            FloatVector.fromArray(SPECIES, da, daOff + i).mul(va).mul(va.neg().add(1f)).intoArray(dz, dzOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i, m);
            FloatVector.fromArray(SPECIES, da, daOff + i, m).mul(va).mul(va.neg().add(1f))
                    .intoArray(dz, dzOff + i, m);
        }
    }

    /** {@code y = tanh x}; see {@link VectorMath#tanh}. */
    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i);
            FloatVector.fromArray(SPECIES, da, daOff + i).mul(va.mul(va).neg().add(1f)).intoArray(dz, dzOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i, m);
            FloatVector.fromArray(SPECIES, da, daOff + i, m).mul(va.mul(va).neg().add(1f))
                    .intoArray(dz, dzOff + i, m);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOff + i);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOff + i, m);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void reluBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(SPECIES, a, aOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(SPECIES, da, daOff + i), pos).intoArray(dz, dzOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            VectorMask<Float> pos = FloatVector.fromArray(SPECIES, a, aOff + i, m).compare(VectorOperators.GT, 0f);
            FloatVector.zero(SPECIES).blend(FloatVector.fromArray(SPECIES, da, daOff + i, m), pos)
                    .intoArray(dz, dzOff + i, m);
        }
    }

    /** Column softmax; see {@link VectorColumns#softmaxColumns}. */
    @Override
    public void softmaxColumns(int rows, int cols, float[] z, int zOff, float[] a, int aOff) {
        VectorColumns.softmaxColumns(rows, cols, z, zOff, a, aOff);
    }

    /** Summed column cross-entropy; see {@link VectorCrossEntropy#crossEntropyColumns}. */
    @Override
    public double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff) {
        return VectorCrossEntropy.crossEntropyColumns(rows, cols, z, zOff, labels, labelsOff);
    }

    /** Column argmax; see {@link VectorColumns#argmaxColumns}. */
    @Override
    public void argmaxColumns(int rows, int cols, float[] z, int zOff, int[] out, int outOff) {
        VectorColumns.argmaxColumns(rows, cols, z, zOff, out, outOff);
    }

    /** Register tiles into both panel forms; see {@link VectorTranspose#gatherPanels}. */
    @Override
    public void gatherPanels(int count, int features, int colFrom, int colTo, float[] src, int srcOff, int lds,
                             int[] rows, int rowsOff, float[] colPanels, float[] rowPanels, int w) {
        VectorTranspose.gatherPanels(count, features, colFrom, colTo, src, null, srcOff, lds, rows, rowsOff, 0f, null,
                null, colPanels, rowPanels, w);
    }

    /** Register tiles of bytes into both panel forms; see {@link VectorTranspose#gatherPanels}. */
    @Override
    public void gatherPanelsU8(int count, int features, int colFrom, int colTo, byte[] src, int srcOff, int lds,
                               int[] rows, int rowsOff, float step, float[] offset, float[] scale, float[] colPanels,
                               float[] rowPanels, int w) {
        VectorTranspose.gatherPanels(count, features, colFrom, colTo, null, src, srcOff, lds, rows, rowsOff, step,
                offset, scale, colPanels, rowPanels, w);
    }

    /**
     * 2^14 on 8-lane species, else never split. On a Zen 3 host (AVX2) the gather of 128 MNIST rows took 30–40 µs on
     * two threads against 55–56 µs on one (best of 20,000, alternating): its tiles are element-heavy there. On the
     * AVX-512 hosts two threads gathered no faster (an earlier round; docs/performance.md, "Tried and dropped"):
     * the random reads wait on memory either way.
     */
    @Override
    public int minGatherElementsPerThread() {
        return MicroKernels.V == 8 ? 1 << 14 : Integer.MAX_VALUE;
    }

    /** Register-tile transpose; see {@link VectorTranspose#gatherTransposed}. */
    @Override
    public void gatherTransposed(int count, int colFrom, int colTo, float[] src, int srcOff, int lds, int[] rows,
                                 int rowsOff, float[] out, int outOff, int ldo) {
        VectorTranspose.gatherTransposed(count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, out, outOff, ldo);
    }

    /** Register-tile transpose of bytes; see {@link VectorTranspose#gatherTransposedU8}. */
    @Override
    public void gatherTransposedU8(int count, int colFrom, int colTo, byte[] src, int srcOff, int lds, int[] rows,
                                   int rowsOff, float step, float[] offset, float[] scale, float[] out, int outOff,
                                   int ldo) {
        VectorTranspose.gatherTransposedU8(count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, step, offset, scale,
                out, outOff, ldo);
    }

    @Override
    public boolean allFinite(int n, float[] x, int off) {
        // v·0 is 0 for finite v and NaN for ±Inf and NaN; the accumulated sum is NaN iff some element was.
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s0 = zero;
        FloatVector s1 = zero;
        int i = 0;
        for (; i <= n - 2 * L; i += 2 * L) {
            s0 = FloatVector.fromArray(SPECIES, x, off + i).fma(zero, s0);
            s1 = FloatVector.fromArray(SPECIES, x, off + i + L).fma(zero, s1);
        }
        for (; i < n; i += L) {
            s0 = FloatVector.fromArray(SPECIES, x, off + i, SPECIES.indexInRange(i, n))
                    .fma(FloatVector.zero(SPECIES), s0);
        }
        return !s0.add(s1).test(VectorOperators.IS_NAN).anyTrue();
    }
}
