package io.github.simdnn.nn;

import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.tensor.Transpose;

import java.util.List;
import java.util.Objects;

/**
 * Fully connected layer {@code Z = W·X + b}: W is outputSize×inputSize ({@code W[k][j]} is the weight from input j
 * to unit k), b is outputSize×1 and is added to every column (sample). With m = batch:
 * <pre>
 * forward    Z  = W·X + b                       sgemm(NO, NO), then Ops.addColumn
 * backward   dW += dZ·Xᵀ                        sgemm(NO, YES, beta = 1)   accumulates
 *            db += Σ_columns dZ                 row sums of dZ             accumulates
 *            dX  = Wᵀ·dZ                        sgemm(YES, NO)             overwrites (skipped when dX == null)
 * </pre>
 * No operand is ever transposed in memory; the transposes are sgemm flags. The loss is already a mean over the
 * batch, so dZ carries the 1/m and the gradients here are plain sums. A first layer whose input the batch gather
 * wrote as panel matrices ({@link Network#forwardInputPanels}) multiplies those instead: X for the forward, Xᵀ for
 * dW, with the same values (bit for bit with the Vector API kernels; see {@link LayerInput#gradientProduct}).
 *
 * <p>Parameters: {@link #weight()} ({@link Parameter.Kind#WEIGHT}, L2 applies) and {@link #bias()}
 * ({@link Parameter.Kind#BIAS}), in that order. Not thread-safe while gradients or values are being changed;
 * {@link #forward} alone may run concurrently.
 */
public final class Dense implements Layer {

    private final int inputSize;
    private final int outputSize;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;

    /** A layer with Glorot-uniform weights drawn with {@code seed} and zero bias. */
    public Dense(int inputSize, int outputSize, long seed) {
        this(inputSize, outputSize, Initializer.GLOROT_UNIFORM, seed);
    }

    /**
     * A layer whose weights are drawn by {@code initializer} from {@code SplittableRandom(seed)}; zero bias.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public Dense(int inputSize, int outputSize, Initializer initializer, long seed) {
        Objects.requireNonNull(initializer, "initializer");
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("dense: sizes must be >= 1 but were inputSize=" + inputSize
                    + ", outputSize=" + outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.weight = new Parameter("weight", Parameter.Kind.WEIGHT, outputSize, inputSize);
        this.bias = new Parameter("bias", Parameter.Kind.BIAS, outputSize, 1);
        this.parameters = List.of(weight, bias);
        initializer.initialize(weight.value(), inputSize, outputSize, seed);
    }

    private Dense(Dense source) {
        this.inputSize = source.inputSize;
        this.outputSize = source.outputSize;
        this.weight = source.weight.copy();
        this.bias = source.bias.copy();
        this.parameters = List.of(weight, bias);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    /** W, outputSize×inputSize. */
    public Parameter weight() {
        return weight;
    }

    /** b, outputSize×1. */
    public Parameter bias() {
        return bias;
    }

