package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.Gemm;
import io.github.simdnn.tensor.internal.Implementations;

/**
 * Float32 BLAS on row-major arrays, in the style of CBLAS with {@code CblasRowMajor}.
 *
 * <p>This class is the checked entry point: it validates every argument once, then delegates to one
 * implementation chosen when the class is first used — the Vector API kernels when the module
 * {@code jdk.incubator.vector} is present, otherwise a scalar fallback (see {@link #implementation()}).
 *
 * <p>Matrices are row-major: element {@code (i, j)} of a matrix stored at {@code x, xOffset} with leading
 * dimension {@code ldx} is {@code x[xOffset + i * ldx + j]}; {@code ldx} must be at least the stored width.
 */
public final class Blas {

    private Blas() {
    }

    /**
     * The implementation in use: {@code "vector (512-bit)"} or similar, or {@code "scalar"}. A width above the CPU's
     * (set by the test switch {@code -Dsimdnn.vectorBits}) reads {@code "vector (512-bit, emulated: wider than the
     * CPU's)"}.
     */
    public static String implementation() {
        return Implementations.name();
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} on the calling thread. See
     * {@link #sgemm(Parallelism, Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}.
     */
    public static void sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        sgemm(Parallelism.SEQUENTIAL, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                beta, c, cOffset, ldc);
    }

    /**
     * General matrix multiply: {@code C = alpha·op(A)·op(B) + beta·C}, where {@code op(A)} is m×k,
     * {@code op(B)} is k×n and C is m×n. Only C is modified.
     *
     * <ul>
     *   <li>A is stored m×k ({@code transA = NO}, {@code lda >= k}) or k×m ({@code YES}, {@code lda >= m});</li>
     *   <li>B is stored k×n ({@code transB = NO}, {@code ldb >= n}) or n×k ({@code YES}, {@code ldb >= k});</li>
     *   <li>C is stored m×n, {@code ldc >= n}, and must not share an array with A or B.</li>
     * </ul>
     * {@code beta == 0} ignores C's old contents, even NaN. {@code k == 0} scales C by beta; {@code m == 0} or
     * {@code n == 0} does nothing. Results are bit-identical for any {@code parallelism}.
     *
     * <p>IEEE special values propagate: for {@code alpha != 0} and {@code k > 0} every product
     * {@code op(A)[i][p]·op(B)[p][j]} is evaluated (nothing is skipped for zeros), so a NaN or infinity in row p
     * of op(B) makes column j of the product NaN or infinite in every row (0·∞ is NaN). {@code Network} relies
     * on this to check a dense layer's input through its output.
     *
     * @throws IllegalArgumentException for negative sizes or offsets, a leading dimension smaller than the
     *         stored width, an array too short for the matrix it describes, or C sharing an array with A or B
     * @throws NullPointerException     for a null array or enum
     */
    public static void sgemm(Parallelism parallelism, Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        if (parallelism == null || transA == null || transB == null) {
            throw new NullPointerException("parallelism, transA and transB must not be null");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0 but m=" + m + ", n=" + n + ", k=" + k);
        }
        boolean ta = transA.transposed();
        boolean tb = transB.transposed();
        Checks.matrix("A", a, aOffset, lda, ta ? k : m, ta ? m : k);
        Checks.matrix("B", b, bOffset, ldb, tb ? n : k, tb ? k : n);
        Checks.matrix("C", c, cOffset, ldc, m, n);
        if (c == a || c == b) {
            throw new IllegalArgumentException("sgemm: C must not share an array with " + (c == a ? "A" : "B"));
        }
        if (m == 0 || n == 0) {
            return;
        }
        Gemm.run(parallelism, ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * {@code C = alpha·op(A)·B + beta·C} with B (k×n) a {@link PanelMatrix}, already in the form the kernels read:
     * k = {@code b.rows()}, n = {@code b.cols()}; A and C as in
     * {@link #sgemm(Parallelism, Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)},
     * which this equals value for value with B stored plainly (transB = NO), for any {@code parallelism}, minus
     * the packing of B. Only C is modified.
     *
     * @throws IllegalArgumentException for a negative m or offset, a leading dimension smaller than the stored
     *         width, an array too short for the matrix it describes, or C sharing an array with A, naming the
     *         mismatched sizes
     * @throws NullPointerException     for a null array, enum or matrix
     */
    public static void sgemm(Parallelism parallelism, Transpose transA, int m, float alpha, float[] a, int aOffset,
                             int lda, PanelMatrix b, float beta, float[] c, int cOffset, int ldc) {
        if (parallelism == null || transA == null || b == null) {
            throw new NullPointerException("parallelism, transA and b must not be null");
        }
        if (m < 0) {
            throw new IllegalArgumentException("sgemm m must be >= 0 but was " + m);
        }
        int k = b.rows();
        int n = b.cols();
        boolean ta = transA.transposed();
        Checks.matrix("A", a, aOffset, lda, ta ? k : m, ta ? m : k);   // k from B: a short A names B's k
        Checks.matrix("C", c, cOffset, ldc, m, n);
        if (c == a) {
            throw new IllegalArgumentException("sgemm: C must not share an array with A");
        }
        if (m == 0 || n == 0) {
            return;
        }
        Gemm.runPackedB(parallelism, ta, m, n, k, alpha, a, aOffset, lda, b.data(), 0, beta, c, cOffset, ldc);
    }

    /**
     * {@code y[yOffset + i] += alpha · x[xOffset + i]} for {@code i < n}. Only y is modified; it may be x's very
     * range (in place) but not a partly overlapping one ({@link IllegalArgumentException}).
     */
    public static void saxpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        Checks.range("x", x, xOffset, n);
        Checks.range("y", y, yOffset, n);
        Checks.inPlaceOrDisjoint("x", x, xOffset, n, "y", y, yOffset, n);
        Implementations.elements().axpy(n, alpha, x, xOffset, y, yOffset);
    }

    /** {@code x[offset + i] *= alpha} for {@code i < n}. */
    public static void sscal(int n, float alpha, float[] x, int offset) {
        Checks.range("x", x, offset, n);
        Implementations.elements().scale(n, alpha, x, offset);
    }

    /** {@code Σ x[xOffset + i] · y[yOffset + i]} for {@code i < n}, accumulated in float. */
    public static float sdot(int n, float[] x, int xOffset, float[] y, int yOffset) {
        Checks.range("x", x, xOffset, n);
        Checks.range("y", y, yOffset, n);
        return Implementations.elements().dot(n, x, xOffset, y, yOffset);
    }
}
