package io.github.simdnn.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.github.simdnn.training.GoldenTolerance.close;
import static io.github.simdnn.training.GoldenTolerance.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One {@link Sgd} step against golden cases A and B of backprop-examples.md (eta = 0.01). */
class SgdGoldenTest {

    @Test
    void caseAOneSampleOneStep() {
        GoldenNetwork g = new GoldenNetwork(1);
        Sgd sgd = new Sgd(g.network.parameters(), 0.01);
        float[] x = floats(0.5, 0.6);
        int[] label = {0};

        sgd.zeroGrad();
        g.network.forward(x, 1);
        close("loss", 0.87875054, g.network.loss(label));
        g.network.backward(label);
        sgd.step();

        close("dW1", g.dense1.weight().gradient(), 0.014354263, 0.017225116, 0.013415699, 0.016098839);
        close("db1", g.dense1.bias().gradient(), 0.028708526, 0.026831398);
        close("dW2", g.dense2.weight().gradient(), -0.33157838, -0.37617464, 0.33157838, 0.37617464);
        close("db2", g.dense2.bias().gradient(), -0.58469851, 0.58469851);
        close("W1'", g.dense1.weight().value(), 0.099856457, 0.19982775, 0.29986584, 0.39983901);
        close("b1'", g.dense1.bias().value(), 0.099712915, 0.19973169);
        close("W2'", g.dense2.weight().value(), 0.70331578, 0.80376175, 0.89668422, 0.99623825);
        close("b2'", g.dense2.bias().value(), 0.10584699, 0.19415301);

        g.network.forward(x, 1);
        close("loss after step", 0.86691035, g.network.loss(label));
        assertEquals(1, sgd.steps());
    }

    /** Columns of the golden case B table: lambda, J, dW1, dW2, W1', W2', CE after, J after. */
    @ParameterizedTest(name = "lambda = {0}")
    @CsvSource({
        "0,     0.71221638, 0.011070412, 0.0041139214, 0.010294646, 0.0037407706,"
            + " -0.052966390, -0.069423452, 0.052966390, 0.069423452,"
            + " 0.099889296, 0.19995886, 0.29989705, 0.39996259, 0.70052966, 0.80069423, 0.89947034, 0.99930577,"
            + " 0.71192661, 0.71192661",
        "0.001, 0.71383638, 0.011170412, 0.0043139214, 0.010594646, 0.0041407706,"
            + " -0.052266390, -0.068623452, 0.053866390, 0.070423452,"
            + " 0.099888296, 0.19995686, 0.29989405, 0.39995859, 0.70052266, 0.80068623, 0.89946134, 0.99929577,"
            + " 0.71192630, 0.71354596"
    })
    void caseBBatchOfFourWithL2(double lambda, double j,
                                double dw1a, double dw1b, double dw1c, double dw1d,
                                double dw2a, double dw2b, double dw2c, double dw2d,
                                double w1a, double w1b, double w1c, double w1d,
                                double w2a, double w2b, double w2c, double w2d,
                                double ceAfter, double jAfter) {
        GoldenNetwork g = new GoldenNetwork(4);
        Sgd sgd = new Sgd(g.network.parameters(), 0.01, lambda);
        float[] x = floats(0.5, 0.1, -0.3, 0.9, 0.6, -0.2, 0.8, 0.4);   // 2x4, one sample per column
        int[] labels = {0, 1, 1, 0};

        g.network.zeroGradients();
        g.network.forward(x, 4);
        double ce = g.network.loss(labels);
        close("CE", 0.71221638, ce);
        close("J", j, ce + g.network.l2Penalty(lambda));
        g.network.backward(labels);
        sgd.step();

        // After the step the weight gradients hold dJ/dW = mean dW + lambda * W; bias gradients are untouched.
        close("dW1", g.dense1.weight().gradient(), dw1a, dw1b, dw1c, dw1d);
        close("dW2", g.dense2.weight().gradient(), dw2a, dw2b, dw2c, dw2d);
        close("db1", g.dense1.bias().gradient(), 0.0039286440, 0.0030995170);
        close("db2", g.dense2.bias().gradient(), -0.082340852, 0.082340852);
        close("W1'", g.dense1.weight().value(), w1a, w1b, w1c, w1d);
        close("W2'", g.dense2.weight().value(), w2a, w2b, w2c, w2d);
        close("b1'", g.dense1.bias().value(), 0.099960714, 0.19996900);
        close("b2'", g.dense2.bias().value(), 0.10082341, 0.19917659);

        g.network.forward(x, 4);
        double ceNext = g.network.loss(labels);
        close("CE after step", ceAfter, ceNext);
        close("J after step", jAfter, ceNext + g.network.l2Penalty(lambda));
    }
}
