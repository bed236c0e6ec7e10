package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.ScalarElementKernels;

/**
 * Transposes, with or without a row gather, in 16×16 register tiles on 16-lane species
 * ({@link MicroKernels#transpose16}, {@link MicroKernels#transpose16Gather}) and 8×8 tiles on 8-lane species
 * ({@link MicroKernels#transpose8}, {@link MicroKernels#transpose8Gather}): each tile reads T row segments of
 * contiguous floats and writes T column segments, where an element-wise transpose touches a line of the output per
 * element. The edges (fewer than T rows or columns left) and other species go through
 * {@link ScalarElementKernels#gatherTransposed}, which computes the same values (a transpose only moves them).
 * The unsigned-byte forms ({@link #gatherTransposedU8}) run the same tiles on bytes widened to floats and mapped
 * with the same three rounded operations as their scalar edges, so they too agree bit for bit.
 */
final class VectorTranspose {

    /** The tile: one vector of rows by one vector of columns, for the species that have a tile transpose, else 0. */
    private static final int T = MicroKernels.V == 16 || MicroKernels.V == 8 ? MicroKernels.V : 0;

    private VectorTranspose() {
    }

    /**
     * See {@link io.github.simdnn.tensor.internal.ElementKernels#gatherTransposed}; arguments checked. Tiles start at
     * {@code colFrom}: a column range that starts at a multiple of T keeps them on the same columns as the whole
     * range's.
     */
    static void gatherTransposed(int count, int colFrom, int colTo, float[] src, int srcOff, int lds, int[] rows,
                                 int rowsOff, float[] out, int outOff, int ldo) {
        if (T == 0) {
            ScalarElementKernels.transposeBlock(0, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, out, outOff,
                    ldo);
            return;
        }
        int fullRows = count / T * T;
        int tiledTo = colFrom + (colTo - colFrom) / T * T;
        for (int j0 = 0; j0 < fullRows; j0 += T) {
            for (int f0 = colFrom; f0 < tiledTo; f0 += T) {
                int d = outOff + f0 * ldo + j0;
                if (T == 16) {
                    if (rows == null) {
                        MicroKernels.transpose16(src, srcOff + (rowsOff + j0) * lds + f0, lds, out, d, ldo);
                    } else {
                        MicroKernels.transpose16Gather(src, srcOff, lds, rows, rowsOff + j0, f0, out, d, ldo);
                    }
                } else if (rows == null) {
                    MicroKernels.transpose8(src, srcOff + (rowsOff + j0) * lds + f0, lds, out, d, ldo);
                } else {
                    MicroKernels.transpose8Gather(src, srcOff, lds, rows, rowsOff + j0, f0, out, d, ldo);
                }
            }
        }
        if (tiledTo < colTo && fullRows > 0) {
            // The last columns of the full row groups.
            ScalarElementKernels.transposeBlock(0, fullRows, tiledTo, colTo, src, srcOff, lds, rows, rowsOff, out,
                    outOff, ldo);
        }
        if (fullRows < count) {
            ScalarElementKernels.transposeBlock(fullRows, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, out,
                    outOff, ldo);
        }
    }

