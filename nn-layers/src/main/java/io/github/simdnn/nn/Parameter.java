package io.github.simdnn.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable tensor of a layer: its value and the gradient of the loss with respect to it, both rows×cols,
 * row-major, in arrays of exactly {@link #size()} elements.
 *
 * <p>Ownership follows PyTorch: the layer owns the parameter, {@code backward} ACCUMULATES into
 * {@link #gradient()} ({@code gradient += ∂L/∂value}), {@link #zeroGradient()} clears it, and an optimizer (which
 * owns any update state such as momentum) updates {@link #value()} in place. {@link #value()} and
 * {@link #gradient()} return the live arrays, not copies, so that optimizers allocate nothing.
 *
 * <p>{@link Kind#WEIGHT} parameters are the ones L2 regularisation applies to; {@link Kind#BIAS} parameters are
 * never regularised.
 */
public final class Parameter {

    /** Whether L2 regularisation applies. */
    public enum Kind {
        /** A weight matrix: L2 applies ({@code gradient += λ·value} in the optimizer, {@code (λ/2)·Σ value²} in J). */
        WEIGHT,
        /** A bias vector: never regularised. */
        BIAS
    }

    private final String name;
    private final Kind kind;
    private final int rows;
    private final int cols;
    private final float[] value;
    private final float[] gradient;

    /**
     * A rows×cols parameter with zero value and zero gradient.
     *
     * @throws IllegalArgumentException if a size is below 1 or rows·cols does not fit an array
     */
    public Parameter(String name, Kind kind, int rows, int cols) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("parameter " + name + ": sizes must be >= 1 but were " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + name + ": " + rows + "x" + cols + " is too large");
        }
        this.rows = rows;
        this.cols = cols;
        this.value = new float[(int) size];
        this.gradient = new float[(int) size];
    }

    /** The name, unique within its layer: {@code "weight"} or {@code "bias"} (see {@link Network#namedParameters()}). */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code true} for {@link Kind#WEIGHT}: L2 regularisation applies. */
    public boolean isWeight() {
        return kind == Kind.WEIGHT;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** {@code rows·cols}, the length of {@link #value()} and {@link #gradient()}. */
    public int size() {
        return value.length;
    }

    /** The live value array (row-major, not a copy); optimizers update it in place. */
    public float[] value() {
        return value;
    }

    /** The live gradient array (row-major, not a copy): {@code backward} adds to it. */
    public float[] gradient() {
        return gradient;
    }

    /** Sets every gradient element to 0. Modifies only {@link #gradient()}. */
    public void zeroGradient() {
        Arrays.fill(gradient, 0f);
    }

    /**
     * Copies {@code values} (row-major, exactly {@link #size()} elements) into {@link #value()}; the gradient is
     * left alone. Validates everything before copying, so a rejected call changes nothing.
     *
     * @throws IllegalArgumentException if the length differs or a value is NaN or infinite (naming its row/column)
     */
    public void setValue(float[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length != value.length) {
            throw new IllegalArgumentException("parameter " + name + " is " + rows + "x" + cols + " (" + value.length
                    + " values) but " + values.length + " values were given");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("parameter " + name + ": value " + values[i] + " at row "
                        + (i / cols) + ", column " + (i % cols) + " is not finite");
            }
        }
        System.arraycopy(values, 0, value, 0, value.length);
    }

    /** {@code Σ value²}, accumulated in double. */
    public double sumOfSquares() {
        double s = 0;
        for (float v : value) {
            s += (double) v * v;
        }
        return s;
    }

    /** A deep copy of the value with a zero gradient. */
    Parameter copy() {
        Parameter p = new Parameter(name, kind, rows, cols);
        System.arraycopy(value, 0, p.value, 0, value.length);
        return p;
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + ", " + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
