package io.github.simdnn.benchmarks.support;

import io.github.simdnn.tensor.Transpose;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GEMM problem {@code C = op(A)·op(B)}, op(A) m×k, op(B) k×n, C m×n, all compact row-major, written as a
 * JMH parameter: {@code "NN:1024"} (square, m = k = n) or {@code "NT:10x128x256"} (m×k×n). The two letters say
 * whether A and B are used as stored ({@code N}) or transposed ({@code T}); a transposed operand is stored
 * k×m (A) or n×k (B), as in the network's backward pass: NN is {@code Z = W·X}, NT is {@code dW = dZ·Aᵀ} and
 * TN is {@code dA = Wᵀ·dZ}.
 */
public record GemmProblem(String spec, boolean transA, boolean transB, int m, int k, int n) {

    private static final Pattern SPEC = Pattern.compile("([NT])([NT]):(\\d+)(?:x(\\d+)x(\\d+))?");

    /**
     * Parses a parameter such as {@code "TN:784x256x128"}.
     *
     * @throws IllegalArgumentException if the text is not {@code [NT][NT]:size} or {@code [NT][NT]:MxKxN}
     */
    public static GemmProblem parse(String spec) {
        Matcher matcher = SPEC.matcher(spec);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("GEMM problem must look like NN:1024 or NT:10x128x256 but was '"
                    + spec + "'");
        }
        boolean ta = matcher.group(1).equals("T");
        boolean tb = matcher.group(2).equals("T");
        int m = Integer.parseInt(matcher.group(3));
        int k = matcher.group(4) == null ? m : Integer.parseInt(matcher.group(4));
        int n = matcher.group(5) == null ? m : Integer.parseInt(matcher.group(5));
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("GEMM sizes must be >= 1 but " + spec + " has m=" + m + ", k=" + k
                    + ", n=" + n);
        }
        return new GemmProblem(spec, ta, tb, m, k, n);
    }

    /** {@code "NN"}, {@code "NT"}, {@code "TN"} or {@code "TT"}. */
    public String layout() {
        return (transA ? "T" : "N") + (transB ? "T" : "N");
    }

    /** Whether m = k = n. */
    public boolean square() {
        return m == k && k == n;
    }

    /** Floating-point operations of one multiply, counting a multiply-add as two: {@code 2·m·n·k}. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    public Transpose transposeA() {
        return transA ? Transpose.YES : Transpose.NO;
    }

    public Transpose transposeB() {
        return transB ? Transpose.YES : Transpose.NO;
    }

    /** Rows of A as stored. */
    public int aRows() {
        return transA ? k : m;
    }

    /** Columns of A as stored: its compact leading dimension. */
    public int lda() {
        return transA ? m : k;
    }

    /** Rows of B as stored. */
    public int bRows() {
        return transB ? n : k;
    }

    /** Columns of B as stored: its compact leading dimension. */
    public int ldb() {
        return transB ? k : n;
    }

    /** A as stored, uniform in [-1, 1), from a fixed seed. */
    public float[] newA() {
        return Inputs.uniform(Inputs.SEED + 1, m * k, -1f, 1f);
    }

    /** B as stored, uniform in [-1, 1), from a fixed seed. */
    public float[] newB() {
        return Inputs.uniform(Inputs.SEED + 2, k * n, -1f, 1f);
    }

    @Override
    public String toString() {
        return layout() + " " + m + "x" + k + "x" + n;
    }
}
