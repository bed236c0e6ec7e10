package io.github.simdnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A first-order bound on how far the float network's analytic gradients may be from the exact gradients through
 * rounding alone: a running error analysis (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.3)
 * carried beside the double {@link Reference} forward and backward pass. Every value carries a bound on the
 * absolute error its float twin may have; each operation adds its own rounding, measured against the magnitudes
 * it combines, and passes on its inputs' errors through its derivative:
 * <ul>
 *   <li>a sum of n products, in any order: {@code n·u·Σ|x||y|} plus the propagated {@code Σ(δx|y| + |x|δy)};</li>
 *   <li>sigmoid, tanh and exp: {@link #ACT} relative, plus {@code |f'|·δz};</li>
 *   <li>{@code (A - T)/m}: {@code 3u·(|A| + |T|)/m} plus {@code δA/m}.</li>
 * </ul>
 * Where a result cancels — {@code A ≈ T} at the output, or {@code W₁·dz₁ + W₂·dz₂} with {@code W₁ ≈ W₂} under a
 * two-class softmax, whose columns of dZ sum to 0 — the bound is large against the gradient, because the float
 * gradient really is that inaccurate there: these are the samples on which a fixed relative tolerance fails
 * (see the counter-examples in {@link GradientCheckPropertyTest}). Elsewhere it is a few hundred u relative.
 *
 * <p>Mirrors {@link Network}: with softmax cross-entropy or binary cross-entropy the last activation is fused
 * into the loss ({@code dZ = (A - T)/m}); with mean squared error the gradient {@code (A - T)/m} of the output
 * passes back through every layer.
 */
final class RoundingBound {

    /** Unit roundoff of float. */
    static final double U = 0x1p-24;
    /**
     * Relative error of the float sigmoid, tanh and exp kernels: measured at most 2.4e-7 = 4.03u for sigmoid (its
     * exp, 2.75u, then an add and a divide), 2.0e-7 for tanh (tensor-core's VectorMath; the scalar kernels round a
     * double result once), rounded up to 5u.
     */
    static final double ACT = 5 * U;

    private RoundingBound() {
    }

    /**
     * Bounds on the rounding error of each element of each parameter's gradient (same shapes as {@code params}):
     * the loss and layers of {@link Reference#loss}, at parameters {@code params}, inputs {@code x} and
     * {@code targets} (one-hot for labels), batch {@code m}.
     */
    static List<double[]> gradients(List<LayerSpec> specs, List<double[]> params, String lossName,
                                    double[] x, double[] targets, int m) {
        int layers = specs.size();
        double[][] value = new double[layers + 1][];
        double[][] error = new double[layers + 1][];
        value[0] = x;
        error[0] = new double[x.length];
        int p = 0;
        for (int l = 0; l < layers; l++) {
            LayerSpec spec = specs.get(l);
            int rows = spec.outputSize();
            if (spec.isDense()) {
                double[] w = params.get(p);
                double[] b = params.get(p + 1);
                p += 2;
                value[l + 1] = Reference.dense(w, b, rows, spec.inputSize(), value[l], m);
                error[l + 1] = denseForward(w, b, rows, spec.inputSize(), value[l], error[l], m);
            } else {
                value[l + 1] = Reference.activation(spec.type(), value[l], rows, m);
                error[l + 1] = activationForward(spec.type(), value[l], error[l], value[l + 1], rows, m);
            }
        }

        double[] a = value[layers];
        double[] ea = error[layers];
        double[] g = new double[a.length];
        double[] eg = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            g[i] = (a[i] - targets[i]) / m;
            eg[i] = (ea[i] + 3 * U * (Math.abs(a[i]) + Math.abs(targets[i]))) / m;
        }
        boolean fused = !lossName.equals(MeanSquaredError.NAME);
        int top = fused ? layers - 1 : layers;

        double[][] bounds = new double[params.size()][];
        p = params.size();
        for (int l = top - 1; l >= 0; l--) {
            LayerSpec spec = specs.get(l);
            int rows = spec.outputSize();
            if (spec.isDense()) {
                p -= 2;
                int in = spec.inputSize();
                double[] w = params.get(p);
                bounds[p] = weightGradient(g, eg, value[l], error[l], rows, in, m);
                bounds[p + 1] = biasGradient(g, eg, rows, m);
                if (l > 0) {
                    double[] next = new double[in * m];
                    double[] enext = new double[in * m];
                    inputGradient(w, g, eg, rows, in, m, next, enext);
                    g = next;
                    eg = enext;
                }
            } else {
                double[] next = new double[g.length];
                double[] enext = new double[g.length];
                activationBackward(spec.type(), value[l], value[l + 1], error[l + 1], g, eg, rows, m, next, enext);
                g = next;
                eg = enext;
            }
        }
        return new ArrayList<>(Arrays.asList(bounds));
    }

    /** {@code Z = W·A + b}: {@code (in + 2)·u·(|W||A| + |b|) + |W|·δA}. */
    private static double[] denseForward(double[] w, double[] b, int out, int in, double[] a, double[] ea, int m) {
        double[] e = new double[out * m];
        for (int k = 0; k < out; k++) {
            for (int c = 0; c < m; c++) {
                double magnitude = Math.abs(b[k]);
                double propagated = 0;
                for (int j = 0; j < in; j++) {
                    magnitude += Math.abs(w[k * in + j] * a[j * m + c]);
                    propagated += Math.abs(w[k * in + j]) * ea[j * m + c];
                }
                e[k * m + c] = (in + 2) * U * magnitude + propagated;
            }
        }
        return e;
    }

    private static double[] activationForward(String type, double[] z, double[] ez, double[] a, int rows, int m) {
        double[] e = new double[a.length];
        switch (type) {
            case LayerSpec.SIGMOID -> {
                for (int i = 0; i < a.length; i++) {
                    e[i] = a[i] * (1 - a[i]) * ez[i] + ACT * a[i];
                }
            }
            case LayerSpec.TANH -> {
                for (int i = 0; i < a.length; i++) {
                    e[i] = (1 - a[i] * a[i]) * ez[i] + ACT * Math.abs(a[i]);
                }
            }
            case LayerSpec.RELU -> {
                for (int i = 0; i < a.length; i++) {
                    e[i] = z[i] > 0 ? ez[i] : 0;
                }
            }
            case LayerSpec.SOFTMAX -> {
                // ∂A_i/∂Z_j = A_i(δ_ij - A_j); rounding: exp of (z_i - max), whose subtraction moves the argument
                // by u|z_i - max|, the sum of `rows` terms, the division.
                for (int c = 0; c < m; c++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int r = 0; r < rows; r++) {
                        max = Math.max(max, z[r * m + c]);
                    }
                    double weighted = 0;
                    double spread = 0;
                    for (int r = 0; r < rows; r++) {
                        weighted += a[r * m + c] * ez[r * m + c];
                        spread = Math.max(spread, max - z[r * m + c]);
                    }
                    for (int r = 0; r < rows; r++) {
                        int i = r * m + c;
                        double rounding = 2 * ACT + U * (max - z[i] + spread) + (rows + 1) * U;
                        e[i] = a[i] * (ez[i] + weighted) + rounding * a[i];
                    }
                }
            }
            default -> throw new IllegalArgumentException(type);
        }
        return e;
    }

    /** {@code dW = dZ·Aᵀ}, a sum of m products per element. */
    private static double[] weightGradient(double[] g, double[] eg, double[] a, double[] ea, int out, int in, int m) {
        double[] e = new double[out * in];
        for (int k = 0; k < out; k++) {
            for (int j = 0; j < in; j++) {
                double magnitude = 0;
                double propagated = 0;
                for (int c = 0; c < m; c++) {
                    double gk = Math.abs(g[k * m + c]);
                    double aj = Math.abs(a[j * m + c]);
                    magnitude += gk * aj;
                    propagated += eg[k * m + c] * aj + gk * ea[j * m + c];
                }
                e[k * in + j] = (m + 2) * U * magnitude + propagated;
            }
        }
        return e;
    }

    /** {@code db = Σ_columns dZ}. */
    private static double[] biasGradient(double[] g, double[] eg, int out, int m) {
        double[] e = new double[out];
        for (int k = 0; k < out; k++) {
            double magnitude = 0;
            double propagated = 0;
            for (int c = 0; c < m; c++) {
                magnitude += Math.abs(g[k * m + c]);
                propagated += eg[k * m + c];
            }
            e[k] = (m + 1) * U * magnitude + propagated;
        }
        return e;
    }

    /** {@code dA = Wᵀ·dZ} into {@code next}, its bound into {@code enext}. */
    private static void inputGradient(double[] w, double[] g, double[] eg, int out, int in, int m,
                                      double[] next, double[] enext) {
        for (int j = 0; j < in; j++) {
            for (int c = 0; c < m; c++) {
                double sum = 0;
                double magnitude = 0;
                double propagated = 0;
                for (int k = 0; k < out; k++) {
                    double wkj = w[k * in + j];
                    sum += wkj * g[k * m + c];
                    magnitude += Math.abs(wkj * g[k * m + c]);
                    propagated += Math.abs(wkj) * eg[k * m + c];
                }
                next[j * m + c] = sum;
                enext[j * m + c] = (out + 2) * U * magnitude + propagated;
            }
        }
    }

    /** {@code dZ} from {@code dA} ({@code d}, bound {@code ed}) through an activation with input z, output a. */
    private static void activationBackward(String type, double[] z, double[] a, double[] ea, double[] d, double[] ed,
                                           int rows, int m, double[] dz, double[] edz) {
        switch (type) {
            case LayerSpec.SIGMOID -> {
                for (int i = 0; i < a.length; i++) {
                    double s = a[i] * (1 - a[i]);
                    dz[i] = d[i] * s;
                    edz[i] = ed[i] * s + Math.abs(d[i]) * (Math.abs(1 - 2 * a[i]) * ea[i] + 3 * U * s);
                }
            }
            case LayerSpec.TANH -> {
                // 1 - A² cancels as |A| → 1: absolute rounding u·A² + u·(1 - A²) <= u, then one more product.
                for (int i = 0; i < a.length; i++) {
                    double s = 1 - a[i] * a[i];
                    dz[i] = d[i] * s;
                    edz[i] = ed[i] * s + Math.abs(d[i]) * (2 * Math.abs(a[i]) * ea[i] + 3 * U);
                }
            }
            case LayerSpec.RELU -> {
                for (int i = 0; i < a.length; i++) {
                    dz[i] = z[i] > 0 ? d[i] : 0;
                    edz[i] = z[i] > 0 ? ed[i] : 0;
                }
            }
            case LayerSpec.SOFTMAX -> {
                // dZ_i = A_i(dA_i - s), s = Σ_j A_j dA_j.
                for (int c = 0; c < m; c++) {
                    double s = 0;
                    double sAbs = 0;
                    double sErr = 0;
                    for (int r = 0; r < rows; r++) {
                        int i = r * m + c;
                        s += a[i] * d[i];
                        sAbs += a[i] * Math.abs(d[i]);
                        sErr += a[i] * ed[i] + ea[i] * Math.abs(d[i]);
                    }
                    for (int r = 0; r < rows; r++) {
                        int i = r * m + c;
                        dz[i] = a[i] * (d[i] - s);
                        edz[i] = a[i] * (ed[i] + sErr) + ea[i] * Math.abs(d[i] - s)
                                + (rows + 3) * U * a[i] * (Math.abs(d[i]) + sAbs);
                    }
                }
            }
            default -> throw new IllegalArgumentException(type);
        }
    }
}
