package io.github.simdnn.tensor.internal;

import java.util.Arrays;

/** Plain-Java element-wise kernels: the fallback and the oracle for the vector ones. */
public final class ScalarElementKernels implements ElementKernels {

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public float sum(int n, float[] x, int off) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void subtract(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void addColumn(int rows, int cols, float[] bias, int biasOff, float[] x, int xOff) {
        for (int r = 0; r < rows; r++) {
            float br = bias[biasOff + r];
            int row = xOff + r * cols;
            for (int c = 0; c < cols; c++) {
                x[row + c] += br;
            }
        }
    }

    @Override
    public void rowSums(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = sum(cols, x, xOff + r * cols);
        }
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        for (int i = 0; i < n; i++) {
            float ai = a[aOff + i];
            dz[dzOff + i] = da[daOff + i] * ai * (1f - ai);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        for (int i = 0; i < n; i++) {
            float ai = a[aOff + i];
            dz[dzOff + i] = da[daOff + i] * (1f - ai * ai);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? 0f : v;
        }
    }

    @Override
    public void reluBackward(int n, float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff) {
        for (int i = 0; i < n; i++) {
            dz[dzOff + i] = a[aOff + i] > 0f ? da[daOff + i] : 0f;
        }
    }

    @Override
    public void softmaxColumns(int rows, int cols, float[] z, int zOff, float[] a, int aOff) {
        for (int c = 0; c < cols; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, z[zOff + r * cols + c]);
            }
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                float e = (float) Math.exp(z[zOff + r * cols + c] - max);
                a[aOff + r * cols + c] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int r = 0; r < rows; r++) {
                a[aOff + r * cols + c] *= inv;
            }
        }
    }

    @Override
    public double crossEntropyColumns(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff) {
        return crossEntropyRange(rows, cols, z, zOff, labels, labelsOff, 0, cols);
    }

    /** {@link #crossEntropyColumns} over the columns {@code [from, to)} only; also the vector kernel's tail. */
    public static double crossEntropyRange(int rows, int cols, float[] z, int zOff, int[] labels, int labelsOff,
                                           int from, int to) {
        double total = 0;
        for (int c = from; c < to; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, z[zOff + r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp((double) z[zOff + r * cols + c] - max);
            }
            total += max + Math.log(sum) - z[zOff + labels[labelsOff + c] * cols + c];
        }
        return total;
    }

    @Override
    public void argmaxColumns(int rows, int cols, float[] z, int zOff, int[] out, int outOff) {
        argmaxRange(rows, cols, z, zOff, out, outOff, 0, cols);
    }

    /**
     * {@link #argmaxColumns} for the columns {@code [colFrom, colTo)} only: the first row holding the largest value
     * (strictly greater replaces, so NaN never does; a number replaces a NaN in row 0); also the vector kernel's
     * last columns and its columns with a NaN in row 0.
     */
    public static void argmaxRange(int rows, int cols, float[] z, int zOff, int[] out, int outOff, int colFrom,
                                   int colTo) {
        for (int c = colFrom; c < colTo; c++) {
            out[outOff + c] = argmax(rows, z, zOff + c, cols);
        }
    }

    /** The argmax rule of {@link #argmaxRange} for the {@code n} values {@code z[off + i·stride]}. */
    public static int argmax(int n, float[] z, int off, int stride) {
        float best = z[off];
        int arg = 0;
        for (int r = 1, i = off + stride; r < n; r++, i += stride) {
            float v = z[i];
            if (v > best || (best != best && v == v)) {
                best = v;
                arg = r;
            }
        }
        return arg;
    }

    @Override
    public boolean allFinite(int n, float[] x, int off) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[off + i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void gatherTransposed(int count, int colFrom, int colTo, float[] src, int srcOff, int lds, int[] rows,
                                 int rowsOff, float[] out, int outOff, int ldo) {
        transposeBlock(0, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, out, outOff, ldo);
    }

    @Override
    public void gatherTransposedU8(int count, int colFrom, int colTo, byte[] src, int srcOff, int lds, int[] rows,
                                   int rowsOff, float step, float[] offset, float[] scale, float[] out, int outOff,
                                   int ldo) {
        transposeBlockU8(0, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, step, offset, scale, out, outOff,
                ldo);
    }

    @Override
    public void gatherPanels(int count, int features, int colFrom, int colTo, float[] src, int srcOff, int lds,
                             int[] rows, int rowsOff, float[] colPanels, float[] rowPanels, int w) {
        panelsBlock(0, count, features, count, colFrom, colTo, src, null, srcOff, lds, rows, rowsOff, 0f, null, null,
                colPanels, rowPanels, w);
        zeroPanelPadding(count, features, colFrom, colTo, colPanels, rowPanels, w);
    }

    @Override
    public void gatherPanelsU8(int count, int features, int colFrom, int colTo, byte[] src, int srcOff, int lds,
                               int[] rows, int rowsOff, float step, float[] offset, float[] scale, float[] colPanels,
                               float[] rowPanels, int w) {
        panelsBlock(0, count, features, count, colFrom, colTo, null, src, srcOff, lds, rows, rowsOff, step, offset,
                scale, colPanels, rowPanels, w);
        zeroPanelPadding(count, features, colFrom, colTo, colPanels, rowPanels, w);
    }

    /**
     * {@link #gatherPanels} (floats from {@code src}) or {@link #gatherPanelsU8} (bytes from {@code bytes}, the other
     * source null) element by element, for samples j in {@code [from, to)} of {@code count} and columns in
     * {@code [colFrom, colTo)}; no padding. Also the vector kernel's edges.
     */
    public static void panelsBlock(int from, int to, int features, int count, int colFrom, int colTo, float[] src,
                                   byte[] bytes, int srcOff, int lds, int[] rows, int rowsOff, float step,
                                   float[] offset, float[] scale, float[] colPanels, float[] rowPanels, int w) {
        for (int j = from; j < to; j++) {
            int s = srcOff + rows[rowsOff + j] * lds;
            int c = j / w * w * features + j % w;
            for (int f = colFrom; f < colTo; f++) {
                float x = bytes == null ? src[s + f] : ((bytes[s + f] & 0xFF) * step - offset[f]) * scale[f];
                colPanels[c + f * w] = x;
                rowPanels[f / w * w * count + j * w + f % w] = x;
            }
        }
    }

    /** Zeroes the padding columns of {@link #gatherPanels}'s two outputs that a call for {@code [colFrom, colTo)} owns. */
    public static void zeroPanelPadding(int count, int features, int colFrom, int colTo, float[] colPanels,
                                        float[] rowPanels, int w) {
        int usedInLast = count - (count - 1) / w * w;
        if (usedInLast < w) {
            int last = (count - 1) / w * w * features;
            for (int f = colFrom; f < colTo; f++) {
                Arrays.fill(colPanels, last + f * w + usedInLast, last + f * w + w, 0f);
            }
        }
        int featuresInLast = features - (features - 1) / w * w;
        if (colTo == features && featuresInLast < w) {
            int last = (features - 1) / w * w * count;
            for (int j = 0; j < count; j++) {
                Arrays.fill(rowPanels, last + j * w + featuresInLast, last + j * w + w, 0f);
            }
        }
    }

    /** Rows per pass of {@link #transposeBlock}: each pass writes 16 consecutive floats (one cache line) per column. */
    private static final int GROUP = 16;

    /**
     * {@link #gatherTransposed} for rows {@code j} in {@code [from, to)} and columns {@code f} in
     * {@code [colFrom, colTo)} only. Goes through the rows 16 at a time, writing each column's 16 values together,
     * so a line of {@code out} is written once per pass rather than once per row (row at a time took 180 µs for a
     * 784×128 batch, 16 at a time 110 µs). Also the vector kernel's edges.
     */
    public static void transposeBlock(int from, int to, int colFrom, int colTo, float[] src, int srcOff, int lds,
                                      int[] rows, int rowsOff, float[] out, int outOff, int ldo) {
        for (int j0 = from; j0 < to; j0 += GROUP) {
            int group = Math.min(GROUP, to - j0);
            for (int f = colFrom; f < colTo; f++) {
                int d = outOff + f * ldo + j0;
                for (int j = 0; j < group; j++) {
                    int row = rows == null ? rowsOff + j0 + j : rows[rowsOff + j0 + j];
                    out[d + j] = src[srcOff + row * lds + f];
                }
            }
        }
    }

    /**
     * {@link #gatherTransposedU8} for rows {@code j} in {@code [from, to)} and columns {@code f} in
     * {@code [colFrom, colTo)} only, 16 rows at a time as {@link #transposeBlock}; also the vector kernel's edges.
     */
    public static void transposeBlockU8(int from, int to, int colFrom, int colTo, byte[] src, int srcOff, int lds,
                                        int[] rows, int rowsOff, float step, float[] offset, float[] scale,
                                        float[] out, int outOff, int ldo) {
        for (int j0 = from; j0 < to; j0 += GROUP) {
            int group = Math.min(GROUP, to - j0);
            for (int f = colFrom; f < colTo; f++) {
                int d = outOff + f * ldo + j0;
                float o = offset[f];
                float s = scale[f];
                for (int j = 0; j < group; j++) {
                    int row = rows == null ? rowsOff + j0 + j : rows[rowsOff + j0 + j];
                    float u = src[srcOff + row * lds + f] & 0xFF;
                    out[d + j] = (u * step - o) * s;
                }
            }
        }
    }
}
