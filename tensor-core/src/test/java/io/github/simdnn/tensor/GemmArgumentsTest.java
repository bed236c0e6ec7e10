package io.github.simdnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Blas.sgemm and Matrix reject inconsistent arguments with messages that name the values. */
class GemmArgumentsTest {

    private static final Transpose N = Transpose.NO;
    private static final Transpose T = Transpose.YES;

    private static IllegalArgumentException rejects(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run);
    }

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void negativeSizes() {
        float[] x = new float[16];
        assertMessage(rejects(() -> Blas.sgemm(N, N, -1, 2, 2, 1, x, 0, 2, x.clone(), 0, 2, 0, new float[16], 0, 2)),
                "m=-1");
        assertMessage(rejects(() -> Blas.sgemm(N, N, 2, 2, -3, 1, x, 0, 2, x.clone(), 0, 2, 0, new float[16], 0, 2)),
                "k=-3");
    }

    @Test
    void leadingDimensionSmallerThanStoredWidth() {
        float[] a = new float[100];
        float[] b = new float[100];
        float[] c = new float[100];
        assertMessage(rejects(() -> Blas.sgemm(N, N, 4, 5, 6, 1, a, 0, 5, b, 0, 5, 0, c, 0, 5)), "A", "6", "5");
        // With A transposed A is stored k x m = 6 x 4, so lda = 4 is fine but 3 is not.
        Blas.sgemm(T, N, 4, 5, 6, 1, a, 0, 4, b, 0, 5, 0, c, 0, 5);
        assertMessage(rejects(() -> Blas.sgemm(T, N, 4, 5, 6, 1, a, 0, 3, b, 0, 5, 0, c, 0, 5)), "A", "4", "3");
        assertMessage(rejects(() -> Blas.sgemm(N, T, 4, 5, 6, 1, a, 0, 6, b, 0, 5, 0, c, 0, 5)), "B", "6", "5");
        assertMessage(rejects(() -> Blas.sgemm(N, N, 4, 5, 6, 1, a, 0, 6, b, 0, 5, 0, c, 0, 4)), "C", "5", "4");
    }

    @Test
    void arraysTooShortOrBadOffsets() {
        float[] a = new float[4 * 6];
        float[] b = new float[6 * 5];
        float[] c = new float[4 * 5];
        Blas.sgemm(N, N, 4, 5, 6, 1, a, 0, 6, b, 0, 5, 0, c, 0, 5);
        IllegalArgumentException e = rejects(() -> Blas.sgemm(N, N, 4, 5, 6, 1, a, 1, 6, b, 0, 5, 0, c, 0, 5));
        assertMessage(e, "A is 4x6", "offset 1", "25", "24");
        assertMessage(rejects(() -> Blas.sgemm(N, N, 4, 5, 6, 1, a, 0, 6, new float[29], 0, 5, 0, c, 0, 5)), "B", "30", "29");
        assertMessage(rejects(() -> Blas.sgemm(N, N, 4, 5, 6, 1, a, 0, 6, b, 0, 5, 0, c, -1, 5)), "C offset", "-1");
    }

    @Test
    void outputMayNotAliasAnInput() {
        float[] a = new float[9];
        float[] b = new float[9];
        assertMessage(rejects(() -> Blas.sgemm(N, N, 3, 3, 3, 1, a, 0, 3, b, 0, 3, 0, a, 0, 3)), "C", "A");
        assertMessage(rejects(() -> Blas.sgemm(N, N, 3, 3, 3, 1, a, 0, 3, b, 0, 3, 0, b, 0, 3)), "C", "B");
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class,
                () -> Blas.sgemm(null, N, 1, 1, 1, 1, new float[1], 0, 1, new float[1], 0, 1, 0, new float[1], 0, 1));
        assertThrows(NullPointerException.class,
                () -> Blas.sgemm(N, N, 1, 1, 1, 1, null, 0, 1, new float[1], 0, 1, 0, new float[1], 0, 1));
    }

    @Test
    void parallelismNeedsAPositiveThreadCount() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Parallelism.of(Runnable::run, 0)), "threads", "0");
        assertEquals(1, Parallelism.of(Runnable::run, 1).threads());
    }

    @Test
    void matrixProductsCheckShapes() {
        Matrix w = new Matrix(10, 256);
        Matrix x = new Matrix(784, 32);
        assertMessage(rejects(() -> Matrix.multiply(w, x, new Matrix(10, 32))), "K mismatch", "10x256", "784x32");
        assertMessage(rejects(() -> Matrix.multiply(w, new Matrix(256, 32), new Matrix(10, 31))), "10x31", "10x32");
        assertMessage(rejects(() -> new Matrix(2, 3, new float[5])), "2x3", "6", "5");
    }

    @Test
    void matrixProductsComputeTheThreeBackpropForms() {
        Matrix a = Matrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}});      // 2x3
        Matrix b = Matrix.of(new float[][] {{1, 0}, {0, 1}, {2, -1}});   // 3x2
        Matrix c = new Matrix(2, 2);
        Matrix.multiply(a, b, c);
        assertEquals(Matrix.of(new float[][] {{7, -1}, {16, -1}}), c);
        Matrix d = new Matrix(2, 2);
        Matrix.multiplyTransB(a, a, d);                                   // A·Aᵀ
        assertEquals(Matrix.of(new float[][] {{14, 32}, {32, 77}}), d);
        Matrix e = new Matrix(3, 3);
        Matrix.multiplyTransA(a, a, e);                                   // Aᵀ·A
        assertEquals(Matrix.of(new float[][] {{17, 22, 27}, {22, 29, 36}, {27, 36, 45}}), e);
    }
}
