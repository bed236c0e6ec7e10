package io.github.simdnn.nn;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.simdnn.nn.Golden.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden case F: a 5-4-3 network (sigmoid hidden layer, softmax + cross-entropy) with parameters from the LCG
 * recipe, batch of 3, lambda = 0.001. The float gradients are compared with the printed float64 gradients and
 * with central differences of an independent double-precision forward pass ({@link Reference}).
 */
class GoldenCaseFTest {

    private static final double LAMBDA = 0.001;
    private static final int[] LABELS = {0, 2, 1};
    private static final List<LayerSpec> SPECS = List.of(LayerSpec.dense(5, 4), LayerSpec.activation("sigmoid", 4),
            LayerSpec.dense(4, 3), LayerSpec.activation("softmax", 3));

    private static final double[][] GOLDEN_DW1 = {
        {-0.020427506, -0.0018108690, -0.0039472652, -0.021345934, 0.012421025},
        {0.019029283, 0.0034385198, -0.013931480, 0.034090157, -0.015981851},
        {0.0018382179, -0.0087067367, 0.027190420, -0.012843100, -0.0024388053},
        {-0.066476087, 0.014225259, -0.043141300, -0.058186005, 0.050747383}};
    private static final double[] GOLDEN_DB1 = {0.0040105999, -0.0027462022, -0.021329707, 0.059300922};
    private static final double[][] GOLDEN_DW2 = {
        {-0.18434258, -0.16091859, -0.10288979, -0.078703508},
        {0.0092582832, 0.013223077, -0.041238544, -0.023450788},
        {0.17376174, 0.14783085, 0.14424806, 0.10140360}};
    private static final double[] GOLDEN_DB2 = {-0.22227835, 0.038338457, 0.18393989};

    /** The recipe's generator: a 32-bit LCG, exact in long arithmetic. */
    private static final class Lcg {
        long state = 12345;

        double next() {
            state = (1664525L * state + 1013904223L) & 0xFFFFFFFFL;
            return state / 4294967296.0;
        }

