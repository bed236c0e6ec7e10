package io.github.simdnn.nn;

import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.tensor.Transpose;

import java.util.Objects;

/**
 * The input X (inputSize×batch, one sample per column) of a {@link Dense} layer in the last forward, as a
 * {@link DenseUpdate} receives it: in the network's workspace, or, after {@link Network#forwardInputPanels}, as
 * the panel matrix Xᵀ that the batch gather wrote ({@link Network#inputPanels()}). Either way
 * {@link #gradientProduct} computes the weight-gradient product {@code dZ·Xᵀ} and {@link #get} reads X. Valid only
 * during the call it is passed to; reused by the network, so it allocates nothing.
 */
public final class LayerInput {

    private float[] columns;
    private PanelMatrix rows;
    private int size;
    private int batch;

    LayerInput() {
    }

    /** X in the compact inputSize×batch array {@code x}. */
    LayerInput columns(float[] x, int size, int batch) {
        this.columns = x;
        this.rows = null;
        this.size = size;
        this.batch = batch;
        return this;
    }

    /** X given as Xᵀ, a batch×inputSize panel matrix. */
    LayerInput rows(PanelMatrix xt, int size, int batch) {
        assert xt.rows() == batch && xt.cols() == size : xt + " for " + size + "x" + batch;
        this.columns = null;
        this.rows = xt;
        this.size = size;
        this.batch = batch;
        return this;
    }

    /** Forgets the arrays, so that the network's reusable instance keeps nothing alive between calls. */
    void clear() {
        columns = null;
        rows = null;
    }

    /**
     * {@code C = alpha·dZ·Xᵀ + beta·C}: the weight gradient of the layer (times alpha) added to beta·C, where dZ is
     * the compact {@code outputs}×batch gradient of the layer's output and C is outputs×inputSize, row-major with
     * leading dimension inputSize (the layout of the layer's weights). One {@link Blas#sgemm} on
     * {@code parallelism}'s threads; the same bits whichever form X is held in, with the Vector API kernels (the
     * scalar fallback sums the column form's product as dot products, so there the two forms agree to rounding).
     * Modifies only C.
     */
    public void gradientProduct(Parallelism parallelism, int outputs, float alpha, float[] outputGradient, float beta,
                                float[] c) {
        requireSet();
        if (rows != null) {
            Blas.sgemm(parallelism, Transpose.NO, outputs, alpha, outputGradient, 0, batch, rows, beta, c, 0, size);
        } else {
            columnProduct(parallelism, outputs, alpha, outputGradient, beta, c, columns, size, batch);
        }
    }

    /** {@link #gradientProduct} for X in the compact size×batch array {@code x}, without a LayerInput. */
    static void columnProduct(Parallelism parallelism, int outputs, float alpha, float[] outputGradient, float beta,
                              float[] c, float[] x, int size, int batch) {
        Blas.sgemm(parallelism, Transpose.NO, Transpose.YES, outputs, size, batch, alpha, outputGradient, 0, batch,
                x, 0, batch, beta, c, 0, size);
    }

    /**
     * X[feature][sample].
     *
     * @throws IndexOutOfBoundsException outside inputSize×batch
     */
    public float get(int feature, int sample) {
        requireSet();
        Objects.checkIndex(feature, size);
        Objects.checkIndex(sample, batch);
        return rows != null ? rows.get(sample, feature) : columns[feature * batch + sample];
    }

    private void requireSet() {
        if (columns == null && rows == null) {
            throw new IllegalStateException("a LayerInput is valid only during the call it is passed to");
        }
    }

    /** Rows of X: the layer's input size. */
    public int size() {
        return size;
    }

    /** Columns of X: the batch. */
    public int batch() {
        return batch;
    }
}
