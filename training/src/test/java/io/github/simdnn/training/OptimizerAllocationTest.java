package io.github.simdnn.training;

import io.github.simdnn.nn.Parameter;
import io.github.simdnn.testsupport.AllocatedBytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Optimizer#step()} allocates nothing once the JIT has compiled the Blas kernels, measured with the
 * per-thread allocation counter ({@link AllocatedBytes}). Steps run in rounds until two consecutive rounds allocate
 * nothing; the test fails if that does not happen within the round limit.
 */
class OptimizerAllocationTest {

    private static final int STEPS_PER_ROUND = 1000;

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam"})
    void stepAllocatesNothing(String name) {
        Parameter weight = new Parameter("weight", Parameter.Kind.WEIGHT, 37, 29);   // odd sizes: vector tails
        Parameter bias = new Parameter("bias", Parameter.Kind.BIAS, 37, 1);
        for (int i = 0; i < weight.size(); i++) {
            weight.gradient()[i] = (i % 7 - 3) * 1e-3f;
        }
        bias.gradient()[5] = 1e-3f;
        List<Parameter> ps = List.of(weight, bias);
        Optimizer optimizer = switch (name) {
            case "sgd" -> new Sgd(ps, 1e-3, 1e-4);
            case "momentum" -> new Momentum(ps, 1e-3, 0.9, false, 1e-4);
            case "nesterov" -> new Momentum(ps, 1e-3, 0.9, true, 1e-4);
            default -> new Adam(ps, 1e-4, 0.9, 0.999, 1e-8, 1e-4);
        };
        long bytes = AllocatedBytes.steadyState(new Thread[] {Thread.currentThread()}, STEPS_PER_ROUND,
                optimizer::step);
        assertEquals(0, bytes, name + ": bytes allocated by " + STEPS_PER_ROUND + " steps in the last round");
    }
}
