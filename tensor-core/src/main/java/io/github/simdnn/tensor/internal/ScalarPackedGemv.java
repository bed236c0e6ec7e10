package io.github.simdnn.tensor.internal;

/**
 * The scalar {@link PackedGemv}: a row-major copy of A and b; each {@code y[i]} is one FMA chain that starts
 * from {@code b[i]} and runs over p in order. Fallback without the Vector API and oracle for the vector packing.
 */
final class ScalarPackedGemv implements PackedGemv {

    private final int rows;
    private final int cols;
    private final float[] a;
    private final float[] bias;

    ScalarPackedGemv(int rows, int cols, float[] a, int aOff, int lda, float[] bias, int biasOff) {
        this.rows = rows;
        this.cols = cols;
        this.a = new float[rows * cols];
        this.bias = new float[rows];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, aOff + i * lda, this.a, i * cols, cols);
        }
        if (bias != null) {
            System.arraycopy(bias, biasOff, this.bias, 0, rows);
        }
    }

    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < rows; i++) {
            float sum = bias[i];
            int row = i * cols;
            for (int p = 0; p < cols; p++) {
                sum = Math.fma(a[row + p], x[xOff + p], sum);
            }
            y[yOff + i] = sum;
        }
    }

    @Override
    public long packedBytes() {
        return (long) a.length * Float.BYTES;
    }
}
