package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.Checks;
import io.github.simdnn.nn.internal.ColumnKernels;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Ops;

/** What the three losses share: shape checks and the gradient {@code (A - T)/m}. */
final class LossSupport {

    private LossSupport() {
    }

    /** Checks batch and the arrays the value needs; {@code logits} only when {@code needLogits}. */
    static void valueShapes(Loss loss, float[] logits, boolean needLogits, float[] output, int rows, int batch) {
        if (rows < 1) {
            throw new IllegalArgumentException("loss of " + loss + ": rows must be >= 1 but was " + rows);
        }
        Checks.positiveBatch("loss", loss, batch);
        if (needLogits) {
            Checks.matrix("loss", loss, "logits", logits, rows, batch);
        }
        Checks.matrix("loss", loss, "output", output, rows, batch);
    }

    static void gradientShapes(Loss loss, float[] output, Object targets, float[] gradient, int rows, int batch) {
        if (rows < 1) {
            throw new IllegalArgumentException("gradient of " + loss + ": rows must be >= 1 but was " + rows);
        }
        Checks.positiveBatch("gradient", loss, batch);
        Checks.matrix("gradient", loss, "output", output, rows, batch);
        Checks.matrix("gradient", loss, "gradient", gradient, rows, batch);
        Checks.distinct("gradient", loss, "gradient", gradient, "output", output);
        Checks.distinct("gradient", loss, "gradient", gradient, "targets", targets);
    }

    /** Finite target columns. */
    static void finiteTargets(Loss loss, float[] targets, int rows, int batch) {
        Checks.positiveBatch("targets", loss, batch);
        Checks.matrix("targets", loss, "targets", targets, rows, batch);
        Checks.finite("targets", loss, "targets", targets, rows, batch);
    }

    /** {@code gradient = (output - targets)/m}. Arguments checked. */
    static void residual(float[] output, float[] targets, float[] gradient, int rows, int batch) {
        int n = rows * batch;
        Ops.subtract(n, output, 0, targets, 0, gradient, 0);
        Blas.sscal(n, 1f / batch, gradient, 0);
    }

    /** {@code gradient = (output - T)/m} with T the label targets (see {@link Loss}). Arguments checked. */
    static void residual(float[] output, int[] labels, float[] gradient, int rows, int batch) {
        int n = rows * batch;
        float invM = 1f / batch;
        if (rows == 1) {
            for (int c = 0; c < batch; c++) {
                gradient[c] = (output[c] - labels[c]) * invM;
            }
            return;
        }
        System.arraycopy(output, 0, gradient, 0, n);
        for (int c = 0; c < batch; c++) {
            int i = labels[c] * batch + c;
            gradient[i] -= 1f;
        }
        Blas.sscal(n, invM, gradient, 0);
    }

    /** The target of row r, column c from labels. */
    static float target(int[] labels, int rows, int r, int c) {
        return ColumnKernels.labelTarget(rows, labels[c], r);
    }
}
