package io.github.simdnn.tensor;

import java.util.Arrays;

/**
 * A dense row-major float matrix: {@code rows × cols} elements in {@link #data()}, element {@code (r, c)} at
 * {@code r·cols + c}. The array is exposed on purpose — kernels and layers work on it directly.
 *
 * <p>The static products are the three forms backprop needs, each writing a caller-supplied output:
 * {@link #multiply} ({@code Z = W·X}), {@link #multiplyTransB} ({@code dW = dZ·Aᵀ}) and
 * {@link #multiplyTransA} ({@code dA = Wᵀ·dZ}).
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    /** A zero matrix. */
    public Matrix(int rows, int cols) {
        this(rows, cols, new float[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied), which must hold exactly {@code rows·cols} elements. */
    public Matrix(int rows, int cols, float[] data) {
        int size = checkedSize(rows, cols);
        if (data.length != size) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + size
                    + " elements but the array has " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A matrix holding a copy of {@code values} (rectangular, row by row). */
    public static Matrix of(float[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values but row 0 has " + c);
            }
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix sizes must be >= 0 but were " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + "x" + cols + " is too large for one float array");
        }
        return (int) size;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array (row-major, not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int r, int c) {
        return data[index(r, c)];
    }

    public void set(int r, int c, float value) {
        data[index(r, c)] = value;
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") is outside " + rows + "x" + cols);
        }
        return r * cols + c;
    }

    /** {@code C = A·B}: A is m×k, B is k×n, C is m×n. Modifies only C. */
    public static void multiply(Matrix a, Matrix b, Matrix c) {
        gemm(1f, a, Transpose.NO, b, Transpose.NO, 0f, c);
    }

    /** {@code C = A·Bᵀ}: A is m×k, B is n×k, C is m×n. Modifies only C. */
    public static void multiplyTransB(Matrix a, Matrix b, Matrix c) {
        gemm(1f, a, Transpose.NO, b, Transpose.YES, 0f, c);
    }

    /** {@code C = Aᵀ·B}: A is k×m, B is k×n, C is m×n. Modifies only C. */
    public static void multiplyTransA(Matrix a, Matrix b, Matrix c) {
        gemm(1f, a, Transpose.YES, b, Transpose.NO, 0f, c);
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} on whole matrices, on the calling thread.
     *
     * @throws IllegalArgumentException if the shapes do not chain, naming them
     */
    public static void gemm(float alpha, Matrix a, Transpose transA, Matrix b, Transpose transB, float beta, Matrix c) {
        int m = transA.transposed() ? a.cols : a.rows;
        int k = transA.transposed() ? a.rows : a.cols;
        int kb = transB.transposed() ? b.cols : b.rows;
        int n = transB.transposed() ? b.rows : b.cols;
        if (k != kb) {
            throw new IllegalArgumentException("K mismatch: op(A) is " + m + "x" + k + " but op(B) is " + kb + "x" + n);
        }
        if (c.rows != m || c.cols != n) {
            throw new IllegalArgumentException("C is " + c.rows + "x" + c.cols + " but op(A)·op(B) is " + m + "x" + n);
        }
        Blas.sgemm(transA, transB, m, n, k, alpha, a.data, 0, Math.max(1, a.cols), b.data, 0, Math.max(1, b.cols),
                beta, c.data, 0, Math.max(1, n));
    }

    /** A deep copy. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
