package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.GemmKernel;
import io.github.simdnn.tensor.internal.Implementations;

import java.util.Objects;

/**
 * A k×n matrix stored the way the GEMM kernels read their B operand, for
 * {@link Blas#sgemm(Parallelism, Transpose, int, float, float[], int, int, PanelMatrix, float, float[], int, int)}:
 * a product with it skips packing B, a pass over all of B (with a transpose when B is stored n×k) that
 * {@link Blas#sgemm} makes for most shapes (not for n = 1, nor where the kernels read B in place). Fill it once and
 * multiply it many times, or have it written in this form in the first place: {@link Ops#gatherPanelsU8} writes a
 * training batch's samples straight into the two panel matrices of a dense layer's forward product and weight
 * gradient (skipping both packings made a 784-256-10 training step 6.5% faster with the panels in cache, on one
 * thread of an AVX2 host).
 *
 * <p><b>Layout.</b> ceil(n/w) panels of w = {@link #panelWidth()} columns (two vectors: 16 floats with 256-bit
 * vectors, 32 with 512-bit ones, 8 with 128-bit ones; 16 with the scalar fallback), each of the whole depth k,
 * row-major: element (p, j) at {@code (j/w)·w·k + p·w + j%w}. The columns of the last panel beyond n are padding,
 * which the kernels compute and drop, so their contents never reach a result. One array of
 * {@code maxRows·roundUp(maxCols, w)} floats holds any shape up to the capacity given at construction;
 * {@link #rows()} and {@link #cols()} are those of the last fill.
 *
 * <p><b>Threads.</b> Not thread-safe while it is being filled; once filled, any number of threads may multiply it
 * at once.
 */
public final class PanelMatrix {

    private static final GemmKernel KERNEL = Implementations.gemm();

    private final int maxRows;
    private final int maxCols;
    private final int width;
    private final float[] data;
    private int rows;
    private int cols;

    /**
     * Room for any shape up to maxRows×maxCols; the shape is 0×0 until the first fill.
     *
     * @throws IllegalArgumentException for a negative size, or one whose storage exceeds an array
     */
    public PanelMatrix(int maxRows, int maxCols) {
        if (maxRows < 0 || maxCols < 0) {
            throw new IllegalArgumentException("PanelMatrix capacity must be >= 0 but was " + maxRows + "x" + maxCols);
        }
        this.width = KERNEL.packedBWidth();
        long size = (long) maxRows * (Math.ceilDiv((long) maxCols, width) * width);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("PanelMatrix " + maxRows + "x" + maxCols + " needs " + size
                    + " floats, more than an array holds");
        }
        this.maxRows = maxRows;
        this.maxCols = maxCols;
        this.data = new float[(int) size];
    }

    /** The panel width w of this JVM's kernels: see the class comment. */
    public static int panelWidth() {
        return KERNEL.packedBWidth();
    }

    /**
     * Fills this matrix with op(B), rows×cols: B stored rows×cols ({@code trans = NO}, {@code ldb >= cols}) or
     * cols×rows ({@code YES}, {@code ldb >= rows}) at {@code b, bOffset}. Modifies only this matrix.
     *
     * @throws IllegalArgumentException if the shape exceeds the capacity, or as {@link Blas#sgemm} for B's storage;
     *                                  the matrix is then unchanged
     * @throws NullPointerException     for a null array or enum
     */
    public void pack(Transpose trans, int rows, int cols, float[] b, int bOffset, int ldb) {
        Objects.requireNonNull(trans, "trans");
        boolean tb = trans.transposed();
        requireFits(rows, cols);
        Checks.matrix("B", b, bOffset, ldb, tb ? cols : rows, tb ? rows : cols);
        reshape(rows, cols);
        if (rows == 0 || cols == 0) {
            return;
        }
        int plan = KERNEL.plan(false, tb, 1, cols, rows);
        KERNEL.packB(plan, tb, cols, rows, b, bOffset, ldb, data, 0, KERNEL.packedBPieces(plan, cols, rows));
    }

    /**
     * Element (row, col) of the last fill.
     *
     * @throws IndexOutOfBoundsException outside rows()×cols()
     */
    public float get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return data[index(row, col)];
    }

    /** Rows k of the last fill: the depth of a product with it. */
    public int rows() {
        return rows;
    }

    /** Columns n of the last fill: the columns of a product's C. */
    public int cols() {
        return cols;
    }

    /** The largest rows() a fill may give. */
    public int maxRows() {
        return maxRows;
    }

    /** The largest cols() a fill may give. */
    public int maxCols() {
        return maxCols;
    }

    /** E.g. {@code PanelMatrix[784x128 of 784x512, panels of 16]}. */
    @Override
    public String toString() {
        return "PanelMatrix[" + rows + "x" + cols + " of " + maxRows + "x" + maxCols + ", panels of " + width + "]";
    }

    /** Throws unless a rows×cols fill fits the capacity. */
    void requireFits(int rows, int cols) {
        if (rows < 0 || cols < 0 || rows > maxRows || cols > maxCols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " fill does not fit " + this);
        }
    }

    /** Sets the shape of a fill, checked against the capacity. */
    void reshape(int rows, int cols) {
        requireFits(rows, cols);
        this.rows = rows;
        this.cols = cols;
    }

    /** Where element (row, col) lives. */
    int index(int row, int col) {
        return col / width * width * rows + row * width + col % width;
    }

    float[] data() {
        return data;
    }

    int width() {
        return width;
    }
}
