package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism;

/**
 * The gathers and transposes of {@code Ops} split between the threads of a {@link Parallelism} by ranges of the
 * source's columns (rows of the output) of at least {@code minPerPart} elements each, so each thread reads its share
 * of every gathered row and writes whole rows of the output. Range boundaries are multiples of 16, so every thread's
 * register tiles start where one thread's would, and the values are the same however the work is split. The task
 * is per calling thread and reused, so a split call allocates nothing; its array fields are cleared after each call
 * so that it keeps no caller data alive. Arguments are checked by the caller.
 */
public final class ParallelGather implements Parallelism.RangeTask {

    private static final ThreadLocal<ParallelGather> PER_THREAD = ThreadLocal.withInitial(ParallelGather::new);

    private final ElementKernels kernels = Implementations.elements();
    private int count;
    private float[] src;
    private byte[] bytes;
    private int srcOff;
    private int lds;
    private int[] rows;
    private int rowsOff;
    private float step;
    private float[] offset;
    private float[] scale;
    private float[] out;
    private int outOff;
    private int ldo;
    /** The panel gathers' outputs ({@link ElementKernels#gatherPanels}); null for a gather into {@link #out}. */
    private float[] colPanels;
    private float[] rowPanels;
    private int features;
    private int width;
    /** Whether a call of this thread is using this instance (then a nested call gets a new one). */
    private boolean inUse;

    private ParallelGather() {
    }

    private static ParallelGather forThisThread() {
        ParallelGather task = PER_THREAD.get();
        return task.inUse ? new ParallelGather() : task;
    }

    /** {@link ElementKernels#gatherTransposed} of the columns {@code [0, cols)}, split between threads. */
    public static void gatherTransposed(Parallelism parallelism, int minPerPart, int count, int cols, float[] src,
                                        int srcOff, int lds, int[] rows, int rowsOff, float[] out, int outOff,
                                        int ldo) {
        ParallelGather task = forThisThread();
        task.set(count, src, null, srcOff, lds, rows, rowsOff, 0f, null, null, out, outOff, ldo);
        task.runOn(parallelism, minPerPart, cols);
    }

    /** {@link ElementKernels#gatherTransposedU8} of the columns {@code [0, cols)}, split between threads. */
    public static void gatherTransposedU8(Parallelism parallelism, int minPerPart, int count, int cols, byte[] src,
                                          int srcOff, int lds, int[] rows, int rowsOff, float step, float[] offset,
                                          float[] scale, float[] out, int outOff, int ldo) {
        ParallelGather task = forThisThread();
        task.set(count, null, src, srcOff, lds, rows, rowsOff, step, offset, scale, out, outOff, ldo);
        task.runOn(parallelism, minPerPart, cols);
    }

    /** {@link ElementKernels#gatherPanels} of the columns {@code [0, features)}, split between threads. */
    public static void gatherPanels(Parallelism parallelism, int minPerPart, int count, int features, float[] src,
                                    int srcOff, int lds, int[] rows, int rowsOff, float[] colPanels,
                                    float[] rowPanels, int width) {
        ParallelGather task = forThisThread();
        task.set(count, src, null, srcOff, lds, rows, rowsOff, 0f, null, null, null, 0, 0);
        task.setPanels(features, colPanels, rowPanels, width);
        task.runOn(parallelism, minPerPart, features);
    }

    /** {@link ElementKernels#gatherPanelsU8} of the columns {@code [0, features)}, split between threads. */
    public static void gatherPanelsU8(Parallelism parallelism, int minPerPart, int count, int features, byte[] src,
                                      int srcOff, int lds, int[] rows, int rowsOff, float step, float[] offset,
                                      float[] scale, float[] colPanels, float[] rowPanels, int width) {
        ParallelGather task = forThisThread();
        task.set(count, null, src, srcOff, lds, rows, rowsOff, step, offset, scale, null, 0, 0);
        task.setPanels(features, colPanels, rowPanels, width);
        task.runOn(parallelism, minPerPart, features);
    }

    private void setPanels(int features, float[] colPanels, float[] rowPanels, int width) {
        this.features = features;
        this.colPanels = colPanels;
        this.rowPanels = rowPanels;
        this.width = width;
    }

    private void set(int count, float[] src, byte[] bytes, int srcOff, int lds, int[] rows, int rowsOff, float step,
                     float[] offset, float[] scale, float[] out, int outOff, int ldo) {
        this.inUse = true;
        this.count = count;
        this.src = src;
        this.bytes = bytes;
        this.srcOff = srcOff;
        this.lds = lds;
        this.rows = rows;
        this.rowsOff = rowsOff;
        this.step = step;
        this.offset = offset;
        this.scale = scale;
        this.out = out;
        this.outOff = outOff;
        this.ldo = ldo;
    }

    /** Splits {@code [0, cols)} into ranges of at least {@code minPerPart} elements ({@code count} per column). */
    private void runOn(Parallelism parallelism, int minPerPart, int cols) {
        try {
            if (count > 0 && cols > 0) {
                int minColumns = Math.max(16, minPerPart / count);
                parallelism.forEachRange(cols, minColumns, this);
            }
        } finally {
            src = null;
            bytes = null;
            rows = null;
            offset = null;
            scale = null;
            out = null;
            colPanels = null;
            rowPanels = null;
            inUse = false;
        }
    }

    @Override
    public void run(int from, int to) {
        if (colPanels != null) {
            if (bytes == null) {
                kernels.gatherPanels(count, features, from, to, src, srcOff, lds, rows, rowsOff, colPanels, rowPanels,
                        width);
            } else {
                kernels.gatherPanelsU8(count, features, from, to, bytes, srcOff, lds, rows, rowsOff, step, offset,
                        scale, colPanels, rowPanels, width);
            }
        } else if (bytes == null) {
            kernels.gatherTransposed(count, from, to, src, srcOff, lds, rows, rowsOff, out, outOff, ldo);
        } else {
            kernels.gatherTransposedU8(count, from, to, bytes, srcOff, lds, rows, rowsOff, step, offset, scale, out,
                    outOff, ldo);
        }
    }
}
