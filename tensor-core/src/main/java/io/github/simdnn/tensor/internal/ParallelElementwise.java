package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism;

import java.util.Arrays;

/**
 * Copy, fill and the finiteness check split into ranges over a {@link Parallelism} (for {@code Ops}). The range
 * task is per calling thread and reused, so a split call allocates nothing; its array fields are cleared after
 * each call so that it keeps no caller data alive. Arguments are checked by the caller.
 */
public final class ParallelElementwise implements Parallelism.RangeTask {

    private static final ThreadLocal<ParallelElementwise> PER_THREAD =
            ThreadLocal.withInitial(ParallelElementwise::new);

    private static final int COPY = 0;
    private static final int FILL = 1;
    private static final int CHECK_FINITE = 2;

    private final ElementKernels kernels = Implementations.elements();
    private int op;
    private float[] x;
    private int xOff;
    private float[] y;
    private int yOff;
    private float value;
    /** Set by any range that finds NaN or ±Inf; read after all ranges have finished. */
    private boolean nonFinite;
    /** Whether a call of this thread is using this instance (then a nested call gets a new one). */
    private boolean inUse;

    /** The calling thread's instance, or a new one if that is in use. */
    private static ParallelElementwise forThisThread() {
        ParallelElementwise task = PER_THREAD.get();
        return task.inUse ? new ParallelElementwise() : task;
    }

    private ParallelElementwise() {
    }

    /** {@code y[yOff + i] = x[xOff + i]} for {@code i < n}. */
    public static void copy(Parallelism parallelism, int minPerPart, int n, float[] x, int xOff, float[] y,
                            int yOff) {
        ParallelElementwise task = forThisThread();
        task.set(COPY, x, xOff, y, yOff, 0f);
        task.runOn(parallelism, minPerPart, n);
    }

    /** {@code x[off + i] = value} for {@code i < n}. */
    public static void fill(Parallelism parallelism, int minPerPart, int n, float value, float[] x, int off) {
        ParallelElementwise task = forThisThread();
        task.set(FILL, x, off, null, 0, value);
        task.runOn(parallelism, minPerPart, n);
    }

    /** Whether none of {@code x[off + i]}, {@code i < n}, is NaN or ±Inf. */
    public static boolean allFinite(Parallelism parallelism, int minPerPart, int n, float[] x, int off) {
        ParallelElementwise task = forThisThread();
        task.set(CHECK_FINITE, x, off, null, 0, 0f);
        task.nonFinite = false;
        task.runOn(parallelism, minPerPart, n);
        return !task.nonFinite;
    }

    private void set(int op, float[] x, int xOff, float[] y, int yOff, float value) {
        this.inUse = true;
        this.op = op;
        this.x = x;
        this.xOff = xOff;
        this.y = y;
        this.yOff = yOff;
        this.value = value;
    }

    private void runOn(Parallelism parallelism, int minPerPart, int n) {
        try {
            parallelism.forEachRange(n, minPerPart, this);
        } finally {
            x = null;
            y = null;
            inUse = false;
        }
    }

    @Override
    public void run(int from, int to) {
        switch (op) {
            case COPY -> System.arraycopy(x, xOff + from, y, yOff + from, to - from);
            case FILL -> Arrays.fill(x, xOff + from, xOff + to, value);
            case CHECK_FINITE -> {
                if (!kernels.allFinite(to - from, x, xOff + from)) {
                    nonFinite = true;
                }
            }
            default -> throw new AssertionError(op);
        }
    }
}
