package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library without the Vector API: this class runs only in the Surefire execution {@code scalar-fallback}
 * (see tensor-core/pom.xml), whose JVM is started with {@code -ea} alone, i.e. without
 * {@code --add-modules jdk.incubator.vector}. The default execution excludes it, so running it there (e.g. with
 * {@code -Dtest=ScalarFallbackTest}) fails in {@link #runsWithoutTheVectorModule()} by design.
 */
class ScalarFallbackTest {

    @BeforeAll
    static void runsWithoutTheVectorModule() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this test must run in the scalar-fallback Surefire execution, without --add-modules jdk.incubator.vector");
    }

    @Test
    void scalarKernelsAreSelected() {
        assertEquals("scalar", Blas.implementation());
    }

    @Test
    void sgemmIsCorrectWithoutTheVectorApi() {
        int m = 5;
        int n = 7;
        int k = 3;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = new float[k * m];                       // A stored transposed: k x m
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextInt(-4, 5);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextInt(-4, 5);
        }
        float[] c = new float[m * n];
        Arrays.fill(c, 1f);
        Blas.sgemm(Transpose.YES, Transpose.NO, m, n, k, 2f, a, 0, m, b, 0, n, 3f, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += (int) a[p * m + i] * (int) b[p * n + j];
                }
                assertEquals(2f * s + 3f, c[i * n + j], "C[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void opsAreCorrectWithoutTheVectorApi() {
        float[] x = {-2f, -0.5f, 0f, 0.5f, 2f, 1000f, -1000f};
        float[] y = new float[x.length];
        Ops.exp(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            double ref = Math.exp(x[i]);
            if (ref > Float.MAX_VALUE) {
                assertEquals(Float.POSITIVE_INFINITY, y[i], "exp " + x[i]);
            } else {
                assertEquals(ref, y[i], 1e-6 * ref, "exp " + x[i]);
            }
        }
        Ops.sigmoid(x.length, x, 0, y, 0);
        assertEquals(1f, y[5]);
        assertEquals(0f, y[6]);
        assertEquals(1 / (1 + Math.exp(0.5)), y[1], 1e-7);
        Ops.relu(x.length, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 2f, 1000f, 0f}, y);

        float[] bias = {1f, -1f};
        float[] z = {1f, 2f, 3f,
                     4f, 5f, 6f};
        Ops.addColumn(2, 3, bias, 0, z, 0);
        assertArrayEquals(new float[] {2f, 3f, 4f, 3f, 4f, 5f}, z);
        float[] sums = new float[2];
        Ops.rowSums(2, 3, z, 0, sums, 0);
        assertArrayEquals(new float[] {9f, 12f}, sums);
        assertEquals(3f * 3f + 4f * 4f, Blas.sdot(2, z, 1, z, 3), "dot of (3, 4) with itself");

        float[] logits = {1.0116572f, 0.89218888f, 1.3537488f, 1.2031734f};   // golden case C
        Ops.softmaxColumns(2, 2, logits, 0, logits, 0);
        assertArrayEquals(new float[] {0.41530149f, 0.42287444f, 0.58469851f, 0.57712556f}, logits, 1e-6f);
        int[] classes = new int[2];
        Ops.argmaxColumns(2, 2, logits, 0, classes, 0);
        assertArrayEquals(new int[] {1, 1}, classes);
        assertTrue(Ops.allFinite(4, logits, 0));
        assertEquals(2 * Math.log(2), Ops.crossEntropyColumns(2, 2, new float[4], 0, new int[] {0, 1}, 0), 1e-15);

        // Bytes 2x2 (200 reads as unsigned), out = (u·0.5 − offset[c])·scale[c] transposed; then rows 1, 0, 1.
        byte[] pixels = {10, (byte) 200, 4, 6};
        float[] offset = {1f, -1f};
        float[] scale = {2f, 0.5f};
        float[] t = new float[4];
        Ops.transposeU8(2, 2, pixels, 0, 2, 0.5f, offset, scale, t, 0, 2);
        assertArrayEquals(new float[] {8f, 2f, 50.5f, 2f}, t);
        float[] g = new float[6];
        Ops.gatherTransposedU8(3, 2, pixels, 0, 2, 2, new int[] {1, 0, 1}, 0, 0.5f, offset, scale, g, 0, 3);
        assertArrayEquals(new float[] {2f, 8f, 2f, 2f, 50.5f, 2f}, g);
    }

    @Test
    void packedMatrixIsCorrectWithoutTheVectorApi() {
        float[] a = {1, 2, 3,
                     -1, 0, 4};
        PackedMatrix packed = PackedMatrix.of(2, 3, a, 0, 3, new float[] {0.5f, -2f}, 0);
        float[] y = {9, 9, 9};
        packed.multiply(new float[] {2, -1, 1}, 0, y, 1);
        assertArrayEquals(new float[] {9f, 1 * 2 - 2 + 3 + 0.5f, -2 + 4 - 2f}, y);
        assertEquals(6L * Float.BYTES, packed.packedBytes(), "the scalar fallback packs without padding");
    }
}
