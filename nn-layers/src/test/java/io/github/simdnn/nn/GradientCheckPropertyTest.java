package io.github.simdnn.nn;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Property-based gradient checks: random small networks — 2 to 4 dense layers of 1 to 9 units, a random activation
 * (or none) after each hidden one, and each loss with a matching output — on random batches. The float analytic
 * gradients of every parameter must match central differences of the independent double-precision
 * {@link Reference} network. A counter-example jqwik finds and shrinks becomes a plain test in
 * {@link GradientCheckTest}.
 */
class GradientCheckPropertyTest {

    private static final double EPS = 1e-6;
    private static final double REL = 1e-4;
    private static final double ABS = 1e-6;
    private static final double NORM_REL = 1e-5;
    /** A ReLU input closer to 0 than this could cross the kink within ±EPS; such a sample is not differentiable. */
    private static final double KINK_MARGIN = 1e-3;

    /** A network description: input size, then per dense layer its units and the activation after it. */
    record Architecture(int inputSize, int[] units, String[] activations, String loss) {

        List<LayerSpec> specs() {
            List<LayerSpec> specs = new ArrayList<>();
            int width = inputSize;
            for (int i = 0; i < units.length; i++) {
                specs.add(LayerSpec.dense(width, units[i]));
                width = units[i];
                if (activations[i] != null) {
                    specs.add(LayerSpec.activation(activations[i], width));
                }
            }
            return specs;
        }

        @Override
        public String toString() {
            return loss + " " + specs();
        }
    }

    private static final String[] HIDDEN = {LayerSpec.SIGMOID, LayerSpec.TANH, LayerSpec.RELU, null};
    private static final String[] MSE_OUTPUT = {LayerSpec.SIGMOID, LayerSpec.TANH, LayerSpec.RELU, LayerSpec.SOFTMAX, null};

