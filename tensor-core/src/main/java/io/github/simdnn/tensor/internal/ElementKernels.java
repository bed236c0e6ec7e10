package io.github.simdnn.tensor.internal;

/**
 * Element-wise and reduction kernels on float arrays with offsets (and transposes of unsigned bytes into floats);
 * arguments already checked by the public
 * facades. Matrices are compact row-major (leading dimension = column count). Outputs may alias inputs
 * element for element (same array and offset) unless a method says otherwise.
 */
public interface ElementKernels {

    /** {@code y[i] += alpha·x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[i] *= alpha}. */
    void scale(int n, float alpha, float[] x, int off);

    /** {@code Σ x[i]·y[i]}. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code Σ x[i]}. */
    float sum(int n, float[] x, int off);

    /** {@code out[i] = a[i] + b[i]}. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i] - b[i]}. */
    void subtract(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i]·b[i]} (Hadamard product). */
    void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code x[r][c] += bias[r]}: the bias column broadcast along axis 1. */
    void addColumn(int rows, int cols, float[] bias, int biasOff, float[] x, int xOff);

    /** {@code out[r] = Σ_c x[r][c]}: the sum along axis 1. */
    void rowSums(int rows, int cols, float[] x, int xOff, float[] out, int outOff);

    /** {@code y[i] = exp(x[i])}. */
    void exp(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = 1 / (1 + exp(-x[i]))}. */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dz[i] = da[i]·a[i]·(1 - a[i])}, from the sigmoid's output {@code a}. */
    void sigmoidBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff);

    /** {@code y[i] = tanh(x[i])}. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dz[i] = da[i]·(1 - a[i]²)}, from the tanh's output {@code a}. */
    void tanhBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff);

    /** {@code y[i] = x[i] < 0 ? 0 : x[i]} (max(x, 0); NaN stays NaN so that it can be detected). */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dz[i] = a[i] > 0 ? da[i] : 0}, from the ReLU's output {@code a}. */
    void reluBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff);

    /**
     * Column-wise softmax of a rows×cols matrix (one sample per column):
     * {@code a[r][c] = exp(z[r][c] - max_c) / Σ_r' exp(z[r'][c] - max_c)}. {@code a} may be {@code z}.
     */
    void softmaxColumns(int rows, int cols, float[] z, int zOff, float[] a, int aOff);

    /**
     * {@code out[c] = argmax_r z[r][c]} for every column of a rows×cols matrix, {@code rows >= 1}: the first row
     * holding the column maximum, found by scanning with {@code >} from row 0 (so ties give the smallest row and
     * a NaN below row 0 is never chosen).
     */
    void argmaxColumns(int rows, int cols, float[] z, int zOff, int[] out, int outOff);

    /**
     * {@code Σ_c (lse_c − z[labels[labelsOff + c]][c])} over the columns of a rows×cols matrix, {@code rows >= 1},
     * with {@code lse_c = m_c + ln Σ_r exp(z[r][c] − m_c)} and {@code m_c = max_r z[r][c]}, in double: the
     * softmax cross-entropy of every column summed. Labels already checked. NaN or +Inf in a column gives NaN.
     */
    double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff);

    /** {@code true} when none of {@code x[off .. off+n)} is NaN or infinite. */
    boolean allFinite(int n, float[] x, int off);

    /**
     * {@code out[outOff + f·ldo + j] = src[srcOff + row(j)·lds + f]} for {@code j < count} and the columns
     * {@code f} in {@code [colFrom, colTo)}, where {@code row(j) = rows[rowsOff + j]}, or {@code rowsOff + j} when
     * {@code rows} is null: the chosen rows of a row-major matrix written as the columns of another (a transpose
     * when the rows are consecutive). A column range lets threads split the work ({@code ParallelGather}).
     */
    void gatherTransposed(int count, int colFrom, int colTo, float[] src, int srcOff, int lds, int[] rows,
                          int rowsOff, float[] out, int outOff, int ldo);

    /**
     * {@link #gatherTransposed} of unsigned bytes: {@code out[outOff + f·ldo + j] = (u·step − offset[f])·scale[f]}
     * with {@code u = src[srcOff + row(j)·lds + f] & 0xFF}, each operation rounded to float in that order.
     */
    void gatherTransposedU8(int count, int colFrom, int colTo, byte[] src, int srcOff, int lds, int[] rows,
                            int rowsOff, float step, float[] offset, float[] scale, float[] out, int outOff, int ldo);

    /**
     * The chosen rows of a row-major matrix (samples, {@code row(j) = rows[rowsOff + j]}) written in both panel
     * forms of {@code PanelMatrix} (panel width w), for the columns (features) f in {@code [colFrom, colTo)} of
     * {@code features}: into {@code colPanels} the features×count matrix, element (f, j) at
     * {@code (j/w)·w·features + f·w + j%w}, and into {@code rowPanels} the count×features matrix, element (j, f) at
     * {@code (f/w)·w·count + j·w + f%w}. Padding columns are zeroed: those of colPanels' last panel in the rows of
     * the range, those of rowPanels' last panel by the call whose range ends at {@code features}. colFrom is a
     * multiple of 16 (the gathers' thread split), so vector tiles never straddle a panel.
     */
    void gatherPanels(int count, int features, int colFrom, int colTo, float[] src, int srcOff, int lds, int[] rows,
                      int rowsOff, float[] colPanels, float[] rowPanels, int w);

    /** {@link #gatherPanels} of unsigned bytes mapped as {@link #gatherTransposedU8}. */
    void gatherPanelsU8(int count, int features, int colFrom, int colTo, byte[] src, int srcOff, int lds, int[] rows,
                        int rowsOff, float step, float[] offset, float[] scale, float[] colPanels, float[] rowPanels,
                        int w);

    /**
     * The least elements per thread for which the gathers are split between threads ({@code ParallelGather}), or
     * {@link Integer#MAX_VALUE} where splitting them was not measured faster: they then run on the calling thread.
     */
    default int minGatherElementsPerThread() {
        return Integer.MAX_VALUE;
    }
}
