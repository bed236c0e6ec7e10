package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link Ops} facade: it runs the Vector API kernels in this (normal) test JVM, passes offsets through to
 * them, and rejects bad arguments with messages that name the values. The kernels' numerics are covered in
 * io.github.simdnn.tensor.internal.vector; the scalar fallback in {@code ScalarFallbackTest}.
 */
class OpsTest {

    @Test
    void vectorKernelsAreSelectedWhenTheModuleIsPresent() {
        assertTrue(Blas.implementation().startsWith("vector"), "implementation: " + Blas.implementation());
    }

    // ---------------------------------------------------------------- results through the facade

    @Test
    void elementWiseOpsHonourOffsets() {
        float[] a = {99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};     // a[1..17] = 1..17
        float[] b = new float[20];
        for (int i = 0; i < 17; i++) {
            b[3 + i] = 100 * (i + 1);
        }
        float[] out = new float[19];
        Ops.add(17, a, 1, b, 3, out, 2);
        for (int i = 0; i < 17; i++) {
            assertEquals(101f * (i + 1), out[2 + i], "add " + i);
        }
        assertEquals(0f, out[0]);
        assertEquals(0f, out[1]);
        Ops.subtract(17, b, 3, a, 1, out, 0);
        assertEquals(99f, out[0]);
        assertEquals(99f * 17, out[16]);
        Ops.multiply(17, a, 1, a, 1, out, 1);
        assertEquals(289f, out[17]);
        assertEquals(1f + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17, Ops.sum(17, a, 1));
    }