    /**
     * See {@link io.github.simdnn.tensor.internal.ElementKernels#gatherTransposedU8}; arguments checked. The same
     * tiles as {@link #gatherTransposed}, each row of T bytes widened to T floats and mapped before the transpose
     * ({@link MicroKernels#transpose16GatherU8}, {@link MicroKernels#transpose8GatherU8}); edges through
     * {@link ScalarElementKernels#transposeBlockU8}, with the same three rounded operations per element.
     */
    static void gatherTransposedU8(int count, int colFrom, int colTo, byte[] src, int srcOff, int lds, int[] rows,
                                   int rowsOff, float step, float[] offset, float[] scale, float[] out, int outOff,
                                   int ldo) {
        if (T == 0) {
            ScalarElementKernels.transposeBlockU8(0, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff, step,
                    offset, scale, out, outOff, ldo);
            return;
        }
        int fullRows = count / T * T;
        int tiledTo = colFrom + (colTo - colFrom) / T * T;
        for (int j0 = 0; j0 < fullRows; j0 += T) {
            for (int f0 = colFrom; f0 < tiledTo; f0 += T) {
                int d = outOff + f0 * ldo + j0;
                if (T == 16) {
                    if (rows == null) {
                        MicroKernels.transpose16U8(src, srcOff + (rowsOff + j0) * lds, lds, f0, step, offset, scale,
                                out, d, ldo);
                    } else {
                        MicroKernels.transpose16GatherU8(src, srcOff, lds, rows, rowsOff + j0, f0, step, offset,
                                scale, out, d, ldo);
                    }
                } else if (rows == null) {
                    MicroKernels.transpose8U8(src, srcOff + (rowsOff + j0) * lds, lds, f0, step, offset, scale, out,
                            d, ldo);
                } else {
                    MicroKernels.transpose8GatherU8(src, srcOff, lds, rows, rowsOff + j0, f0, step, offset, scale,
                            out, d, ldo);
                }
            }
        }
        if (tiledTo < colTo && fullRows > 0) {
            ScalarElementKernels.transposeBlockU8(0, fullRows, tiledTo, colTo, src, srcOff, lds, rows, rowsOff, step,
                    offset, scale, out, outOff, ldo);
        }
        if (fullRows < count) {
            ScalarElementKernels.transposeBlockU8(fullRows, count, colFrom, colTo, src, srcOff, lds, rows, rowsOff,
                    step, offset, scale, out, outOff, ldo);
        }
    }

    /**
     * See {@link io.github.simdnn.tensor.internal.ElementKernels#gatherPanels} (floats from {@code src}) and
     * {@code gatherPanelsU8} (bytes from {@code bytes}, mapped; the other source null); arguments checked. Tiles of T
     * samples by T features: each is transposed into colPanels (T features of one panel of samples, stride w) and
     * stored as read into rowPanels (T samples of one panel of features, stride w) by one kernel
     * ({@link MicroKernels#transpose16GatherPanels}, {@link MicroKernels#transpose8GatherPanels} and their U8
     * forms), so the source is read once for both forms. Edges element-wise ({@link ScalarElementKernels#panelsBlock}).
     */
    static void gatherPanels(int count, int features, int colFrom, int colTo, float[] src, byte[] bytes, int srcOff,
                             int lds, int[] rows, int rowsOff, float step, float[] offset, float[] scale,
                             float[] colPanels, float[] rowPanels, int w) {
        int fullRows = T == 0 ? 0 : count / T * T;
        int tiledTo = T == 0 ? colFrom : colFrom + (colTo - colFrom) / T * T;
        assert T == 0 || (colFrom % T == 0 && w % T == 0);
        for (int j0 = 0; j0 < fullRows; j0 += T) {
            int c = j0 / w * w * features + j0 % w;
            for (int f0 = colFrom; f0 < tiledTo; f0 += T) {
                int d = c + f0 * w;
                int r = f0 / w * w * count + j0 * w + f0 % w;
                if (bytes == null) {
                    if (T == 16) {
                        MicroKernels.transpose16GatherPanels(src, srcOff, lds, rows, rowsOff + j0, f0, colPanels, d,
                                w, rowPanels, r, w);
                    } else {
                        MicroKernels.transpose8GatherPanels(src, srcOff, lds, rows, rowsOff + j0, f0, colPanels, d, w,
                                rowPanels, r, w);
                    }
                } else if (T == 16) {
                    MicroKernels.transpose16GatherU8Panels(bytes, srcOff, lds, rows, rowsOff + j0, f0, step, offset,
                            scale, colPanels, d, w, rowPanels, r, w);
                } else {
                    MicroKernels.transpose8GatherU8Panels(bytes, srcOff, lds, rows, rowsOff + j0, f0, step, offset,
                            scale, colPanels, d, w, rowPanels, r, w);
                }
            }
        }
        ScalarElementKernels.panelsBlock(0, fullRows, features, count, tiledTo, colTo, src, bytes, srcOff, lds, rows,
                rowsOff, step, offset, scale, colPanels, rowPanels, w);
        ScalarElementKernels.panelsBlock(fullRows, count, features, count, colFrom, colTo, src, bytes, srcOff, lds,
                rows, rowsOff, step, offset, scale, colPanels, rowPanels, w);
        ScalarElementKernels.zeroPanelPadding(count, features, colFrom, colTo, colPanels, rowPanels, w);
    }
}
