package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Parallelism;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * With a {@link Parallelism}, {@link Optimizer#step()} and {@link Optimizer#zeroGrad()} split large parameters
 * (here 300×257 = 77,100 elements, above OptimizerState.MIN_PARALLEL_ELEMENTS per thread) into ranges on several
 * threads. The updates are element-wise, so every optimizer must give the sequential bits.
 */
class OptimizerThreadsTest {

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static Function<List<Parameter>, Optimizer> optimizer(String name) {
        return switch (name) {
            case "sgd" -> p -> new Sgd(p, 0.05);
            case "sgd-l2" -> p -> new Sgd(p, 0.05, 0.01);
            case "momentum" -> p -> new Momentum(p, 0.05, 0.9, false, 0.01);
            case "nesterov" -> p -> new Momentum(p, 0.05, 0.9, true, 0);
            case "adam" -> p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.01);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "sgd-l2", "momentum", "nesterov", "adam"})
    void threadedStepsGiveTheSequentialBits(String name) {
        List<Parameter> one = parameters();
        List<Parameter> three = parameters();
        Optimizer sequential = optimizer(name).apply(one);
        Optimizer threaded = optimizer(name).apply(three);
        threaded.setParallelism(Parallelism.of(pool, 3));
        float[] before = one.get(0).value().clone();
        SplittableRandom r = new SplittableRandom(17);
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < one.size(); i++) {
                float[] g = one.get(i).gradient();
                for (int k = 0; k < g.length; k++) {
                    g[k] = (float) r.nextDouble(-1, 1);
                }
                System.arraycopy(g, 0, three.get(i).gradient(), 0, g.length);
            }
            sequential.step();
            threaded.step();
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i).value(), three.get(i).value(), name + " step " + step + " param " + i);
                assertArrayEquals(one.get(i).gradient(), three.get(i).gradient(), "gradient incl. L2");
            }
        }
        assertNotEquals(before[76_999], one.get(0).value()[76_999], "the last thread's range was updated");
        threaded.zeroGrad();
        for (Parameter p : three) {
            assertArrayEquals(new float[p.size()], p.gradient(), "zeroGrad of " + p.name());
        }
        assertThrows(NullPointerException.class, () -> threaded.setParallelism(null));
    }

    private static List<Parameter> parameters() {
        Parameter weight = new Parameter("weight", Parameter.Kind.WEIGHT, 300, 257);
        Parameter bias = new Parameter("bias", Parameter.Kind.BIAS, 300, 1);
        SplittableRandom r = new SplittableRandom(5);
        float[] w = new float[weight.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) r.nextDouble(-0.5, 0.5);
        }
        weight.setValue(w);
        return List.of(weight, bias);
    }
}
