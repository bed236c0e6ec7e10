package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ScalarElementKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax cross-entropy of every column of a rows×cols matrix of logits (one sample per column), summed, in
 * double: {@code Σ_c (m_c + ln Σ_r exp(z[r][c] − m_c) − z[label_c][c])}. Columns go D at a time, one per lane of
 * the preferred double species, walking down the rows; the exponentials and the logarithm are the Vector API's
 * double {@code EXP} and {@code LOG} (SVML on x86, within an ulp or two of {@code Math.exp} and
 * {@code Math.log}), so the sum agrees with {@link ScalarElementKernels#crossEntropyColumns} to double rounding,
 * not bit for bit. Measured on the 10×128 logits of a 784-256-10 batch: 1.8 µs against 9.1 µs for the scalar
 * loop, whose 1,280 {@code Math.exp} calls were 1% of a training epoch. The last columns (fewer than D) go
 * through {@link ScalarElementKernels#crossEntropyRange}.
 */
final class VectorCrossEntropy {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats of one double vector's lane count: half the preferred width. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() == 2 * D.length()
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2)) : null;

    private VectorCrossEntropy() {
    }

    /** See {@link io.github.simdnn.tensor.internal.ElementKernels#crossEntropyColumns}; arguments checked. */
    static double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff) {
        if (F == null || D.length() < 2) {
            return ScalarElementKernels.crossEntropyRange(rows, cols, z, zOff, labels, labelsOff, 0, cols);
        }
        int lanes = D.length();
        int bound = cols - cols % lanes;
        double total = 0;
        for (int c = 0; c < bound; c += lanes) {
            total += block(rows, cols, z, zOff + c);
            for (int j = 0; j < lanes; j++) {
                total -= z[zOff + labels[labelsOff + c + j] * cols + c + j];
            }
        }
        if (bound < cols) {
            total += ScalarElementKernels.crossEntropyRange(rows, cols, z, zOff, labels, labelsOff, bound, cols);
        }
        return total;
    }

    /** Σ of the D columns' log-sum-exp at {@code z[off + r·cols + j]}, j < D. */
    private static double block(int rows, int cols, float[] z, int off) {
        FloatVector maxF = FloatVector.fromArray(F, z, off);
        for (int r = 1; r < rows; r++) {
            maxF = maxF.max(FloatVector.fromArray(F, z, off + r * cols));     // Java's MAX: NaN wins
        }
        DoubleVector max = (DoubleVector) maxF.convertShape(VectorOperators.F2D, D, 0);
        DoubleVector sum = DoubleVector.zero(D);
        for (int r = 0; r < rows; r++) {
            DoubleVector zr = (DoubleVector) FloatVector.fromArray(F, z, off + r * cols)
                    .convertShape(VectorOperators.F2D, D, 0);
            sum = sum.add(zr.sub(max).lanewise(VectorOperators.EXP));
        }
        return max.add(sum.lanewise(VectorOperators.LOG)).reduceLanes(VectorOperators.ADD);
    }
}
