package io.github.simdnn.tensor.internal;

/**
 * A matrix A (rows×cols) and bias b (rows), packed once by a {@link KernelProvider} for many products
 * {@code y = A·x + b}. Immutable after construction; {@link #multiply} may run on any number of threads at once.
 * Arguments are checked by {@code PackedMatrix}.
 */
public interface PackedGemv {

    /** {@code y[yOff + i] = Σ_p A[i][p]·x[xOff + p] + b[i]} for {@code i < rows}. Modifies only y. */
    void multiply(float[] x, int xOff, float[] y, int yOff);

    /** Bytes of packed storage (the padded matrix), for documentation and tests. */
    long packedBytes();
}
