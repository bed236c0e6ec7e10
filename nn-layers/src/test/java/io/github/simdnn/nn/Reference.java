package io.github.simdnn.nn;

import java.util.List;

/**
 * A plain double-precision sequential network, written from the formulas of the golden file and independent of
 * the float implementation: the oracle for central-difference gradient checks. Parameters are given per dense
 * layer as {W (out×in, row-major), b}; matrices are one sample per column, row-major.
 */
final class Reference {

    private Reference() {
    }

    /**
     * Central differences {@code (J(θ + ε) - J(θ - ε)) / 2ε} of {@link #loss} for every element of every parameter in
     * {@code params} (each restored after use), in the same shapes.
     */
    static List<double[]> centralDifferences(List<LayerSpec> specs, List<double[]> params, String lossName,
                                             double[] x, double[] targets, int m, double eps) {
        List<double[]> numeric = new java.util.ArrayList<>();
        for (double[] theta : params) {
            double[] n = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + eps;
                double plus = loss(specs, params, lossName, x, targets, m);
                theta[i] = saved - eps;
                double minus = loss(specs, params, lossName, x, targets, m);
                theta[i] = saved;
                n[i] = (plus - minus) / (2 * eps);
            }
            numeric.add(n);
        }
        return numeric;
    }

    /** The loss of {@code specs} with dense parameters {@code params} (two arrays per dense layer, in order). */
    static double loss(List<LayerSpec> specs, List<double[]> params, String lossName, double[] x, double[] targets, int m) {
        double[] a = x;
        double[] logits = null;
        int p = 0;
        for (LayerSpec spec : specs) {
            int rows = spec.outputSize();
            logits = a;
            if (spec.isDense()) {
                a = dense(params.get(p), params.get(p + 1), spec.outputSize(), spec.inputSize(), a, m);
                p += 2;
            } else {
                a = activation(spec.type(), a, rows, m);
            }
        }
        int rows = specs.get(specs.size() - 1).outputSize();
        return switch (lossName) {
            case SoftmaxCrossEntropy.NAME -> crossEntropy(a, targets, rows, m);
            case BinaryCrossEntropy.NAME -> binaryCrossEntropy(a, targets, rows * m) / m;
            case MeanSquaredError.NAME -> squaredError(a, targets) / m;
            default -> throw new IllegalArgumentException(lossName);
        };
    }

    static double[] dense(double[] w, double[] b, int out, int in, double[] x, int m) {
        double[] z = new double[out * m];
        for (int k = 0; k < out; k++) {
            for (int c = 0; c < m; c++) {
                double s = b[k];
                for (int j = 0; j < in; j++) {
                    s += w[k * in + j] * x[j * m + c];
                }
                z[k * m + c] = s;
            }
        }
        return z;
    }

    static double[] activation(String type, double[] z, int rows, int m) {
        double[] a = new double[z.length];
        switch (type) {
            case LayerSpec.SIGMOID -> {
                for (int i = 0; i < z.length; i++) {
                    a[i] = 1 / (1 + Math.exp(-z[i]));
                }
            }
            case LayerSpec.TANH -> {
                for (int i = 0; i < z.length; i++) {
                    a[i] = Math.tanh(z[i]);
                }
            }
            case LayerSpec.RELU -> {
                for (int i = 0; i < z.length; i++) {
                    a[i] = Math.max(z[i], 0);
                }
            }
            case LayerSpec.SOFTMAX -> {
                for (int c = 0; c < m; c++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int r = 0; r < rows; r++) {
                        max = Math.max(max, z[r * m + c]);
                    }
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += Math.exp(z[r * m + c] - max);
                    }
                    for (int r = 0; r < rows; r++) {
                        a[r * m + c] = Math.exp(z[r * m + c] - max) / sum;
                    }
                }
            }
            default -> throw new IllegalArgumentException(type);
        }
        return a;
    }

    /** {@code -(1/m) Σ T ln A}. */
    static double crossEntropy(double[] a, double[] t, int rows, int m) {
        double s = 0;
        for (int i = 0; i < rows * m; i++) {
            if (t[i] != 0) {
                s -= t[i] * Math.log(a[i]);
            }
        }
        return s / m;
    }

    /** {@code -Σ [T ln A + (1 - T) ln(1 - A)]} (not divided by m). */
    static double binaryCrossEntropy(double[] a, double[] t, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s -= t[i] * Math.log(a[i]) + (1 - t[i]) * Math.log(1 - a[i]);
        }
        return s;
    }

    /** {@code ½ Σ (A - T)²} (not divided by m). */
    static double squaredError(double[] a, double[] t) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += 0.5 * (a[i] - t[i]) * (a[i] - t[i]);
        }
        return s;
    }

    static double[] oneHot(int[] labels, int rows) {
        int m = labels.length;
        double[] t = new double[rows * m];
        for (int c = 0; c < m; c++) {
            t[labels[c] * m + c] = 1;
        }
        return t;
    }

    static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
