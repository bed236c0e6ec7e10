package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.Implementations;
import io.github.simdnn.tensor.internal.PackedGemv;
import java.util.Objects;

/**
 * A matrix A (rows×cols) and an optional bias b (rows), packed once for many matrix-vector products
 * {@code y = A·x + b}: the single-sample inference of a dense layer, {@code z = W·x + b}.
 *
 * <p>Use it when the same matrix multiplies many vectors one at a time. A matrix-vector product reads every
 * element of A once, so it runs at the speed A streams from cache; packing stores A off-heap, aligned to cache
 * lines, in the order the Vector API kernel reads it. On this project's reference machine the 256×784 product
 * takes about as long as reading its 784 KiB from L2, where {@link Blas#sgemm} with n = 1 on a heap array
 * takes up to 40% longer depending on where the collector placed the array. For batches (n > 1) use
 * {@link Blas#sgemm}.
 *
 * <p><b>Memory.</b> {@link #packedBytes()} of off-heap memory (rows rounded up to whole vectors), released by
 * the garbage collector when the object is unreachable. The source arrays are copied, not retained.
 *
 * <p><b>Threads.</b> Immutable: {@link #multiply} may be called from any number of threads at once, takes no
 * lock and allocates nothing. Results are bit for bit the same on every call and thread. Each {@code y[i]}
 * starts from {@code b[i]} and adds the products {@code A[i][p]·x[p]} by FMA in order of p (for a matrix of
 * fewer than 4 vectors of rows, in 2 or 4 interleaved partial sums), so the result can differ from
 * {@link Blas#sgemm} followed by a bias add in the last bits.
 */
public final class PackedMatrix {

    private final int rows;
    private final int cols;
    private final PackedGemv packed;

    private PackedMatrix(int rows, int cols, PackedGemv packed) {
        this.rows = rows;
        this.cols = cols;
        this.packed = packed;
    }

    /**
     * Packs a copy of the rows×cols matrix A stored at {@code a, aOffset} with leading dimension {@code lda}
     * (element (i, p) at {@code a[aOffset + i·lda + p]}) and of the bias {@code bias[biasOffset .. +rows)}; a
     * null {@code bias} means b = 0. Modifies nothing.
     *
     * @throws IllegalArgumentException for negative sizes or offsets, {@code lda < cols}, or an array too short
     * @throws NullPointerException     if {@code a} is null
     */
    public static PackedMatrix of(int rows, int cols, float[] a, int aOffset, int lda, float[] bias, int biasOffset) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("PackedMatrix sizes must be >= 0 but were " + rows + "x" + cols);
        }
        Checks.matrix("A", a, aOffset, lda, rows, cols);
        if (bias != null) {
            Checks.range("bias", bias, biasOffset, rows);
        }
        return new PackedMatrix(rows, cols, Implementations.pack(rows, cols, a, aOffset, lda, bias, biasOffset));
    }

    /** Packs a copy of the compact rows×cols matrix {@code a} (row-major, exactly rows·cols values) with no bias. */
    public static PackedMatrix of(int rows, int cols, float[] a) {
        Objects.requireNonNull(a, "A");
        if (rows < 0 || cols < 0 || (long) rows * cols != a.length) {
            throw new IllegalArgumentException("A must hold rows*cols = " + rows + "*" + cols + " values but has "
                    + a.length);
        }
        return of(rows, cols, a, 0, cols, null, 0);
    }

    /**
     * {@code y[yOffset + i] = Σ_p A[i][p]·x[xOffset + p] + b[i]} for {@code i < rows}: reads cols values of x,
     * writes rows values of y. Modifies only y.
     *
     * @throws IllegalArgumentException if x or y is too short, or they are the same array
     * @throws NullPointerException     if x or y is null
     */
    public void multiply(float[] x, int xOffset, float[] y, int yOffset) {
        Checks.range("x", x, xOffset, cols);
        Checks.range("y", y, yOffset, rows);
        if (x == y) {
            throw new IllegalArgumentException("PackedMatrix.multiply: y must not share an array with x");
        }
        packed.multiply(x, xOffset, y, yOffset);
    }

    /** Rows of A: the length of y. */
    public int rows() {
        return rows;
    }

    /** Columns of A: the length of x. */
    public int cols() {
        return cols;
    }

    /** Bytes of packed storage: off-heap with the Vector API kernels, a heap copy with the scalar fallback. */
    public long packedBytes() {
        return packed.packedBytes();
    }

    /** E.g. {@code PackedMatrix[256x784]}. */
    @Override
    public String toString() {
        return "PackedMatrix[" + rows + "x" + cols + "]";
    }
}
