package io.github.simdnn.tensor;

/** Whether a GEMM operand is used as stored ({@link #NO}) or transposed ({@link #YES}), as CBLAS's {@code CblasNoTrans}/{@code CblasTrans}. */
public enum Transpose {
    /** {@code op(X) = X}. */
    NO,
    /** {@code op(X) = Xᵀ}. */
    YES;

    /** {@code true} for {@link #YES}. */
    public boolean transposed() {
        return this == YES;
    }
}
