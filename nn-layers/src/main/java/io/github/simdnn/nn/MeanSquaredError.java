package io.github.simdnn.nn;


/**
 * Squared error, half the squared distance per sample, MEAN over the batch (not over the output units). With the
 * network output A, targets T and m = batch:
 * <pre>
 * L     = (1/m)·Σ_j ½·Σ_k (A[k][j] - T[k][j])²
 * ∂L/∂A = (A - T)/m                           (w.r.t. the network OUTPUT; the last layer's backward follows)
 * </pre>
 * (PyTorch's {@code MSELoss(reduction="mean")} divides by rows·m and has no ½: it equals {@code 2L/rows}.)
 * Not fused: works after any last layer (none, i.e. a linear output, or any activation, including Softmax,
 * whose full Jacobian is then used).
 */
public record MeanSquaredError() implements Loss {

    /** {@link #name()}. */
    public static final String NAME = "mean_squared_error";

    public MeanSquaredError() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code null}: not fused, the gradient is w.r.t. the network output. */
    @Override
    public String fusedActivation() {
        return null;
    }

    /** {@code logits} is ignored and may be null. */
    @Override
    public double value(float[] logits, float[] output, float[] targets, int rows, int batch) {
        LossSupport.valueShapes(this, logits, false, output, rows, batch);
        checkTargets(targets, rows, batch);
        int n = rows * batch;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) output[i] - targets[i];
            total += d * d;
        }
        return 0.5 * total / batch;
    }

    /** {@code logits} is ignored and may be null. */
    @Override
    public double value(float[] logits, float[] output, int[] labels, int rows, int batch) {
        LossSupport.valueShapes(this, logits, false, output, rows, batch);
        checkLabels(labels, rows, batch);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < batch; c++) {
                double d = (double) output[r * batch + c] - LossSupport.target(labels, rows, r, c);
                total += d * d;
            }
        }
        return 0.5 * total / batch;
    }

    /** Finite. */
    @Override
    public void checkTargets(float[] targets, int rows, int batch) {
        LossSupport.finiteTargets(this, targets, rows, batch);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