    @Test
    void biasBroadcastAndRowSumsWorkAlongAxisOne() {
        // X is 2 features x 3 samples; b = (10, 20) is added to every sample (column).
        float[] x = {1, 2, 3,
                     4, 5, 6};
        Ops.addColumn(2, 3, new float[] {0, 10, 20}, 1, x, 0);
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, x);
        float[] db = new float[3];
        Ops.rowSums(2, 3, x, 0, db, 1);
        assertArrayEquals(new float[] {0, 36, 75}, db);
    }

    @Test
    void activationsThroughTheFacade() {
        float[] x = {-1000f, -1f, -0f, 0f, 0.5f, 1f, 1000f, Float.NaN};
        float[] y = new float[x.length];
        Ops.exp(x.length, x, 0, y, 0);
        assertEquals(0f, y[0]);
        assertEquals((float) Math.exp(-1), y[1], 1e-7f);
        assertEquals(Float.POSITIVE_INFINITY, y[6]);
        Ops.sigmoid(x.length, x, 0, y, 0);
        assertEquals(0f, y[0]);
        assertEquals(0.5f, y[3]);
        assertEquals(1f, y[6]);
        Ops.tanh(x.length, x, 0, y, 0);
        assertEquals(-1f, y[0]);
        assertEquals((float) Math.tanh(0.5), y[4], 1e-7f);
        assertEquals(1f, y[6]);
        Ops.relu(x.length, x, 0, y, 0);
        assertEquals(0f, y[1]);
        assertEquals(0.5f, y[4]);
        assertTrue(Float.isNaN(y[7]), "relu keeps NaN visible");
        assertFalse(Ops.allFinite(x.length, y, 0));
        assertTrue(Ops.allFinite(7, y, 0));

        float[] a = {0.25f, 0.5f};
        float[] da = {2f, 4f};
        float[] dz = new float[2];
        Ops.sigmoidBackward(2, a, 0, da, 0, dz, 0);
        assertArrayEquals(new float[] {2 * 0.25f * 0.75f, 4 * 0.5f * 0.5f}, dz);
        Ops.tanhBackward(2, a, 0, da, 0, dz, 0);
        assertArrayEquals(new float[] {2 * (1 - 0.0625f), 4 * 0.75f}, dz);
        Ops.reluBackward(2, new float[] {0f, 3f}, 0, da, 0, dz, 0);
        assertArrayEquals(new float[] {0f, 4f}, dz);
    }

    @Test
    void argmaxColumnsPicksThePredictedClassOfEverySample() {
        // 3 classes x 4 samples.
        float[] z = {0.1f, 0.7f, 0.3f, 0.2f,
                     0.6f, 0.2f, 0.3f, 0.2f,
                     0.3f, 0.1f, 0.4f, 0.2f};
        int[] out = new int[6];
        Ops.argmaxColumns(3, 4, z, 0, out, 1);
        assertArrayEquals(new int[] {0, 1, 0, 2, 0, 0}, out, "last sample is a tie: the first row wins");
    }

    @Test
    void argmaxColumnsNeverPicksANaNOverANumber() {
        // 4 rows x 37 columns: vector blocks of 8 or 16 columns and a tail of 5. Column c has the pattern c % 5:
        // 0: NaN in row 0, max in row 2; 1: NaN, -Inf, -Inf, NaN (-> 1); 2: all NaN (-> 0);
        // 3: max in row 3, NaN in row 1; 4: no NaN, max in row 1.
        int rows = 4;
        int cols = 37;
        float nan = Float.NaN;
        float inf = Float.NEGATIVE_INFINITY;
        float[][] patterns = {{nan, 1, 5, 2}, {nan, inf, inf, nan}, {nan, nan, nan, nan}, {1, nan, 2, 3}, {1, 4, 2, 3}};
        int[] expected = {2, 1, 0, 3, 1};
        float[] z = new float[rows * cols];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                z[r * cols + c] = patterns[c % 5][r];
            }
        }
        int[] out = new int[cols];
        Ops.argmaxColumns(rows, cols, z, 0, out, 0);
        for (int c = 0; c < cols; c++) {
            assertEquals(expected[c % 5], out[c], "column " + c + " (pattern " + c % 5 + ")");
        }
        // Row 0 finite in every column, so whole blocks stay in the vector lanes: a NaN below never wins there.
        Arrays.fill(z, 0, cols, 0.5f);
        for (int c = 0; c < cols; c++) {
            z[cols + c] = c % 2 == 0 ? nan : 0.25f;
            z[2 * cols + c] = c % 3 == 0 ? 0.75f : nan;
            z[3 * cols + c] = nan;
        }
        Ops.argmaxColumns(rows, cols, z, 0, out, 0);
        for (int c = 0; c < cols; c++) {
            assertEquals(c % 3 == 0 ? 2 : 0, out[c], "finite row 0, column " + c);
        }
        // One column is contiguous: the vector maximum path. Lengths around a vector and its tail.
        for (int n : new int[] {1, 3, 8, 13, 16, 17, 33}) {
            float[] column = new float[n];
            java.util.Arrays.fill(column, 1f);
            column[0] = nan;
            column[n - 1] = n > 1 ? 2f : nan;
            int[] one = new int[1];
            Ops.argmaxColumns(n, 1, column, 0, one, 0);
            assertEquals(n - 1 == 0 ? 0 : n - 1, one[0], "one column of " + n);
            if (n > 2) {
                column[n - 1] = 1f;
                Ops.argmaxColumns(n, 1, column, 0, one, 0);
                assertEquals(1, one[0], "one column of " + n + ": the first number after the NaN");
            }
        }
    }

    @Test
    void transposeAndGatherTransposedLayOutRowsAsColumns() {
        // a is 3x2 with leading dimension 3 (the third column is padding), from offset 1.
        float[] a = {99, 1, 2, -1, 3, 4, -1, 5, 6, -1};
        float[] t = new float[2 * 3];
        Ops.transpose(3, 2, a, 1, 3, t, 0, 3);
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, t);

        float[] g = new float[1 + 2 * 5];
        Ops.gatherTransposed(4, 2, a, 1, 3, 3, new int[] {9, 2, 0, 2, 1}, 1, g, 1, 5);
        assertArrayEquals(new float[] {0, 5, 1, 5, 3, 0, 6, 2, 6, 4, 0}, g,
                "samples 2, 0, 2, 1 as columns; column 4 of each row (ldo 5) untouched");
    }

    @Test
    void transposesRejectBadShapesIndexesAndInPlaceUse() {
        float[] a = new float[12];
        float[] out = new float[12];
        assertMessage(rejects(() -> Ops.transpose(3, 4, a, 0, 3, out, 0, 3)),
                "leading dimension of a", "4", "3");
        assertMessage(rejects(() -> Ops.transpose(3, 4, a, 0, 4, out, 1, 3)),
                "out is 4x3", "13", "12");
        assertMessage(rejects(() -> Ops.transpose(-1, 4, a, 0, 4, out, 0, 3)), "-1x4");
        assertMessage(rejects(() -> Ops.transpose(3, 4, a, 0, 4, a, 0, 3)), "same array");
        assertMessage(rejects(() -> Ops.gatherTransposed(2, 4, a, 0, 4, 3, new int[] {0, 3}, 0, out, 0, 2)),
                "rows[1] is 3", "3 rows");
        assertMessage(rejects(() -> Ops.gatherTransposed(2, 4, a, 0, 4, 3, new int[] {-2, 0}, 0, out, 0, 2)),
                "rows[0] is -2");
        assertMessage(rejects(() -> Ops.gatherTransposed(3, 4, a, 0, 4, 3, new int[] {0, 1}, 0, out, 0, 3)),
                "rows needs 3 indexes", "2");
        assertMessage(rejects(() -> Ops.gatherTransposed(2, 4, a, 0, 4, 4, new int[] {0, 1}, 0, out, 0, 2)),
                "a is 4x4", "16", "12");
        assertThrows(NullPointerException.class,
                () -> Ops.gatherTransposed(2, 4, a, 0, 4, 3, null, 0, out, 0, 2));
    }

    @Test
    void crossEntropyColumnsSumsEveryColumnsLoss() {
        // z is 2x3 at offset 1: column 0 logits (0, 0), column 1 (1000, 0), column 2 (0, ln 3).
        float ln3 = (float) Math.log(3);
        float[] z = {99, 0, 1000, 0, 0, 0, ln3};
        int[] labels = {7, 1, 0, 0};
        double expected = Math.log(2)                                   // column 0, label 1: ln 2
                + Math.log(1 + Math.exp(-1000.0))                       // column 1, label 0: ≈ 0
                + (ln3 + Math.log(1 + Math.exp(-ln3)));                 // column 2, label 0: ln 4
        assertEquals(expected, Ops.crossEntropyColumns(2, 3, z, 1, labels, 1), 1e-12);
        assertEquals(0.0, Ops.crossEntropyColumns(2, 0, z, 0, labels, 0));

        assertMessage(rejects(() -> Ops.crossEntropyColumns(2, 3, z, 1, new int[] {0, 2, 1}, 0)),
                "label of column 1 is 2", "2 rows");
        assertMessage(rejects(() -> Ops.crossEntropyColumns(2, 3, z, 1, new int[] {0, 1}, 0)),
                "labels needs 3 elements", "2");
        assertMessage(rejects(() -> Ops.crossEntropyColumns(2, 3, z, 2, labels, 1)), "z is 2x3", "8", "7");
        assertMessage(rejects(() -> Ops.crossEntropyColumns(0, 3, z, 0, labels, 0)), "at least one row");
    }

    @Test
    void unsignedByteTransposesMapEachColumn() {
        // a is 3x2 bytes with leading dimension 3 (the third column is padding), from offset 1; 200 and 255 are
        // negative as Java bytes and must read as unsigned.
        byte[] a = {9, 1, (byte) 200, 7, 3, 4, 7, (byte) 255, 6, 7};
        float[] offset = {1, -2};
        float[] scale = {0.5f, 4};
        float[] t = new float[2 * 3];
        Ops.transposeU8(3, 2, a, 1, 3, 2f, offset, scale, t, 0, 3);
        // column 0: (2u - 1) * 0.5 for u = 1, 3, 255; column 1: (2u + 2) * 4 for u = 200, 4, 6
        assertArrayEquals(new float[] {0.5f, 2.5f, 254.5f, 1608, 40, 56}, t);

        float[] g = new float[1 + 2 * 5];
        Ops.gatherTransposedU8(3, 2, a, 1, 3, 3, new int[] {2, 0, 2, 1}, 1, 2f, offset, scale, g, 1, 5);
        assertArrayEquals(new float[] {0, 0.5f, 254.5f, 2.5f, 0, 0, 1608, 56, 40, 0, 0}, g,
                "samples 0, 2, 1 as columns; columns 3 and 4 of each row (ldo 5) untouched");
    }

    @Test
    void unsignedByteTransposesRejectBadShapesAndIndexes() {
        byte[] a = new byte[12];
        float[] out = new float[12];
        float[] ones = {1, 1, 1, 1};
        assertMessage(rejects(() -> Ops.transposeU8(3, 4, a, 0, 3, 1f, ones, ones, out, 0, 3)),
                "leading dimension of a", "4", "3");
        assertMessage(rejects(() -> Ops.transposeU8(3, 4, a, 1, 4, 1f, ones, ones, out, 0, 3)),
                "a is 3x4", "13", "12");
        assertMessage(rejects(() -> Ops.transposeU8(3, 4, a, 0, 4, 1f, new float[3], ones, out, 0, 3)),
                "offset needs 4", "3");
        assertMessage(rejects(() -> Ops.transposeU8(3, 4, a, 0, 4, 1f, ones, new float[2], out, 0, 3)),
                "scale needs 4", "2");
        assertMessage(rejects(() -> Ops.gatherTransposedU8(2, 4, a, 0, 4, 3, new int[] {0, 3}, 0, 1f, ones, ones,
                out, 0, 2)), "rows[1] is 3", "3 rows");
        assertMessage(rejects(() -> Ops.gatherTransposedU8(2, 4, a, 0, 4, 3, new int[] {0, 1}, 0, 1f, ones, ones,
                out, 5, 2)), "out is 4x2", "13", "12");
        assertThrows(NullPointerException.class,
                () -> Ops.gatherTransposedU8(2, 4, a, 0, 4, 3, null, 0, 1f, ones, ones, out, 0, 2));
        float[] map = new float[16];
        java.util.Arrays.fill(map, 1f);
        assertMessage(rejects(() -> Ops.transposeU8(3, 4, a, 0, 4, 1f, map, ones, map, 4, 3)),
                "out is the same array as offset");
        assertMessage(rejects(() -> Ops.gatherTransposedU8(2, 4, a, 0, 4, 3, new int[] {0, 1}, 0, 1f, ones, map,
                map, 4, 2)), "out is the same array as scale");
    }

    // ---------------------------------------------------------------- argument checks

    private static IllegalArgumentException rejects(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run);
    }

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }

    private interface Unary {
        void apply(int n, float[] x, int xOff, float[] y, int yOff);
    }

    private interface Binary {
        void apply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);
    }

    private static Map<String, Unary> unaries() {
        Map<String, Unary> m = new LinkedHashMap<>();
        m.put("exp", Ops::exp);
        m.put("sigmoid", Ops::sigmoid);
        m.put("tanh", Ops::tanh);
        m.put("relu", Ops::relu);
        return m;
    }

    private static Map<String, Binary> binaries() {
        Map<String, Binary> m = new LinkedHashMap<>();
        m.put("add", Ops::add);
        m.put("subtract", Ops::subtract);
        m.put("multiply", Ops::multiply);
        m.put("sigmoidBackward", Ops::sigmoidBackward);
        m.put("tanhBackward", Ops::tanhBackward);
        m.put("reluBackward", Ops::reluBackward);
        return m;
    }

    @Test
    void unaryOpsRejectNegativeLengthsBadOffsetsAndShortArrays() {
        float[] x = new float[10];
        float[] y = new float[10];
        unaries().forEach((name, op) -> {
            assertMessage(rejects(() -> op.apply(-1, x, 0, y, 0)), "length", "-1");
            assertMessage(rejects(() -> op.apply(3, x, -2, y, 0)), "x offset", "-2");
            assertMessage(rejects(() -> op.apply(3, x, 0, y, -5)), "y offset", "-5");
            assertMessage(rejects(() -> op.apply(8, x, 3, y, 0)), "x needs 8", "offset 3", "has 10");
            assertMessage(rejects(() -> op.apply(8, x, 0, new float[7], 0)), "y needs 8", "has 7");
            assertThrows(NullPointerException.class, () -> op.apply(1, null, 0, y, 0), name);
            op.apply(7, x, 3, y, 3);                                 // exactly fits: accepted
            op.apply(0, x, 10, y, 10);                               // empty range at the end: accepted
        });
    }

    @Test
    void binaryOpsRejectNegativeLengthsBadOffsetsAndShortArrays() {
        float[] a = new float[10];
        float[] b = new float[12];
        float[] out = new float[9];
        binaries().forEach((name, op) -> {
            assertMessage(rejects(() -> op.apply(-4, a, 0, b, 0, out, 0)), "length", "-4");
            assertMessage(rejects(() -> op.apply(2, a, -1, b, 0, out, 0)), "a offset", "-1");
            assertMessage(rejects(() -> op.apply(2, a, 0, b, -3, out, 0)), "b offset", "-3");
            assertMessage(rejects(() -> op.apply(2, a, 0, b, 0, out, -6)), "out offset", "-6");
            assertMessage(rejects(() -> op.apply(9, a, 2, b, 0, out, 0)), "a needs 9", "offset 2", "has 10");
            assertMessage(rejects(() -> op.apply(9, a, 0, b, 4, out, 0)), "b needs 9", "offset 4", "has 12");
            assertMessage(rejects(() -> op.apply(9, a, 0, b, 0, out, 1)), "out needs 9", "offset 1", "has 9");
            op.apply(9, a, 1, b, 3, out, 0);                          // exactly fits: accepted
        });
    }

    @Test
    void reductionsAndMatrixOpsRejectBadShapes() {
        float[] x = new float[12];
        assertMessage(rejects(() -> Ops.sum(-1, x, 0)), "-1");
        assertMessage(rejects(() -> Ops.sum(13, x, 0)), "13", "has 12");
        assertMessage(rejects(() -> Ops.allFinite(5, x, 8)), "5", "offset 8", "has 12");

        assertMessage(rejects(() -> Ops.addColumn(-2, 3, x, 0, x, 0)), "-2");
        assertMessage(rejects(() -> Ops.addColumn(3, 4, new float[2], 0, x, 0)), "bias needs 3", "has 2");
        assertMessage(rejects(() -> Ops.addColumn(3, 4, new float[3], 0, x, 1)), "x is 3x4", "offset 1", "13", "12");
        assertMessage(rejects(() -> Ops.addColumn(3, 4, new float[3], 0, new float[12], -1)), "x offset", "-1");

        assertMessage(rejects(() -> Ops.rowSums(3, -4, x, 0, x, 0)), "3x-4");
        assertMessage(rejects(() -> Ops.rowSums(3, 4, x, 0, new float[5], 3)), "out needs 3", "offset 3", "has 5");
        assertMessage(rejects(() -> Ops.rowSums(4, 4, x, 0, new float[4], 0)), "x is 4x4", "16", "12");

        assertMessage(rejects(() -> Ops.softmaxColumns(3, 4, x, 0, new float[11], 0)), "a is 3x4", "12", "11");
        assertMessage(rejects(() -> Ops.softmaxColumns(3, 4, x, 2, new float[12], 0)), "z is 3x4", "offset 2", "14", "12");
        assertMessage(rejects(() -> Ops.softmaxColumns(-3, 4, x, 0, x, 0)), "-3x4");

        assertMessage(rejects(() -> Ops.argmaxColumns(0, 4, x, 0, new int[4], 0)), "0x4");
        assertMessage(rejects(() -> Ops.argmaxColumns(3, 4, x, 0, new int[5], 2)), "out needs 4", "offset 2", "has 5");
        assertMessage(rejects(() -> Ops.argmaxColumns(3, 4, x, 0, new int[5], -1)), "offset -1");
        assertMessage(rejects(() -> Ops.argmaxColumns(3, 4, x, 1, new int[5], 0)), "z is 3x4", "offset 1");
        assertThrows(NullPointerException.class, () -> Ops.argmaxColumns(3, 4, x, 0, null, 0));
    }

    @Test
    void partlyOverlappingOutputsAreRejectedWhileInPlaceAndAdjacentRangesAreAccepted() {
        float[] x = new float[16];
        float[] other = new float[16];
        unaries().forEach((name, op) -> {
            assertMessage(rejects(() -> op.apply(8, x, 0, x, 1)), "y [1, 9) and x [0, 8) are overlapping ranges");
            assertMessage(rejects(() -> op.apply(8, x, 3, x, 0)), "y [0, 8) and x [3, 11) are overlapping ranges");
            op.apply(8, x, 2, x, 2);                                  // in place
            op.apply(8, x, 0, x, 8);                                  // adjacent
        });
        binaries().forEach((name, op) -> {
            assertMessage(rejects(() -> op.apply(4, x, 0, other, 0, x, 2)), "out [2, 6) and a [0, 4)");
            assertMessage(rejects(() -> op.apply(4, other, 0, x, 5, x, 4)), "out [4, 8) and b [5, 9)");
            op.apply(4, x, 0, x, 0, x, 0);                            // all three in place
            op.apply(4, x, 0, x, 4, x, 8);                            // three separate ranges
        });
        assertMessage(rejects(() -> Ops.copy(Parallelism.SEQUENTIAL, 8, x, 0, x, 4)), "y [4, 12) and x [0, 8)");
        assertMessage(rejects(() -> Blas.saxpy(8, 1f, x, 1, x, 0)), "y [0, 8) and x [1, 9)");
        assertMessage(rejects(() -> Ops.softmaxColumns(2, 3, x, 0, x, 1)), "a [1, 7) and z [0, 6)");
        Ops.softmaxColumns(2, 3, x, 4, x, 4);
        // The bias and the row sums must not touch the matrix at all, not even in place.
        assertMessage(rejects(() -> Ops.addColumn(2, 4, x, 0, x, 0)),
                "x [0, 8) and bias [0, 2) overlap; x must not share elements with bias");
        assertMessage(rejects(() -> Ops.addColumn(2, 4, x, 7, x, 0)), "bias [7, 9) overlap");
        Ops.addColumn(2, 4, x, 8, x, 0);
        assertMessage(rejects(() -> Ops.rowSums(2, 4, x, 0, x, 7)), "out [7, 9) and x [0, 8) are overlapping");
        assertMessage(rejects(() -> Ops.rowSums(2, 4, x, 0, x, 0)), "out [0, 2) and x [0, 8) are overlapping");
        Ops.rowSums(2, 4, x, 0, x, 8);
        Ops.rowSums(5, 1, x, 3, x, 3);                                // one column: its own sums, in place
    }

    @Test
    void blasVectorEntryPointsCheckTheirArguments() {
        float[] x = new float[6];
        assertMessage(rejects(() -> Blas.saxpy(7, 1f, x, 0, new float[7], 0)), "x needs 7", "has 6");
        assertMessage(rejects(() -> Blas.sdot(3, x, 0, new float[3], 1)), "y needs 3", "offset 1", "has 3");
        assertMessage(rejects(() -> Blas.sscal(-1, 2f, x, 0)), "-1");
    }
}
