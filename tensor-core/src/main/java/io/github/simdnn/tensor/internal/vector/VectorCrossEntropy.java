package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ScalarElementKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax cross-entropy of every column of a rows×cols matrix of logits (one sample per column), summed, in
 * double: {@code Σ_c (m_c + ln Σ_r exp(z[r][c] − m_c) − z[label_c][c])}. Columns go V at a time, one per lane of
 * the kernels' float species ({@link Width}), walking down the rows; each float vector widens into two vectors of
 * the double species of the same size (parts 0 and 1 of {@code F2D}). The exponentials and the logarithm are the Vector API's double
 * {@code EXP} and {@code LOG} (SVML on x86, within an ulp or two of {@code Math.exp} and {@code Math.log}), so the
 * sum agrees with {@link ScalarElementKernels#crossEntropyRange} to double rounding, not bit for bit. On the 10×128
 * logits of a 784-256-10 batch the scalar loop's 1,280 {@code Math.exp} calls were 1% of a training epoch; this
 * kernel took 1.8 µs against its 9.1 µs on AVX-512 (measured with the earlier half-width form) and 3.6 to 4.7 µs
 * against 16.2 µs on AVX2 (this form and the earlier one alike). The last columns (fewer than V) go through
 * {@link ScalarElementKernels#crossEntropyRange}.
 *
 * <h2>One float species</h2>
 * This kernel once read the logits with a half-width float species, so that one float vector widened into exactly
 * one double vector. That put a second {@code FloatVector} class into the type profiles that all float kernels
 * share (those of {@code FloatVector.intoArray}, {@code fma}, {@code add}...), and C2 then compiled other kernels,
 * the packed GEMV and the exponential among them, with a type switch whose paths ran the allocating Java
 * fallbacks: 2.4 MB per single-sample prediction for the rest of the run whenever a loss had been computed before
 * the predictor warmed up. Every float kernel of this package uses {@link MicroKernels#S} only.
 */
final class VectorCrossEntropy {

    private static final VectorSpecies<Float> S = MicroKernels.S;
    private static final int V = MicroKernels.V;
    /** The double species of S's size (V / 2 lanes); used only when it has at least 2 lanes. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final boolean VECTORIZED = V >= 4 && 2 * D.length() == V;

    private VectorCrossEntropy() {
    }

    /** See {@link io.github.simdnn.tensor.internal.ElementKernels#crossEntropyColumns}; arguments checked. */
    static double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff) {
        if (!VECTORIZED) {
            return ScalarElementKernels.crossEntropyRange(rows, cols, z, zOff, labels, labelsOff, 0, cols);
        }
        int bound = cols - cols % V;
        double total = 0;
        for (int c = 0; c < bound; c += V) {
            total += block(rows, cols, z, zOff + c);
            for (int j = 0; j < V; j++) {
                total -= z[zOff + labels[labelsOff + c + j] * cols + c + j];
            }
        }
        if (bound < cols) {
            total += ScalarElementKernels.crossEntropyRange(rows, cols, z, zOff, labels, labelsOff, bound, cols);
        }
        return total;
    }

    /** Σ of the V columns' log-sum-exp at {@code z[off + r·cols + j]}, j < V. */
    private static double block(int rows, int cols, float[] z, int off) {
        FloatVector maxF = FloatVector.fromArray(S, z, off);
        for (int r = 1; r < rows; r++) {
            maxF = maxF.max(FloatVector.fromArray(S, z, off + r * cols));     // Java's MAX: NaN wins
        }
        DoubleVector max0 = (DoubleVector) maxF.convertShape(VectorOperators.F2D, D, 0);
        DoubleVector max1 = (DoubleVector) maxF.convertShape(VectorOperators.F2D, D, 1);
        DoubleVector sum0 = DoubleVector.zero(D);
        DoubleVector sum1 = DoubleVector.zero(D);
        for (int r = 0; r < rows; r++) {
            FloatVector zr = FloatVector.fromArray(S, z, off + r * cols);
            DoubleVector z0 = (DoubleVector) zr.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector z1 = (DoubleVector) zr.convertShape(VectorOperators.F2D, D, 1);
            sum0 = sum0.add(z0.sub(max0).lanewise(VectorOperators.EXP));
            sum1 = sum1.add(z1.sub(max1).lanewise(VectorOperators.EXP));
        }
        return max0.add(sum0.lanewise(VectorOperators.LOG)).add(max1.add(sum1.lanewise(VectorOperators.LOG)))
                .reduceLanes(VectorOperators.ADD);
    }
}
