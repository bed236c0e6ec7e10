package io.github.simdnn.nn;

import io.github.simdnn.tensor.Ops;

/**
 * Cross-entropy on a final {@link Softmax}, fused with it. With logits Z (the softmax input), A = softmax(Z) per
 * column and targets T (each column a probability distribution, usually one-hot), m = batch:
 * <pre>
 * L  = -(1/m)·Σ_j Σ_k T[k][j]·ln A[k][j]  =  (1/m)·Σ_j Σ_k T[k][j]·(lse_j - Z[k][j]),
 *      lse_j = c_j + ln Σ_i exp(Z[i][j] - c_j),  c_j = max_i Z[i][j]      (natural log, no log(0))
 * ∂L/∂Z = (A - T)/m                                                     (w.r.t. the softmax INPUT)
 * </pre>
 * The gradient formula needs every target column to sum to 1, so target columns must be non-negative and sum
 * to 1 within {@link #TARGET_SUM_TOLERANCE}. Needs at least 2 classes (a 1-unit softmax is constant).
 */
public record SoftmaxCrossEntropy() implements Loss {

    /** {@link #name()}. */
    public static final String NAME = "softmax_cross_entropy";

    /** How far a target column's sum may be from 1 (covers rounding of float soft labels). */
    public static final double TARGET_SUM_TOLERANCE = 1e-4;

    public SoftmaxCrossEntropy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code "softmax"}: the network must end with a {@link Softmax}; the gradient is w.r.t. its input. */
    @Override
    public String fusedActivation() {
        return LayerSpec.SOFTMAX;
    }

    @Override
    public double value(float[] logits, float[] output, float[] targets, int rows, int batch) {
        classes(rows);
        LossSupport.valueShapes(this, logits, true, output, rows, batch);
        checkTargets(targets, rows, batch);
        double total = 0;
        for (int c = 0; c < batch; c++) {
            double lse = logSumExp(logits, rows, batch, c);
            for (int r = 0, i = c; r < rows; r++, i += batch) {
                float t = targets[i];
                if (t != 0f) {
                    total += t * (lse - logits[i]);
                }
            }
        }
        return total / batch;
    }

    /**
     * The same with class indexes, through {@link Ops#crossEntropyColumns} (vectorized: the 1,280 exponentials of
     * a 10-class batch of 128 took 1% of a training epoch one at a time).
     */
    @Override
    public double value(float[] logits, float[] output, int[] labels, int rows, int batch) {
        classes(rows);
        LossSupport.valueShapes(this, logits, true, output, rows, batch);
        checkLabels(labels, rows, batch);
        return Ops.crossEntropyColumns(rows, batch, logits, 0, labels, 0) / batch;
    }

    /** {@code ln Σ_r exp(z[r][c])} in double, shifted by the column maximum. */
    private static double logSumExp(float[] z, int rows, int batch, int c) {
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0, i = c; r < rows; r++, i += batch) {
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int r = 0, i = c; r < rows; r++, i += batch) {
            sum += Math.exp((double) z[i] - max);
        }
        return max + Math.log(sum);
    }

    /** Finite, non-negative, and every column sums to 1 within {@link #TARGET_SUM_TOLERANCE}. */
    @Override
    public void checkTargets(float[] targets, int rows, int batch) {
        classes(rows);
        LossSupport.finiteTargets(this, targets, rows, batch);
        for (int c = 0; c < batch; c++) {
            double sum = 0;
            for (int r = 0, i = c; r < rows; r++, i += batch) {
                if (targets[i] < 0f) {
                    throw new IllegalArgumentException("targets of " + NAME + ": value " + targets[i] + " at row " + r
                            + ", column (sample) " + c + " is negative; a target column is a probability distribution");
                }
                sum += targets[i];
            }
            if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
                throw new IllegalArgumentException("targets of " + NAME + ": column (sample) " + c + " sums to " + sum
                        + " but must sum to 1 (one-hot or a probability distribution over " + rows + " classes)");
            }
        }
    }

    @Override
    public void checkLabels(int[] labels, int rows, int batch) {
        classes(rows);
        Loss.super.checkLabels(labels, rows, batch);
    }

    private static void classes(int rows) {
        if (rows < 2) {
            throw new IllegalArgumentException(NAME + " needs at least 2 classes (rows) but got " + rows
                    + "; for a single output use a sigmoid with " + BinaryCrossEntropy.NAME);
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
