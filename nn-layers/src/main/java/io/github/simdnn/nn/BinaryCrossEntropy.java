package io.github.simdnn.nn;


/**
 * Binary cross-entropy on a final {@link Sigmoid}, fused with it; every output unit is an independent yes/no
 * probability (binary or multi-label classification). With logits Z (the sigmoid input), A = sigmoid(Z),
 * targets T in [0, 1] and m = batch:
 * <pre>
 * L  = -(1/m)·Σ_j Σ_k [T ln A + (1 - T) ln(1 - A)]  =  (1/m)·Σ_j Σ_k [softplus(Z) - T·Z],
 *      softplus(z) = max(z, 0) + ln(1 + exp(-|z|))                 (computed from Z: no log(0))
 * ∂L/∂Z = (A - T)/m                                              (w.r.t. the sigmoid INPUT, not A)
 * </pre>
 * Note the sum over output units (not a mean over them). Labels: for one output the label is the target 0 or 1;
 * for several outputs label k is the one-hot column e_k.
 */
public record BinaryCrossEntropy() implements Loss {

    /** {@link #name()}. */
    public static final String NAME = "binary_cross_entropy";

    public BinaryCrossEntropy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code "sigmoid"}: the network must end with a {@link Sigmoid}; the gradient is w.r.t. its input. */
    @Override
    public String fusedActivation() {
        return LayerSpec.SIGMOID;
    }

    @Override
    public double value(float[] logits, float[] output, float[] targets, int rows, int batch) {
        LossSupport.valueShapes(this, logits, true, output, rows, batch);
        checkTargets(targets, rows, batch);
        int n = rows * batch;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += softplus(logits[i]) - (double) targets[i] * logits[i];
        }
        return total / batch;
    }

    @Override
    public double value(float[] logits, float[] output, int[] labels, int rows, int batch) {
        LossSupport.valueShapes(this, logits, true, output, rows, batch);
        checkLabels(labels, rows, batch);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < batch; c++) {
                double z = logits[r * batch + c];
                total += softplus(z) - LossSupport.target(labels, rows, r, c) * z;
            }
        }
        return total / batch;
    }

    /** {@code ln(1 + exp(z))} without overflow. */
    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** Finite and in [0, 1]. */
    @Override
    public void checkTargets(float[] targets, int rows, int batch) {
        LossSupport.finiteTargets(this, targets, rows, batch);
        int n = rows * batch;
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0f || targets[i] > 1f) {
                throw new IllegalArgumentException("targets of " + NAME + ": value " + targets[i] + " at row "
                        + (i / batch) + ", column (sample) " + (i % batch) + " is outside [0, 1]");
            }
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