    @Provide
    Arbitrary<Architecture> architectures() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 9);
        Arbitrary<String> loss = Arbitraries.of(SoftmaxCrossEntropy.NAME, BinaryCrossEntropy.NAME, MeanSquaredError.NAME);
        return Combinators.combine(size, size.list().ofMinSize(2).ofMaxSize(4),
                        Arbitraries.integers().between(0, HIDDEN.length - 1).list().ofSize(3),
                        Arbitraries.integers().between(0, MSE_OUTPUT.length - 1), loss)
                .as((in, unitList, hidden, output, lossName) -> {
                    int dense = unitList.size();
                    int[] units = new int[dense];
                    String[] activations = new String[dense];
                    for (int i = 0; i < dense; i++) {
                        units[i] = unitList.get(i);
                        activations[i] = i < dense - 1 ? HIDDEN[hidden.get(i)] : null;
                    }
                    switch (lossName) {
                        case SoftmaxCrossEntropy.NAME -> {
                            units[dense - 1] = Math.max(2, units[dense - 1]);
                            activations[dense - 1] = LayerSpec.SOFTMAX;
                        }
                        case BinaryCrossEntropy.NAME -> activations[dense - 1] = LayerSpec.SIGMOID;
                        default -> activations[dense - 1] = MSE_OUTPUT[output];
                    }
                    return new Architecture(in, units, activations, lossName);
                });
    }

    private static float[] uniform(SplittableRandom random, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    private static Loss loss(String name) {
        return switch (name) {
            case SoftmaxCrossEntropy.NAME -> new SoftmaxCrossEntropy();
            case BinaryCrossEntropy.NAME -> new BinaryCrossEntropy();
            default -> new MeanSquaredError();
        };
    }

    /** Whether every ReLU input of the double reference forward pass is at least KINK_MARGIN away from 0. */
    private static boolean awayFromReluKinks(List<LayerSpec> specs, List<double[]> params, double[] x, int m) {
        double[] a = x;
        int p = 0;
        for (LayerSpec spec : specs) {
            if (spec.isDense()) {
                a = Reference.dense(params.get(p), params.get(p + 1), spec.outputSize(), spec.inputSize(), a, m);
                p += 2;
            } else {
                if (spec.type().equals(LayerSpec.RELU)) {
                    for (double z : a) {
                        if (Math.abs(z) < KINK_MARGIN) {
                            return false;
                        }
                    }
                }
                a = Reference.activation(spec.type(), a, spec.outputSize(), m);
            }
        }
        return true;
    }

    @Property(tries = 150)
    void analyticGradientsMatchCentralDifferencesOfTheDoubleReference(
            @ForAll("architectures") Architecture arch, @ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LayerSpec> specs = arch.specs();
        Network network = Network.fromSpecs(specs, loss(arch.loss()), m, random.nextLong());
        int out = network.outputSize();
        float[] x = uniform(random, arch.inputSize() * m, -1, 1);
        List<double[]> params = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            params.add(Reference.doubles(p.value()));
        }
        double[] xd = Reference.doubles(x);
        Assume.that(awayFromReluKinks(specs, params, xd, m));
        Statistics.label("loss").collect(arch.loss());
        Statistics.label("dense layers").collect(arch.units().length);

        network.zeroGradients();
        network.forward(x, m);
        double[] targets;
        double loss;
        if (arch.loss().equals(SoftmaxCrossEntropy.NAME)) {
            int[] labels = new int[m];
            for (int c = 0; c < m; c++) {
                labels[c] = random.nextInt(out);
            }
            targets = Reference.oneHot(labels, out);
            loss = network.loss(labels);
            network.backward(labels);
        } else {
            float[] t = arch.loss().equals(BinaryCrossEntropy.NAME)
                    ? uniform(random, out * m, 0, 1) : uniform(random, out * m, -1, 1);
            targets = Reference.doubles(t);
            loss = network.loss(t);
            network.backward(t);
        }
        Golden.close(arch + " loss vs the double reference", Reference.loss(specs, params, arch.loss(), xd, targets, m),
                loss);

        List<double[]> analytic = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            analytic.add(Reference.doubles(p.gradient()));
        }
        List<double[]> numeric = Reference.centralDifferences(specs, params, arch.loss(), xd, targets, m, EPS);
        compare(arch + ", m=" + m, analytic, numeric);
    }

    /**
     * Per element {@code |a - n| <= REL·max(|a|, |n|) + ABS}, and overall {@code ‖a - n‖ / (‖a‖ + ‖n‖) < NORM_REL}
     * unless both norms are within the absolute tolerance ({@code ‖a‖ + ‖n‖ <= ABS·√count}): a gradient that is zero
     * in exact arithmetic leaves only rounding in float (e.g. a ReLU off for the whole batch before a softmax whose
     * columns all equal the label frequencies: analytic 3e-8 against numeric 1e-10, seed -3135321773602168194).
     */
    private static void compare(String what, List<double[]> analytic, List<double[]> numeric) {
        double diff = 0;
        double na = 0;
        double nn = 0;
        int count = 0;
        for (int k = 0; k < analytic.size(); k++) {
            double[] a = analytic.get(k);
            double[] n = numeric.get(k);
            count += a.length;
            for (int i = 0; i < a.length; i++) {
                double allowed = REL * Math.max(Math.abs(a[i]), Math.abs(n[i])) + ABS;
                if (!(Math.abs(a[i] - n[i]) <= allowed)) {
                    throw new AssertionError(what + ": parameter " + k + " element " + i + ": analytic " + a[i]
                            + " vs numeric " + n[i] + " (|diff| " + Math.abs(a[i] - n[i]) + " > " + allowed + ")");
                }
                diff += (a[i] - n[i]) * (a[i] - n[i]);
                na += a[i] * a[i];
                nn += n[i] * n[i];
            }
        }
        if (Math.sqrt(na) + Math.sqrt(nn) > ABS * Math.sqrt(count)) {
            double norm = Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nn));
            if (!(norm < NORM_REL)) {
                throw new AssertionError(what + ": relative norm of the difference " + norm + " >= " + NORM_REL);
            }
        }
    }
}