    /** [{@link #weight()}, {@link #bias()}]. */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Copies W (outputSize×inputSize, row-major). See {@link Parameter#setValue}.
     *
     * @throws IllegalArgumentException if the length is not outputSize·inputSize or a value is not finite
     */
    public void setWeights(float[] values) {
        weight.setValue(values);
    }

    /**
     * Copies b (outputSize values). See {@link Parameter#setValue}.
     *
     * @throws IllegalArgumentException if the length is not outputSize or a value is not finite
     */
    public void setBias(float[] values) {
        bias.setValue(values);
    }

    @Override
    public LayerSpec spec() {
        return LayerSpec.dense(inputSize, outputSize);
    }

    @Override
    public Dense copy() {
        return new Dense(this);
    }

    /** {@code output = W·input + b}. See {@link Layer#forward}. */
    @Override
    public void forward(Parallelism parallelism, float[] input, float[] output, int batch) {
        LayerChecks.forward(this, parallelism, input, output, batch);
        Blas.sgemm(parallelism, Transpose.NO, Transpose.NO, outputSize, batch, inputSize,
                1f, weight.value(), 0, inputSize, input, 0, batch, 0f, output, 0, batch);
        Ops.addColumn(outputSize, batch, bias.value(), 0, output, 0);
    }

    /**
     * Forward from ROW-per-sample input: {@code output = W·inputRowsᵀ + b}, where {@code inputRows} is
     * batch×inputSize (sample i in row i); the output is outputSize×batch as usual. The transpose is the
     * sgemm flag, nothing is copied. For {@link Predictor}'s row form; arguments checked by the caller.
     */
    void forwardRows(Parallelism parallelism, float[] inputRows, float[] output, int batch) {
        assert inputRows.length >= inputSize * batch && output.length >= outputSize * batch && inputRows != output;
        Blas.sgemm(parallelism, Transpose.NO, Transpose.YES, outputSize, batch, inputSize,
                1f, weight.value(), 0, inputSize, inputRows, 0, inputSize, 0f, output, 0, batch);
        Ops.addColumn(outputSize, batch, bias.value(), 0, output, 0);
    }

    /**
     * {@link #forward} from X held as a panel matrix (inputSize×batch, {@link Network#forwardInputPanels}): the same
     * values; arguments checked by the caller.
     */
    void forward(Parallelism parallelism, PanelMatrix input, float[] output, int batch) {
        assert input.rows() == inputSize && input.cols() == batch && output.length >= outputSize * batch;
        Blas.sgemm(parallelism, Transpose.NO, outputSize, 1f, weight.value(), 0, inputSize, input, 0f, output, 0,
                batch);
        Ops.addColumn(outputSize, batch, bias.value(), 0, output, 0);
    }

    /** {@code dW += dZ·Xᵀ, db += Σ_columns dZ, dX = Wᵀ·dZ}. See {@link Layer#backward}. */
    @Override
    public void backward(Parallelism parallelism, float[] input, float[] output, float[] outputGradient,
                         float[] inputGradient, int batch) {
        LayerChecks.backward(this, parallelism, input, output, outputGradient, inputGradient, batch);
        LayerInput.columnProduct(parallelism, outputSize, 1f, outputGradient, 1f, weight.gradient(), input, inputSize,
                batch);
        biasAndInputGradients(parallelism, outputGradient, inputGradient, batch);
    }

    /** {@link #backward(Parallelism, float[], float[], float[], float[], int)} with X in either form; checked. */
    void backward(Parallelism parallelism, LayerInput input, float[] outputGradient, float[] inputGradient,
                  int batch) {
        input.gradientProduct(parallelism, outputSize, 1f, outputGradient, 1f, weight.gradient());
        biasAndInputGradients(parallelism, outputGradient, inputGradient, batch);
    }

    /** The rest of {@link #backward} after {@code dW += dZ·Xᵀ}: {@code db += Σ_columns dZ}, {@code dX = Wᵀ·dZ}. */
    private void biasAndInputGradients(Parallelism parallelism, float[] outputGradient, float[] inputGradient,
                                       int batch) {
        float[] db = bias.gradient();
        for (int k = 0; k < outputSize; k++) {
            // One row of dZ is contiguous; summing it in place accumulates without a scratch array.
            db[k] += Ops.sum(batch, outputGradient, k * batch);
        }
        if (inputGradient != null) {
            backwardInput(parallelism, outputGradient, inputGradient, batch);
        }
    }

    /**
     * {@code dX = Wᵀ·dZ} alone: the last part of {@link #backward}, and all of it for {@link Network#backwardSgdStep},
     * which then updates the parameters with {@link #sgdStep}; arguments checked by the caller.
     */
    void backwardInput(Parallelism parallelism, float[] outputGradient, float[] inputGradient, int batch) {
        assert outputGradient.length >= outputSize * batch && inputGradient.length >= inputSize * batch;
        Blas.sgemm(parallelism, Transpose.YES, Transpose.NO, inputSize, batch, outputSize,
                1f, weight.value(), 0, inputSize, outputGradient, 0, batch, 0f, inputGradient, 0, batch);
    }

    /**
     * One plain gradient-descent step straight from dZ, without storing the gradients:
     * {@code W ← (1 - η·λ)·W - η·(dZ·Xᵀ)} as ONE sgemm into W (alpha = -η, beta = 1 - η·λ), and
     * {@code b ← b - η·Σ_columns dZ}. Reads {@code input} (X) and {@code outputGradient} (dZ); modifies only the
     * parameter values. Arguments checked by the caller ({@link Network#backwardSgdStep}).
     */
    void sgdStep(Parallelism parallelism, LayerInput input, float[] outputGradient, int batch, float learningRate,
                 float weightDecay) {
        assert input.size() == inputSize && input.batch() == batch && outputGradient.length >= outputSize * batch;
        input.gradientProduct(parallelism, outputSize, -learningRate, outputGradient, 1f - learningRate * weightDecay,
                weight.value());
        float[] b = bias.value();
        for (int k = 0; k < outputSize; k++) {
            b[k] = Math.fma(-learningRate, Ops.sum(batch, outputGradient, k * batch), b[k]);   // as Blas.saxpy
        }
    }

    /** E.g. {@code dense(784,128)}. */
    @Override
    public String toString() {
        return "dense(" + inputSize + "," + outputSize + ")";
    }
}
