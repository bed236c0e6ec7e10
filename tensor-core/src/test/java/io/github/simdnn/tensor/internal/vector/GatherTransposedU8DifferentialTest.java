package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.ScalarElementKernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ElementKernels#gatherTransposedU8} of the Vector API kernels (16×16 byte tiles widened to floats, plus
 * scalar edges) and of the scalar kernels against a plain loop, over the shapes of
 * {@link GatherTransposedDifferentialTest}: bytes over the whole 0..255 range (so a sign-extending conversion
 * fails), a step, offsets and scales that differ per column (so a column mix-up fails), non-zero offsets, wider
 * leading dimensions, and guard values around the written block. Each element is three float operations rounded in
 * a fixed order, so the comparison is exact.
 */
class GatherTransposedU8DifferentialTest {

    private static final int[] COUNTS = {0, 1, 3, 15, 16, 17, 31, 33, 127};
    private static final int[] WIDTHS = {1, 3, 13, 16, 17, 31, 64, 257, 784};
    private static final float GUARD = -12345.678f;

    static Stream<Arguments> cases() {
        ElementKernels[] impls = {new VectorElementKernels(), new ScalarElementKernels()};
        return Arrays.stream(impls).flatMap(k -> Arrays.stream(COUNTS).boxed().flatMap(count -> Arrays.stream(WIDTHS)
                .boxed().flatMap(width -> Stream.of(true, false).map(gather ->
                        Arguments.of(k.getClass().getSimpleName(), k, count, width, gather)))));
    }

    @ParameterizedTest(name = "{0} count={2} width={3} gather={4}")
    @MethodSource("cases")
    void matchesThePlainLoop(String name, ElementKernels kernels, int count, int width, boolean gather) {
        SplittableRandom rnd = new SplittableRandom(37L * count + width + (gather ? 11 : 0));
        int rowsOff = rnd.nextInt(0, 4);
        int srcRows = gather ? 40 : rowsOff + count;
        int lds = width + rnd.nextInt(0, 5);
        int srcOff = rnd.nextInt(0, 9);
        byte[] src = new byte[srcOff + srcRows * lds + 3];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) rnd.nextInt(256);
        }
        float step = (float) rnd.nextDouble(0.001, 2);
        float[] offset = new float[width + 2];
        float[] scale = new float[width + 2];
        for (int f = 0; f < offset.length; f++) {
            offset[f] = (float) rnd.nextDouble(-3, 3);
            scale[f] = (float) rnd.nextDouble(-5, 5);
        }
        int[] rows = null;
        if (gather) {
            rows = new int[rowsOff + count + 2];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = rnd.nextInt(srcRows);  // repeats are likely: 40 rows, up to 127 picks
            }
        }
        int ldo = count + rnd.nextInt(0, 5);
        int outOff = rnd.nextInt(0, 9);
        float[] out = new float[outOff + width * ldo + 7];
        Arrays.fill(out, GUARD);
        float[] expected = out.clone();
        for (int f = 0; f < width; f++) {
            for (int j = 0; j < count; j++) {
                int row = rows == null ? rowsOff + j : rows[rowsOff + j];
                int u = Byte.toUnsignedInt(src[srcOff + row * lds + f]);
                float scaled = u * step;
                float shifted = scaled - offset[f];
                expected[outOff + f * ldo + j] = shifted * scale[f];
            }
        }

        kernels.gatherTransposedU8(count, width, src, srcOff, lds, rows, rowsOff, step, offset, scale, out, outOff,
                ldo);

        for (int i = 0; i < out.length; i++) {
            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(expected[i])) {
                int rel = i - outOff;
                fail(name + ": out[" + i + "] (column " + Math.floorMod(rel, Math.max(1, ldo)) + " of feature "
                        + Math.floorDiv(rel, Math.max(1, ldo)) + ") expected " + expected[i] + " but was " + out[i]);
            }
        }
    }
}
