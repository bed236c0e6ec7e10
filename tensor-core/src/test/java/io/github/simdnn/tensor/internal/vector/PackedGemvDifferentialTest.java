package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.internal.Implementations;
import io.github.simdnn.tensor.internal.PackedGemv;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector packing against the scalar one (the oracle): bit for bit in the rows of 4- and 8-vector panels,
 * where both are one FMA chain from the bias over p in order, and within the reduction's error bound in the
 * 1- and 2-vector panels, which split p into interleaved partial sums. Also the padded storage size.
 */
class PackedGemvDifferentialTest {

    private static final int V = MicroKernels.V;
    private static final double U = Math.ulp(1.0f) / 2;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 31, 127, 257, 784})
    void vectorMatchesScalar(int cols) {
        SplittableRandom rnd = new SplittableRandom(cols);
        for (int rows : new int[] {1, V - 1, V + 1, 2 * V + 3, 3 * V, 4 * V + 1, 7 * V + 5, 8 * V, 15 * V + 2, 16 * V}) {
            float[] a = new float[rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] bias = new float[rows];
            for (int i = 0; i < rows; i++) {
                bias[i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] x = new float[cols];
            for (int p = 0; p < cols; p++) {
                x[p] = (float) rnd.nextDouble(-1, 1);
            }
            PackedGemv vector = new VectorPackedGemv(rows, cols, a, 0, cols, bias, 0);
            PackedGemv scalar = Implementations.scalar().pack(rows, cols, a, 0, cols, bias, 0);
            float[] yv = new float[rows];
            float[] ys = new float[rows];
            vector.multiply(x, 0, yv, 0);
            scalar.multiply(x, 0, ys, 0);

            int vectors = (rows + V - 1) / V;
            assertEquals((long) vectors * V * cols * Float.BYTES, vector.packedBytes(), "padded size of " + rows + "x" + cols);
            int full = rows / V;
            int wide = full / 8 * 8 + (full % 8 >= 4 ? 4 : 0);  // whole vectors in panels of 8 or 4
            for (int i = 0; i < rows; i++) {
                if (i < wide * V) {
                    assertEquals(ys[i], yv[i], rows + "x" + cols + ": y[" + i + "] of a wide panel");
                } else {
                    double magnitude = Math.abs(bias[i]);
                    for (int p = 0; p < cols; p++) {
                        magnitude += Math.abs((double) a[i * cols + p] * x[p]);
                    }
                    double bound = 4 * (cols + 1) * U * magnitude;
                    if (Math.abs(yv[i] - ys[i]) > bound) {
                        fail(rows + "x" + cols + ": y[" + i + "] vector " + yv[i] + " scalar " + ys[i] + " bound " + bound);
                    }
                }
            }
        }
    }
}
