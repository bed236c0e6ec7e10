package io.github.simdnn.training;

import io.github.simdnn.nn.Dense;
import io.github.simdnn.nn.MeanSquaredError;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer on linear least squares (a Dense(3,1) layer with {@link MeanSquaredError}), full-batch, whose
 * optimum the test computes independently from the normal equations in double precision, with and without L2
 * on the weights (ridge regression; the bias is not regularised).
 */
class OptimizerConvergenceTest {

    private static final int M = 64;
    private static final int D = 3;
    /** Feature scales: the Hessian's eigenvalues spread over a factor of about 16. */
    private static final double[] SCALE = {1.0, 0.5, 2.0};
    private static final double[] TRUE_W = {1.5, -2.0, 0.7};
    private static final double TRUE_B = 0.3;

    private final float[] x = new float[D * M];     // D x M, one sample per column
    private final float[] t = new float[M];

    OptimizerConvergenceTest() {
        SplittableRandom random = new SplittableRandom(11);
        for (int j = 0; j < M; j++) {
            double y = TRUE_B + random.nextDouble(-0.1, 0.1);
            for (int i = 0; i < D; i++) {
                float v = (float) (SCALE[i] * random.nextDouble(-1, 1));
                x[i * M + j] = v;
                y += TRUE_W[i] * v;
            }
            t[j] = (float) y;
        }
    }

    static Stream<Arguments> optimizers() {
        BiFunction<List<Parameter>, Double, Optimizer> sgd = (p, l) -> new Sgd(p, 0.3, l);
        BiFunction<List<Parameter>, Double, Optimizer> momentum = (p, l) -> new Momentum(p, 0.05, 0.9, false, l);
        BiFunction<List<Parameter>, Double, Optimizer> nesterov = (p, l) -> new Momentum(p, 0.05, 0.9, true, l);
        BiFunction<List<Parameter>, Double, Optimizer> adam = (p, l) -> new Adam(p, 0.02, 0.9, 0.999, 1e-8, l);
        return Stream.of(
                Arguments.of("sgd", sgd, 0.0), Arguments.of("sgd", sgd, 0.5),
                Arguments.of("momentum", momentum, 0.0), Arguments.of("momentum", momentum, 0.5),
                Arguments.of("nesterov", nesterov, 0.0), Arguments.of("nesterov", nesterov, 0.5),
                Arguments.of("adam", adam, 0.0), Arguments.of("adam", adam, 0.5));
    }

    @ParameterizedTest(name = "{0}, lambda = {2}")
    @MethodSource("optimizers")
    void reachesTheLeastSquaresOptimum(String name, BiFunction<List<Parameter>, Double, Optimizer> factory,
                                       double lambda) {
        Dense dense = new Dense(D, 1, 5);
        Network network = new Network(List.of(dense), new MeanSquaredError(), M);
        Optimizer optimizer = factory.apply(network.parameters(), lambda);
        double[] optimum = ridgeOptimum(lambda);
        double best = objective(optimum, lambda);
        double start = objective(theta(dense), lambda);
        for (int step = 0; step < 3000; step++) {
            optimizer.zeroGrad();
            network.forward(x, M);
            network.backward(t);
            optimizer.step();
        }
        double[] theta = theta(dense);
        double end = objective(theta, lambda);
        assertTrue(end - best <= 1e-6 * (start - best), name + ": objective " + end + ", optimum " + best
                + ", start " + start);
        for (int i = 0; i <= D; i++) {
            assertTrue(Math.abs(theta[i] - optimum[i]) <= 1e-3, name + ": parameter " + i + " is " + theta[i]
                    + " but the optimum is " + optimum[i]);
        }
    }

    private static double[] theta(Dense dense) {
        float[] w = dense.weight().value();
        return new double[] {w[0], w[1], w[2], dense.bias().value()[0]};
    }

    /** J = (1/M)·Σ_j ½(w·x_j + b - t_j)² + (λ/2)·|w|², in double. */
    private double objective(double[] theta, double lambda) {
        double sum = 0;
        for (int j = 0; j < M; j++) {
            double r = theta[D] - t[j];
            for (int i = 0; i < D; i++) {
                r += theta[i] * x[i * M + j];
            }
            sum += 0.5 * r * r;
        }
        double l2 = 0;
        for (int i = 0; i < D; i++) {
            l2 += theta[i] * theta[i];
        }
        return sum / M + 0.5 * lambda * l2;
    }

    /** Solves (Φ·Φᵀ/M + λ·diag(1,1,1,0))·θ = Φ·t/M, Φ = [x; 1], by Gaussian elimination with pivoting. */
    private double[] ridgeOptimum(double lambda) {
        int n = D + 1;
        double[][] a = new double[n][n + 1];
        for (int j = 0; j < M; j++) {
            double[] phi = {x[j], x[M + j], x[2 * M + j], 1};
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r][c] += phi[r] * phi[c] / M;
                }
                a[r][n] += phi[r] * t[j] / M;
            }
        }
        for (int r = 0; r < D; r++) {
            a[r][r] += lambda;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] theta = new double[n];
        for (int r = 0; r < n; r++) {
            theta[r] = a[r][n] / a[r][r];
        }
        return theta;
    }
}
