package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.ElementKernels;
import io.github.simdnn.tensor.internal.Implementations;
import io.github.simdnn.tensor.internal.ParallelElementwise;
import io.github.simdnn.tensor.internal.ParallelGather;

import java.util.Objects;

/**
 * Element-wise and reduction kernels on float arrays (and the transposes of unsigned bytes into floats), vectorized with the Vector API when it is present (see
 * {@link Blas#implementation()}). Matrices are compact row-major: a rows×cols matrix at {@code off} holds
 * element {@code (r, c)} at {@code off + r·cols + c}. In the network layout — one sample per column — the bias
 * add and the row sums work along axis 1 (across samples) and the softmax works down each column.
 *
 * <p>Each method checks its arguments and throws {@link IllegalArgumentException} naming the values. An output
 * may be the very range of an input (same array, offset and length: in place) unless stated otherwise; an output
 * that partially overlaps an input is rejected, as its result would depend on the order of reads and writes.
 */
public final class Ops {

    private static final ElementKernels K = Implementations.elements();
    /** The least elements per thread for which the chosen kernels split the gathers between threads. */
    private static final int GATHER_SPLIT = K.minGatherElementsPerThread();

    private Ops() {
    }

    /** {@code out[i] = a[i] + b[i]} for {@code i < n}. Modifies {@code out}. */
    public static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        binary(n, a, aOff, b, bOff, out, outOff);
        K.add(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@code out[i] = a[i] - b[i]} for {@code i < n}. Modifies {@code out}. */
    public static void subtract(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        binary(n, a, aOff, b, bOff, out, outOff);
        K.subtract(n, a, aOff, b, bOff, out, outOff);
    }

    /** Hadamard product {@code out[i] = a[i]·b[i]} for {@code i < n}. Modifies {@code out}. */
    public static void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        binary(n, a, aOff, b, bOff, out, outOff);
        K.multiply(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@code Σ x[off + i]} for {@code i < n}, accumulated in float. */
    public static float sum(int n, float[] x, int off) {
        Checks.range("x", x, off, n);
        return K.sum(n, x, off);
    }

    /**
     * Adds the column vector {@code bias} (rows×1) to every column of the rows×cols matrix {@code x}:
     * {@code x[r][c] += bias[r]} (broadcast along axis 1, {@code Z = W·X + b}). Modifies {@code x}, which must not
     * share elements with {@code bias}.
     */
    public static void addColumn(int rows, int cols, float[] bias, int biasOff, float[] x, int xOff) {
        Checks.compact("x", x, xOff, rows, cols);
        Checks.range("bias", bias, biasOff, rows);
        Checks.disjoint("bias", bias, biasOff, rows, "x", x, xOff, rows * cols);
        K.addColumn(rows, cols, bias, biasOff, x, xOff);
    }

    /**
     * Row sums of the rows×cols matrix {@code x}: {@code out[r] = Σ_c x[r][c]} (sum along axis 1, the bias
     * gradient {@code db = Σ_columns dZ}). Writes {@code rows} elements of {@code out}, which must not share
     * elements with {@code x} (unless x is a single column and out is exactly it).
     */
    public static void rowSums(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        Checks.compact("x", x, xOff, rows, cols);
        Checks.range("out", out, outOff, rows);
        Checks.inPlaceOrDisjoint("x", x, xOff, rows * cols, "out", out, outOff, rows);
        K.rowSums(rows, cols, x, xOff, out, outOff);
    }

