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
 * {@link ElementKernels#gatherTransposed} and {@link ElementKernels#gatherTransposedU8} of the Vector API kernels
 * (16×16 or 8×8 register tiles plus scalar edges) and of the scalar kernels against a plain loop: row counts and
 * widths on both sides of both tile sizes (0 to 127 rows; 1 to 784 columns), consecutive rows (a
 * plain transpose) and gathered rows with repeats, non-zero offsets, leading dimensions wider than the matrices,
 * and guard values in every element of the output array that is not written (the gaps between columns and around
 * the block). A transpose only moves values, and the byte form computes {@code (u·step − offset[c])·scale[c]} with
 * three rounded operations in a fixed order, so both comparisons are exact. The bytes span 0..255 (a
 * sign-extending conversion fails), and offsets and scales differ per column (a column mix-up fails).
 */
class GatherTransposedDifferentialTest {

    // Tiles are 16×16 on 16-lane species and 8×8 on 8-lane ones: sizes around both, with tails of every kind.
    private static final int[] COUNTS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 127};
    private static final int[] WIDTHS = {1, 3, 8, 9, 13, 16, 17, 31, 64, 257, 784};
    private static final float GUARD = -12345.678f;

    static Stream<Arguments> cases() {
        ElementKernels[] impls = {new VectorElementKernels(), new ScalarElementKernels()};
        return Arrays.stream(impls).flatMap(k -> Arrays.stream(COUNTS).boxed().flatMap(count -> Arrays.stream(WIDTHS)
                .boxed().flatMap(width -> Stream.of(true, false).flatMap(gather -> Stream.of(false, true).map(part ->
                        Arguments.of(k.getClass().getSimpleName(), k, count, width, gather, part))))));
    }

    /**
     * The columns a case computes: all of them, or (part) a range like a thread's share of a split gather: from
     * column 16 (a range boundary) when the width reaches 32, else from 0, to 3 short of the end (at least one
     * column), so that tiles start mid-matrix and the range ends in an edge. Columns outside it keep their guards.
     */
    private static int[] columns(int width, boolean part) {
        if (!part) {
            return new int[] {0, width};
        }
        int from = width >= 32 ? 16 : 0;
        return new int[] {from, Math.min(width, Math.max(from + 1, width - 3))};
    }

    /** Where the source rows and the output block lie: random offsets, gaps and (for a gather) row picks. */
    private record Layout(int rowsOff, int srcRows, int lds, int srcOff, int[] rows, int ldo, int outOff,
                          int outLength) {

        static Layout random(SplittableRandom rnd, int count, int width, boolean gather) {
            int rowsOff = rnd.nextInt(0, 4);
            int srcRows = gather ? 40 : rowsOff + count;
            int lds = width + rnd.nextInt(0, 5);
            int srcOff = rnd.nextInt(0, 9);
            int[] rows = null;
            if (gather) {
                rows = new int[rowsOff + count + 2];
                for (int j = 0; j < rows.length; j++) {
                    rows[j] = rnd.nextInt(srcRows);  // repeats are likely: 40 rows, up to 127 picks
                }
            }
            int ldo = count + rnd.nextInt(0, 5);
            int outOff = rnd.nextInt(0, 9);
            return new Layout(rowsOff, srcRows, lds, srcOff, rows, ldo, outOff, outOff + width * ldo + 7);
        }

        int srcLength() {
            return srcOff + srcRows * lds + 3;
        }

        /** Index into the source of column f of the j-th row taken. */
        int src(int j, int f) {
            int row = rows == null ? rowsOff + j : rows[rowsOff + j];
            return srcOff + row * lds + f;
        }

        /** The output array filled with guards. */
        float[] guardedOut() {
            float[] out = new float[outLength];
            Arrays.fill(out, GUARD);
            return out;
        }
    }

    @ParameterizedTest(name = "{0} count={2} width={3} gather={4} part={5}")
    @MethodSource("cases")
    void floatsMatchThePlainLoop(String name, ElementKernels kernels, int count, int width, boolean gather,
                                 boolean part) {
        SplittableRandom rnd = new SplittableRandom(31L * count + width + (gather ? 7 : 0));
        Layout l = Layout.random(rnd, count, width, gather);
        float[] src = new float[l.srcLength()];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) rnd.nextDouble(-100, 100);
        }
        float[] out = l.guardedOut();
        float[] expected = out.clone();
        int[] cols = columns(width, part);
        for (int f = cols[0]; f < cols[1]; f++) {
            for (int j = 0; j < count; j++) {
                expected[l.outOff + f * l.ldo + j] = src[l.src(j, f)];
            }
        }

        kernels.gatherTransposed(count, cols[0], cols[1], src, l.srcOff, l.lds, l.rows, l.rowsOff, out, l.outOff,
                l.ldo);

        assertSameBits(name, expected, out, l);
    }

    @ParameterizedTest(name = "{0} count={2} width={3} gather={4} part={5}")
    @MethodSource("cases")
    void unsignedBytesMatchThePlainLoop(String name, ElementKernels kernels, int count, int width, boolean gather,
                                        boolean part) {
        SplittableRandom rnd = new SplittableRandom(37L * count + width + (gather ? 11 : 0));
        Layout l = Layout.random(rnd, count, width, gather);
        byte[] src = new byte[l.srcLength()];
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
        float[] out = l.guardedOut();
        float[] expected = out.clone();
        int[] cols = columns(width, part);
        for (int f = cols[0]; f < cols[1]; f++) {
            for (int j = 0; j < count; j++) {
                float scaled = Byte.toUnsignedInt(src[l.src(j, f)]) * step;
                float shifted = scaled - offset[f];
                expected[l.outOff + f * l.ldo + j] = shifted * scale[f];
            }
        }

        kernels.gatherTransposedU8(count, cols[0], cols[1], src, l.srcOff, l.lds, l.rows, l.rowsOff, step, offset,
                scale, out, l.outOff, l.ldo);

        assertSameBits(name, expected, out, l);
    }

    private static void assertSameBits(String name, float[] expected, float[] out, Layout l) {
        for (int i = 0; i < out.length; i++) {
            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(expected[i])) {
                int rel = i - l.outOff;
                fail(name + ": out[" + i + "] (column " + Math.floorMod(rel, Math.max(1, l.ldo)) + " of feature "
                        + Math.floorDiv(rel, Math.max(1, l.ldo)) + ") expected " + expected[i] + " but was "
                        + out[i]);
            }
        }
    }
}
