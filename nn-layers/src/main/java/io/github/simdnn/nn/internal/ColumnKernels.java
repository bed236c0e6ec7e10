package io.github.simdnn.nn.internal;

/**
 * Scalar kernels that tensor-core does not (yet) provide, on compact row-major rows×cols matrices (one sample per
 * column, element (r, c) at {@code r·cols + c}). Arguments are checked by the callers; internals only assert.
 */
public final class ColumnKernels {

    private ColumnKernels() {
    }

    /**
     * Softmax backward (Jacobian-vector product) per column, from the softmax OUTPUT {@code a}:
     * {@code dz[r][c] = a[r][c]·(da[r][c] - Σ_r' a[r'][c]·da[r'][c])}. {@code dz} may be {@code da}.
     */
    public static void softmaxBackward(int rows, int cols, float[] a, float[] da, float[] dz) {
        assert a.length >= rows * cols && da.length >= rows * cols && dz.length >= rows * cols;
        for (int c = 0; c < cols; c++) {
            float dot = 0f;
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                dot += a[i] * da[i];
            }
            for (int r = 0, i = c; r < rows; r++, i += cols) {
                dz[i] = a[i] * (da[i] - dot);
            }
        }
    }

    /**
     * The row of the largest value in column {@code c} (the first one on ties; NaN never wins over a number): the
     * rule of {@code Ops.argmaxColumns}, for one column without its argument checks.
     */
    public static int argmaxColumn(int rows, int cols, float[] x, int c) {
        assert c >= 0 && c < cols && x.length >= rows * cols;
        int best = 0;
        float max = x[c];
        for (int r = 1, i = c + cols; r < rows; r++, i += cols) {
            if (x[i] > max || (Float.isNaN(max) && !Float.isNaN(x[i]))) {
                max = x[i];
                best = r;
            }
        }
        return best;
    }

    /** {@code out = inᵀ}: {@code in} is rows×cols, {@code out} is cols×rows. Layout conversion at API boundaries only. */
    public static void transpose(int rows, int cols, float[] in, float[] out) {
        assert in != out && in.length >= rows * cols && out.length >= rows * cols;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[row + c];
            }
        }
    }

    /** The target value of row {@code r} for a label: one-hot {@code r == label} for rows ≥ 2, the label itself for rows = 1. */
    public static float labelTarget(int rows, int label, int r) {
        return rows == 1 ? label : (r == label ? 1f : 0f);
    }
}