    /**
     * {@code y[i] = exp(x[i])}, relative error ≤ 1e-6 against {@link Math#exp} for {@code x} in [-87.3, 88.7];
     * +Inf above {@code ln(Float.MAX_VALUE) ≈ 88.72}, 0 below about -103.97, NaN for NaN. Modifies {@code y}.
     */
    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        K.exp(n, x, xOff, y, yOff);
    }

    /**
     * Logistic sigmoid {@code y[i] = 1 / (1 + exp(-x[i]))}, computed without NaN for any input: every result is in
     * [0, 1] (NaN only for NaN), relative error ≤ 1e-6 down to 1.2e-38; below that (x < -87.3) results may flush
     * to 0. Modifies {@code y}.
     */
    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        K.sigmoid(n, x, xOff, y, yOff);
    }

    /**
     * Sigmoid backward from the activation: {@code dz[i] = da[i]·a[i]·(1 - a[i])}, where {@code a} is the
     * sigmoid's OUTPUT (not its input). Modifies {@code dz}.
     */
    public static void sigmoidBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        binary(n, a, aOff, da, daOff, dz, dzOff);
        K.sigmoidBackward(n, a, aOff, da, daOff, dz, dzOff);
    }

    /**
     * {@code y[i] = tanh(x[i])}, with relative accuracy near 0 and exactly ±1 for {@code |x| > 9.1}. Modifies
     * {@code y}.
     */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        K.tanh(n, x, xOff, y, yOff);
    }

    /** Tanh backward from the activation: {@code dz[i] = da[i]·(1 - a[i]²)}. Modifies {@code dz}. */
    public static void tanhBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        binary(n, a, aOff, da, daOff, dz, dzOff);
        K.tanhBackward(n, a, aOff, da, daOff, dz, dzOff);
    }

    /**
     * ReLU {@code y[i] = x[i] < 0 ? 0 : x[i]}, i.e. {@code max(x[i], 0)} except that a NaN input stays NaN (it is
     * not hidden as 0) and -0 stays -0. Modifies {@code y}.
     */
    public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        K.relu(n, x, xOff, y, yOff);
    }

    /** ReLU backward from the activation: {@code dz[i] = a[i] > 0 ? da[i] : 0}. Modifies {@code dz}. */
    public static void reluBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        binary(n, a, aOff, da, daOff, dz, dzOff);
        K.reluBackward(n, a, aOff, da, daOff, dz, dzOff);
    }

    /**
     * Softmax of every column of the rows×cols matrix {@code z} (one sample per column), stabilised by the
     * column maximum: {@code a[r][c] = exp(z[r][c] - m_c) / Σ_r' exp(z[r'][c] - m_c)}, {@code m_c = max_r z[r][c]}.
     * Every column of {@code a} sums to 1. {@code a} may be {@code z} (same offset). Modifies {@code a}.
     */
    public static void softmaxColumns(int rows, int cols, float[] z, int zOff, float[] a, int aOff) {
        Checks.compact("z", z, zOff, rows, cols);
        Checks.compact("a", a, aOff, rows, cols);
        Checks.inPlaceOrDisjoint("z", z, zOff, rows * cols, "a", a, aOff, rows * cols);
        K.softmaxColumns(rows, cols, z, zOff, a, aOff);
    }

    /**
     * The softmax cross-entropy of every column of the rows×cols logits {@code z} against class indexes, summed:
     * {@code Σ_c (lse_c − z[labels[labelsOff + c]][c])} with {@code lse_c = m_c + ln Σ_r exp(z[r][c] − m_c)},
     * {@code m_c = max_r z[r][c]} (so no exponential overflows and no {@code log(0)}), evaluated in double. Divide
     * by {@code cols} for the mean loss of a batch. The result agrees with the plain double loop to double
     * rounding (the vector path uses the Vector API's double exp and log). Special values: a column holding NaN
     * or +Inf, or holding only −Inf, makes the result NaN; −Inf at a column's label (the column otherwise finite)
     * makes it +Inf; −Inf elsewhere drops that class from the column's sum. Reads only.
     *
     * @throws IllegalArgumentException if {@code rows == 0} while {@code cols > 0}, {@code z} does not fit, or a
     *                                  label is not a row of {@code z} (naming the column and the label)
     */
    public static double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff) {
        Checks.compact("z", z, zOff, rows, cols);
        if (rows == 0 && cols > 0) {
            throw new IllegalArgumentException("crossEntropyColumns needs at least one row but z is 0x" + cols);
        }
        Objects.requireNonNull(labels, "labels");
        if (labelsOff < 0 || (long) labelsOff + cols > labels.length) {
            throw new IllegalArgumentException("labels needs " + cols + " elements from offset " + labelsOff
                    + " but its array has " + labels.length);
        }
        for (int c = 0; c < cols; c++) {
            int label = labels[labelsOff + c];
            if (label < 0 || label >= rows) {
                throw new IllegalArgumentException("label of column " + c + " is " + label + " but z has " + rows
                        + " rows");
            }
        }
        return K.crossEntropyColumns(rows, cols, z, zOff, labels, labelsOff);
    }

    /**
     * Per-column argmax of the rows×cols matrix {@code z} (the predicted class of every sample):
     * {@code out[outOff + c]} = the smallest row {@code r} with {@code z[r][c] = max_r' z[r'][c]}. NaN never wins
     * over a number (a column of NaN only gives row 0); check {@link #allFinite} first if the input may hold one.
     * Writes {@code cols} elements of {@code out}.
     *
     * @throws IllegalArgumentException if {@code rows == 0} while {@code cols > 0} (an empty column has no argmax)
     */
    public static void argmaxColumns(int rows, int cols, float[] z, int zOff, int[] out, int outOff) {
        Checks.compact("z", z, zOff, rows, cols);
        if (rows == 0 && cols > 0) {
            throw new IllegalArgumentException("argmaxColumns needs at least one row but z is 0x" + cols);
        }
        if (out == null) {
            throw new NullPointerException("out");
        }
        if (outOff < 0 || (long) outOff + cols > out.length) {
            throw new IllegalArgumentException("out needs " + cols + " elements from offset " + outOff
                    + " but its array has " + out.length);
        }
        K.argmaxColumns(rows, cols, z, zOff, out, outOff);
    }

    /**
     * Transpose: {@code out[c][r] = a[r][c]} for the rows×cols matrix {@code a} (leading dimension {@code lda}) into
     * the cols×rows matrix {@code out} (leading dimension {@code ldo}). Modifies {@code out}; {@code a} and
     * {@code out} must be different arrays. Runs in 16×16 register tiles with 16-lane vectors (AVX-512), 8×8 tiles
     * with 8-lane ones (AVX2), else in a scalar loop 16 rows at a time.
     */
    public static void transpose(int rows, int cols, float[] a, int aOff, int lda, float[] out, int outOff, int ldo) {
        checkTranspose(rows, cols, a, aOff, lda, rows, out, outOff, ldo);
        K.gatherTransposed(rows, 0, cols, a, aOff, lda, null, 0, out, outOff, ldo);
    }

    /**
     * {@link #transpose(int, int, float[], int, int, float[], int, int)} split between the threads of
     * {@code parallelism} by ranges of {@code a}'s columns where that measured faster: with 8-lane vectors (AVX2),
     * from 2^14 elements per thread (a batch of 128 samples of 784 features is split, the 64-feature digits are
     * not); elsewhere it runs on the calling thread, as two threads measured no faster there. The same values for
     * any thread count. Allocates nothing.
     */
    public static void transpose(Parallelism parallelism, int rows, int cols, float[] a, int aOff, int lda,
                                 float[] out, int outOff, int ldo) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkTranspose(rows, cols, a, aOff, lda, rows, out, outOff, ldo);
        ParallelGather.gatherTransposed(parallelism, GATHER_SPLIT, rows, cols, a, aOff, lda, null, 0, out, outOff,
                ldo);
    }

    /**
     * Gathers rows of {@code a} as the columns of {@code out}: {@code out[c][j] = a[rows[rowsOff + j]][c]} for
     * {@code j < count}, {@code c < cols}, where {@code a} is aRows×cols (leading dimension {@code lda}) and
     * {@code out} cols×count (leading dimension {@code ldo}). This is a mini-batch of a data set stored one sample
     * per row, laid out one sample per column as the layers take it; rows may repeat. Modifies {@code out};
     * {@code a} and {@code out} must be different arrays.
     *
     * @throws IllegalArgumentException if a size, offset or leading dimension does not fit, or a row index is not a
     *                                  row of {@code a} (naming its position and value)
     */
    public static void gatherTransposed(int count, int cols, float[] a, int aOff, int lda, int aRows, int[] rows,
                                        int rowsOff, float[] out, int outOff, int ldo) {
        checkTranspose(aRows, cols, a, aOff, lda, count, out, outOff, ldo);
        checkRows(count, aRows, rows, rowsOff);
        K.gatherTransposed(count, 0, cols, a, aOff, lda, rows, rowsOff, out, outOff, ldo);
    }

    /**
     * {@link #gatherTransposed(int, int, float[], int, int, int, int[], int, float[], int, int)} split as
     * {@link #transpose(Parallelism, int, int, float[], int, int, float[], int, int)}: the batch gather of a
     * training step on the step's threads. Allocates nothing.
     */
    public static void gatherTransposed(Parallelism parallelism, int count, int cols, float[] a, int aOff, int lda,
                                        int aRows, int[] rows, int rowsOff, float[] out, int outOff, int ldo) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkTranspose(aRows, cols, a, aOff, lda, count, out, outOff, ldo);
        checkRows(count, aRows, rows, rowsOff);
        ParallelGather.gatherTransposed(parallelism, GATHER_SPLIT, count, cols, a, aOff, lda, rows, rowsOff, out,
                outOff, ldo);
    }

    /**
     * Transpose of unsigned bytes into floats with a per-column affine map:
     * {@code out[c][r] = (u(a[r][c])·step − offset[c])·scale[c]} for the rows×cols byte matrix {@code a} (leading
     * dimension {@code lda}) into the cols×rows matrix {@code out} (leading dimension {@code ldo}), where
     * {@code u(x) = x & 0xFF}. The three operations are rounded to float one at a time in that order, so the result
     * equals the same expression evaluated in Java. This is how 8-bit data (MNIST pixels) is kept as bytes in memory
     * and handed to the layers as normalized floats, one sample per column. Modifies {@code out}, which must be
     * an array other than {@code offset} and {@code scale}; reads {@code offset} and {@code scale} from index 0.
     *
     * @throws IllegalArgumentException if a size, offset or leading dimension does not fit, {@code offset} or
     *                                  {@code scale} has fewer than {@code cols} elements, or {@code out} is
     *                                  {@code offset} or {@code scale}
     */
    public static void transposeU8(int rows, int cols, byte[] a, int aOff, int lda, float step, float[] offset,
                                   float[] scale, float[] out, int outOff, int ldo) {
        checkTransposeU8(rows, cols, a, aOff, lda, rows, offset, scale, out, outOff, ldo);
        K.gatherTransposedU8(rows, 0, cols, a, aOff, lda, null, 0, step, offset, scale, out, outOff, ldo);
    }

    /**
     * {@link #transposeU8(int, int, byte[], int, int, float, float[], float[], float[], int, int)} split as
     * {@link #transpose(Parallelism, int, int, float[], int, int, float[], int, int)}. Allocates nothing.
     */
    public static void transposeU8(Parallelism parallelism, int rows, int cols, byte[] a, int aOff, int lda,
                                   float step, float[] offset, float[] scale, float[] out, int outOff, int ldo) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkTransposeU8(rows, cols, a, aOff, lda, rows, offset, scale, out, outOff, ldo);
        ParallelGather.gatherTransposedU8(parallelism, GATHER_SPLIT, rows, cols, a, aOff, lda, null, 0, step,
                offset, scale, out, outOff, ldo);
    }

    /**
     * {@link #gatherTransposed} of unsigned bytes with the per-column affine map of {@link #transposeU8}:
     * {@code out[c][j] = (u(a[rows[rowsOff + j]][c])·step − offset[c])·scale[c]} for {@code j < count},
     * {@code c < cols}, where {@code a} is aRows×cols. A mini-batch of an 8-bit data set stored one sample per row,
     * laid out one sample per column; rows may repeat. Runs in register tiles as {@link #transpose}, else in a
     * scalar loop. Modifies {@code out}, which must be an array other than {@code offset} and {@code scale}.
     *
     * @throws IllegalArgumentException if a size, offset or leading dimension does not fit, {@code offset} or
     *                                  {@code scale} has fewer than {@code cols} elements, {@code out} is
     *                                  {@code offset} or {@code scale}, or a row index is not a row of {@code a}
     *                                  (naming its position and value)
     */
    public static void gatherTransposedU8(int count, int cols, byte[] a, int aOff, int lda, int aRows, int[] rows,
                                          int rowsOff, float step, float[] offset, float[] scale, float[] out,
                                          int outOff, int ldo) {
        checkTransposeU8(aRows, cols, a, aOff, lda, count, offset, scale, out, outOff, ldo);
        checkRows(count, aRows, rows, rowsOff);
        K.gatherTransposedU8(count, 0, cols, a, aOff, lda, rows, rowsOff, step, offset, scale, out, outOff, ldo);
    }

    /**
     * {@link #gatherTransposedU8(int, int, byte[], int, int, int, int[], int, float, float[], float[], float[], int,
     * int)} split as {@link #transpose(Parallelism, int, int, float[], int, int, float[], int, int)}: the batch
     * gather of an 8-bit data set on the step's threads. Allocates nothing.
     */
    public static void gatherTransposedU8(Parallelism parallelism, int count, int cols, byte[] a, int aOff, int lda,
                                          int aRows, int[] rows, int rowsOff, float step, float[] offset,
                                          float[] scale, float[] out, int outOff, int ldo) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkTransposeU8(aRows, cols, a, aOff, lda, count, offset, scale, out, outOff, ldo);
        checkRows(count, aRows, rows, rowsOff);
        ParallelGather.gatherTransposedU8(parallelism, GATHER_SPLIT, count, cols, a, aOff, lda, rows, rowsOff, step,
                offset, scale, out, outOff, ldo);
    }

    /**
     * The gather of {@link #gatherTransposed(Parallelism, int, int, float[], int, int, int, int[], int, float[], int,
     * int)} written straight into the two forms a dense first layer multiplies its input in: {@code asColumns}
     * becomes the cols×count matrix X ({@code X[c][j] = a[rows[rowsOff + j]][c]}, one sample per column: B of the
     * forward product {@code W·X}) and {@code rows} the count×cols matrix Xᵀ (one sample per row: B of the weight
     * gradient {@code dZ·Xᵀ}). Both are written from one read of each sample, in register tiles, so neither product
     * packs its B. Modifies only the two panel matrices.
     *
     * @throws IllegalArgumentException if a size, offset or leading dimension does not fit, a panel matrix is too
     *                                  small for its shape (naming both), both are the same object, or a row index
     *                                  is not a row of {@code a} (naming its position and value)
     */
    public static void gatherPanels(Parallelism parallelism, int count, int cols, float[] a, int aOff, int lda,
                                    int aRows, int[] rows, int rowsOff, PanelMatrix asColumns, PanelMatrix asRows) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkPanels(aRows, cols, count, asColumns, asRows);
        Checks.matrix("a", a, aOff, lda, aRows, cols);
        checkRows(count, aRows, rows, rowsOff);
        asColumns.reshape(cols, count);
        asRows.reshape(count, cols);
        ParallelGather.gatherPanels(parallelism, GATHER_SPLIT, count, cols, a, aOff, lda, rows, rowsOff,
                asColumns.data(), asRows.data(), asColumns.width());
    }

    /**
     * {@link #gatherPanels} of unsigned bytes with the per-column affine map of {@link #gatherTransposedU8}: the
     * batch of an 8-bit data set (MNIST) in both panel forms of a dense first layer's input. Modifies only the two
     * panel matrices.
     *
     * @throws IllegalArgumentException as {@link #gatherPanels}, or if {@code offset} or {@code scale} has fewer
     *                                  than {@code cols} elements
     */
    public static void gatherPanelsU8(Parallelism parallelism, int count, int cols, byte[] a, int aOff, int lda,
                                      int aRows, int[] rows, int rowsOff, float step, float[] offset, float[] scale,
                                      PanelMatrix asColumns, PanelMatrix asRows) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkPanels(aRows, cols, count, asColumns, asRows);
        Checks.matrix("a", a, aOff, lda, aRows, cols);
        Checks.range("offset", offset, 0, cols);
        Checks.range("scale", scale, 0, cols);
        checkRows(count, aRows, rows, rowsOff);
        asColumns.reshape(cols, count);
        asRows.reshape(count, cols);
        ParallelGather.gatherPanelsU8(parallelism, GATHER_SPLIT, count, cols, a, aOff, lda, rows, rowsOff, step,
                offset, scale, asColumns.data(), asRows.data(), asColumns.width());
    }

    private static void checkPanels(int aRows, int cols, int count, PanelMatrix asColumns, PanelMatrix asRows) {
        Objects.requireNonNull(asColumns, "asColumns");
        Objects.requireNonNull(asRows, "asRows");
        if (aRows < 0 || cols < 0 || count < 0) {
            throw new IllegalArgumentException("sizes must be >= 0 but a is " + aRows + "x" + cols + " and count "
                    + count);
        }
        if (asColumns == asRows) {
            throw new IllegalArgumentException("asColumns and asRows are the same PanelMatrix; the gather writes both");
        }
        if (cols > asColumns.maxRows() || count > asColumns.maxCols()) {
            throw new IllegalArgumentException("asColumns " + asColumns + " cannot hold the " + cols + "x" + count
                    + " batch (features x samples)");
        }
        if (count > asRows.maxRows() || cols > asRows.maxCols()) {
            throw new IllegalArgumentException("asRows " + asRows + " cannot hold the " + count + "x" + cols
                    + " batch (samples x features)");
        }
    }

    private static void checkTransposeU8(int aRows, int cols, byte[] a, int aOff, int lda, int outCols,
                                         float[] offset, float[] scale, float[] out, int outOff, int ldo) {
        if (aRows < 0 || cols < 0 || outCols < 0) {
            throw new IllegalArgumentException("sizes must be >= 0 but a is " + aRows + "x" + cols + " and out "
                    + cols + "x" + outCols);
        }
        Checks.matrix("a", a, aOff, lda, aRows, cols);
        Checks.matrix("out", out, outOff, ldo, cols, outCols);
        Checks.range("offset", offset, 0, cols);
        Checks.range("scale", scale, 0, cols);
        if (out == offset || out == scale) {
            // The vector tiles read 16 columns' offsets and scales before storing; the scalar loop one at a time.
            throw new IllegalArgumentException("out is the same array as " + (out == offset ? "offset" : "scale")
                    + ": the map's parameters would be overwritten while they are read");
        }
    }

    private static void checkRows(int count, int aRows, int[] rows, int rowsOff) {
        Objects.requireNonNull(rows, "rows");
        if (count < 0 || rowsOff < 0 || (long) rowsOff + count > rows.length) {
            throw new IllegalArgumentException("rows needs " + count + " indexes from offset " + rowsOff
                    + " but its array has " + rows.length);
        }
        for (int j = 0; j < count; j++) {
            int row = rows[rowsOff + j];
            if (row < 0 || row >= aRows) {
                throw new IllegalArgumentException("rows[" + (rowsOff + j) + "] is " + row + " but a has " + aRows
                        + " rows");
            }
        }
    }

    /** a is aRows×cols, out is cols×outCols, and they are different arrays. */
    private static void checkTranspose(int aRows, int cols, float[] a, int aOff, int lda, int outCols, float[] out,
                                       int outOff, int ldo) {
        if (aRows < 0 || cols < 0 || outCols < 0) {
            throw new IllegalArgumentException("sizes must be >= 0 but a is " + aRows + "x" + cols + " and out "
                    + cols + "x" + outCols);
        }
        Checks.matrix("a", a, aOff, lda, aRows, cols);
        Checks.matrix("out", out, outOff, ldo, cols, outCols);
        if (a == out) {
            throw new IllegalArgumentException("a and out are the same array: a transpose cannot work in place");
        }
    }

    /**
     * {@code true} when none of the {@code n} elements from {@code off} is NaN or ±Inf: the cheap check for
     * detecting a diverged loss, activation or gradient before it spreads.
     */
    public static boolean allFinite(int n, float[] x, int off) {
        Checks.range("x", x, off, n);
        return K.allFinite(n, x, off);
    }

    /**
     * Large arrays are split between the threads of a {@link Parallelism} only from this many elements per thread:
     * handing a range to a polling helper costs 1–2 µs, about what a copy of 2^14 floats takes.
     */
    public static final int MIN_PARALLEL_ELEMENTS = 1 << 14;

    /**
     * {@code y[yOff + i] = x[xOff + i]} for {@code i < n}, split into ranges between the threads of
     * {@code parallelism} when {@code n >= 2·}{@link #MIN_PARALLEL_ELEMENTS}. Modifies {@code y}; allocates nothing.
     */
    public static void copy(Parallelism parallelism, int n, float[] x, int xOff, float[] y, int yOff) {
        Objects.requireNonNull(parallelism, "parallelism");
        unary(n, x, xOff, y, yOff);
        ParallelElementwise.copy(parallelism, MIN_PARALLEL_ELEMENTS, n, x, xOff, y, yOff);
    }

    /**
     * {@code x[off + i] = value} for {@code i < n}, split as {@link #copy(Parallelism, int, float[], int, float[], int)}.
     * Modifies {@code x}; allocates nothing.
     */
    public static void fill(Parallelism parallelism, int n, float value, float[] x, int off) {
        Objects.requireNonNull(parallelism, "parallelism");
        Checks.range("x", x, off, n);
        ParallelElementwise.fill(parallelism, MIN_PARALLEL_ELEMENTS, n, value, x, off);
    }

    /**
     * {@link #allFinite(int, float[], int)} split as {@link #copy(Parallelism, int, float[], int, float[], int)};
     * allocates nothing.
     */
    public static boolean allFinite(Parallelism parallelism, int n, float[] x, int off) {
        Objects.requireNonNull(parallelism, "parallelism");
        Checks.range("x", x, off, n);
        return ParallelElementwise.allFinite(parallelism, MIN_PARALLEL_ELEMENTS, n, x, off);
    }

    private static void unary(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.inPlaceOrDisjoint("x", x, xOff, n, "y", y, yOff, n);
    }

    private static void binary(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Checks.range("a", a, aOff, n);
        Checks.range("b", b, bOff, n);
        Checks.range("out", out, outOff, n);
        Checks.inPlaceOrDisjoint("a", a, aOff, n, "out", out, outOff, n);
        Checks.inPlaceOrDisjoint("b", b, bOff, n, "out", out, outOff, n);
    }
}
