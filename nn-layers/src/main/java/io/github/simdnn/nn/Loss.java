package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.Checks;

import java.util.Objects;

/**
 * A loss over a batch of m samples (one per column), always the MEAN over the batch: {@code L = (1/m)·Σ_j ℓ_j}.
 * Targets are given either as a rows×m matrix (one target column per sample, e.g. one-hot) or as m class
 * indices ({@code int[]}): label k stands for the one-hot column {@code e_k}, {@code 0 ≤ k < rows}; when the
 * network has a single output (rows = 1) the label IS the target value and must be 0 or 1.
 *
 * <p>Every loss's gradient has the form {@code (A - T)/m}; what it is the gradient WITH RESPECT TO differs:
 * <ul>
 *   <li>a fused loss ({@link #fusedActivation()} non-null: {@link SoftmaxCrossEntropy} with a final
 *       {@link Softmax}, {@link BinaryCrossEntropy} with a final {@link Sigmoid}) returns ∂L/∂Z, the gradient
 *       with respect to the INPUT of that final activation, whose own backward is skipped;</li>
 *   <li>an unfused loss ({@link MeanSquaredError}) returns ∂L/∂A, the gradient with respect to the network
 *       output, which then goes through the last layer's backward like any other gradient.</li>
 * </ul>
 * Fused losses compute their value from the logits Z (log-sum-exp, softplus), so logits of ±1000 give finite
 * losses and no {@code log(0)}.
 *
 * <p>Array arguments hold compact rows×m matrices in their first rows·m elements (element (r, c) at
 * {@code r·m + c}) and may be longer. Implementations are stateless and thread-safe.
 */
public sealed interface Loss permits SoftmaxCrossEntropy, BinaryCrossEntropy, MeanSquaredError {

    /** The name used in model files: {@code "softmax_cross_entropy"}, {@code "binary_cross_entropy"} or {@code "mean_squared_error"}. */
    String name();

    /**
     * The {@link LayerSpec#type()} of the activation this loss is fused with — the last layer of the network
     * must be one — or {@code null} if the loss works on the network output of any layer.
     */
    String fusedActivation();

    /**
     * The mean loss over the batch for target columns. Reads only.
     *
     * @param logits  the input Z of the fused activation (rows×m); unused and may be null for an unfused loss
     * @param output  the network output A (rows×m)
     * @param targets rows×m targets, validated by {@link #checkTargets}
     * @throws IllegalArgumentException on a shape mismatch or invalid targets, naming the column
     */
    double value(float[] logits, float[] output, float[] targets, int rows, int batch);

    /** As {@link #value(float[], float[], float[], int, int)} with class-index targets, validated by {@link #checkLabels}. */
    double value(float[] logits, float[] output, int[] labels, int rows, int batch);

    /**
     * Writes {@code gradient = (A - T)/m} (rows×m): ∂L/∂Z for a fused loss, ∂L/∂A otherwise (see the class
     * comment). Modifies only {@code gradient}, which must be a different array than {@code output} and {@code targets}.
     *
     * @throws IllegalArgumentException on a shape mismatch or invalid targets, before writing anything
     */
    default void gradient(float[] output, float[] targets, float[] gradient, int rows, int batch) {
        LossSupport.gradientShapes(this, output, targets, gradient, rows, batch);
        checkTargets(targets, rows, batch);
        LossSupport.residual(output, targets, gradient, rows, batch);
    }

    /** As {@link #gradient(float[], float[], float[], int, int)} with class-index targets. */
    default void gradient(float[] output, int[] labels, float[] gradient, int rows, int batch) {
        LossSupport.gradientShapes(this, output, labels, gradient, rows, batch);
        checkLabels(labels, rows, batch);
        LossSupport.residual(output, labels, gradient, rows, batch);
    }

    /**
     * Validates target columns: the array holds rows×m values and every value is finite and valid for this loss
     * (see the implementing class).
     *
     * @throws IllegalArgumentException naming the first invalid value's row and column
     */
    void checkTargets(float[] targets, int rows, int batch);

    /**
     * Validates class indices: at least m labels, each in {@code [0, rows)} ({0, 1} when rows = 1).
     *
     * @throws IllegalArgumentException naming the first invalid label and its column
     */
    default void checkLabels(int[] labels, int rows, int batch) {
        Checks.positiveBatch("labels", this, batch);
        Checks.labels("labels", this, labels, rows, batch);
    }

    /**
     * The loss called {@code name} (see {@link #name()}).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static Loss forName(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name) {
            case SoftmaxCrossEntropy.NAME -> new SoftmaxCrossEntropy();
            case BinaryCrossEntropy.NAME -> new BinaryCrossEntropy();
            case MeanSquaredError.NAME -> new MeanSquaredError();
            default -> throw new IllegalArgumentException("unknown loss \"" + name + "\"; expected one of "
                    + SoftmaxCrossEntropy.NAME + ", " + BinaryCrossEntropy.NAME + ", " + MeanSquaredError.NAME);
        };
    }
}