        double[] values(int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = -1 + 2 * next();
            }
            return v;
        }
    }

    /** W1, b1, W2, b2, X in fill order, as doubles. */
    private static List<double[]> draw() {
        Lcg lcg = new Lcg();
        return List.of(lcg.values(20), lcg.values(4), lcg.values(12), lcg.values(3), lcg.values(15));
    }

    @Test
    void generatorMatchesTheRecipe() {
        Lcg lcg = new Lcg();
        assertEquals(0.020402685739099979, lcg.next(), 0);
        assertEquals(87628868L, lcg.state);
        assertEquals(0.016547848237678409, lcg.next(), 0);
        assertEquals(0.54315579449757934, lcg.next(), 0);
        List<double[]> p = draw();
        close("W1[0][0]", -0.95919463, p.get(0)[0]);
        close("W1[3][4]", 0.90552831, p.get(0)[19]);
        close("b1[3]", -0.00015073223, p.get(1)[3]);
        close("W2[2][3]", 0.92455359, p.get(2)[11]);
        close("b2[0]", -0.96906920, p.get(3)[0]);
        close("X[0][0]", -0.35772942, p.get(4)[0]);
        close("X[4][2]", 0.52284430, p.get(4)[14]);
    }

    private static Network network(List<double[]> p) {
        Network network = Network.fromSpecs(SPECS, new SoftmaxCrossEntropy(), 3, 99);
        Dense d1 = (Dense) network.layers().get(0);
        Dense d2 = (Dense) network.layers().get(2);
        d1.setWeights(Golden.floats(p.get(0)));
        d1.setBias(Golden.floats(p.get(1)));
        d2.setWeights(Golden.floats(p.get(2)));
        d2.setBias(Golden.floats(p.get(3)));
        return network;
    }

    /** The analytic gradient of J = CE + (lambda/2)·ΣW², as dW1, db1, dW2, db2 (the test adds lambda·W as the optimizer will). */
    private static List<double[]> analytic(Network network, float[] x) {
        network.zeroGradients();
        network.forward(x, 3);
        network.backward(LABELS);
        List<double[]> g = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            double[] d = new double[p.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = p.gradient()[i] + (p.isWeight() ? LAMBDA * p.value()[i] : 0);
            }
            g.add(d);
        }
        return g;
    }

    @Test
    void lossAndObjective() {
        List<double[]> p = draw();
        Network network = network(p);
        network.forward(Golden.floats(p.get(4)), 3);
        double ce = network.loss(LABELS);
        close("CE", 1.3056370, ce);
        close("J", 1.3117921, ce + network.l2Penalty(LAMBDA));
    }

    @Test
    void analyticGradientMatchesTheGoldenGradient() {
        List<double[]> p = draw();
        List<double[]> g = analytic(network(p), Golden.floats(p.get(4)));
        List<double[]> golden = List.of(flat(GOLDEN_DW1), GOLDEN_DB1, flat(GOLDEN_DW2), GOLDEN_DB2);
        // Recommended: float32 analytic vs float64 golden, norm_rel < 1e-5, element |a-n| <= 1e-5·max + 1e-7.
        compare("float analytic vs golden", g, golden, 1e-5, 1e-7, 1e-5);
    }

    @Test
    void centralDifferencesInDoubleAgreeWithGoldenAndAnalytic() {
        List<double[]> p = draw();
        double[] x = p.get(4);
        List<double[]> params = new ArrayList<>(p.subList(0, 4));
        List<double[]> numeric = new ArrayList<>();
        double eps = 1e-3;
        for (int k = 0; k < params.size(); k++) {
            double[] theta = params.get(k);
            double[] n = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + eps;
                double plus = objective(params, x);
                theta[i] = saved - eps;
                double minus = objective(params, x);
                theta[i] = saved;
                n[i] = (plus - minus) / (2 * eps);
            }
            numeric.add(n);
        }
        List<double[]> golden = List.of(flat(GOLDEN_DW1), GOLDEN_DB1, flat(GOLDEN_DW2), GOLDEN_DB2);
        // Recommended for float64 central differences, eps = 1e-3: norm_rel < 1e-6, |a-n| <= 1e-5·max + 1e-8.
        compare("double central differences vs golden", numeric, golden, 1e-5, 1e-8, 1e-6);
        List<double[]> g = analytic(network(p), Golden.floats(x));
        compare("float analytic vs double central differences", g, numeric, 1e-5, 1e-7, 1e-5);
    }

    private static double objective(List<double[]> params, double[] x) {
        double ce = Reference.loss(SPECS, params, SoftmaxCrossEntropy.NAME, x, Reference.oneHot(LABELS, 3), 3);
        double sq = 0;
        for (double[] w : List.of(params.get(0), params.get(2))) {
            for (double v : w) {
                sq += v * v;
            }
        }
        return ce + LAMBDA / 2 * sq;
    }

    /** Element rule |a - n| <= rel·max(|a|, |n|) + abs, and ||a - n|| / (||a|| + ||n||) < normRel over all 39. */
    static void compare(String what, List<double[]> a, List<double[]> n, double rel, double abs, double normRel) {
        assertEquals(n.size(), a.size(), what + ": parameter count");
        double diff = 0;
        double na = 0;
        double nn = 0;
        for (int k = 0; k < a.size(); k++) {
            assertEquals(n.get(k).length, a.get(k).length, what + ": size of parameter " + k);
            for (int i = 0; i < a.get(k).length; i++) {
                double x = a.get(k)[i];
                double y = n.get(k)[i];
                double allowed = rel * Math.max(Math.abs(x), Math.abs(y)) + abs;
                if (!(Math.abs(x - y) <= allowed)) {
                    fail(what + ": parameter " + k + " element " + i + ": " + x + " vs " + y + " (|diff| "
                            + Math.abs(x - y) + " > " + allowed + ")");
                }
                diff += (x - y) * (x - y);
                na += x * x;
                nn += y * y;
            }
        }
        double norm = Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nn));
        assertTrue(norm < normRel, what + ": norm_rel " + norm + " >= " + normRel);
    }

    private static double[] flat(double[][] m) {
        double[] f = new double[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, f, r * m[0].length, m[0].length);
        }
        return f;
    }
}
