package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.WorkerTeam;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * How many threads a kernel may use, and where they come from. The caller owns the executor: simdnn never
 * creates threads, never uses the common ForkJoin pool and never changes JVM-wide settings.
 *
 * <p>A kernel given {@code of(executor, t)} splits its output into at most {@code t} parts, runs one on the
 * calling thread and hands the others to {@code executor}, then waits for them. Work is split along the rows or
 * columns of the output, never along the reduction dimension, so results are bit-identical for any thread count.
 * Give it an executor that can run {@code t - 1} tasks at once (e.g. a fixed pool of at least {@code t - 1}
 * threads). If it cannot — it is busy, shut down, discards or refuses tasks — the calling thread runs every part
 * that no helper has picked up within 0.2 ms itself: the call is slower but always completes.
 */
public final class Parallelism {

    /** Everything runs on the calling thread. The default. */
    public static final Parallelism SEQUENTIAL = new Parallelism(null, 1);

    private final Executor executor;
    private final int threads;
    private final WorkerTeam team;

    private Parallelism(Executor executor, int threads) {
        this.executor = executor;
        this.threads = threads;
        this.team = threads == 1 ? null : new WorkerTeam(executor, threads - 1);
    }

    /** The most threads a {@link Parallelism} may use: far more than a GEMM or a batch can be split between. */
    public static final int MAX_THREADS = 1 << 12;

    /**
     * Use up to {@code threads} threads: the calling one plus {@code threads - 1} tasks on {@code executor}. One
     * thread is {@link #SEQUENTIAL}, which keeps no executor.
     *
     * @throws IllegalArgumentException if {@code threads} is not in [1, {@link #MAX_THREADS}]
     */
    public static Parallelism of(Executor executor, int threads) {
        Objects.requireNonNull(executor, "executor");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "] but was " + threads);
        }
        return threads == 1 ? SEQUENTIAL : new Parallelism(executor, threads);
    }

    /** The maximum number of threads, including the caller's. */
    public int threads() {
        return threads;
    }

    /** The executor for the extra parts; {@code null} for {@link #SEQUENTIAL} (and so for {@code of(e, 1)}). */
    public Executor executor() {
        return executor;
    }

    /**
     * Runs {@code part.accept(p)} for every p in {@code 0..parts-1} and returns when all have finished: part 0 on
     * the calling thread, the others on this instance's helpers (or on the calling thread too, in order, for
     * {@link #SEQUENTIAL} or while another caller's job is running on them). The body must be safe to run
     * concurrently for different parts, and no part may wait for another: they may all run one after another on
     * the calling thread. The first exception or error of any part (the caller's own first) is rethrown after all
     * parts have finished.
     *
     * @throws IllegalArgumentException if {@code parts} is not in [1, {@link #threads()}]
     */
    public void run(int parts, IntConsumer part) {
        Objects.requireNonNull(part, "part");
        if (parts < 1 || parts > threads) {
            throw new IllegalArgumentException("parts must be in [1, " + threads + "] but was " + parts);
        }
        if (team == null) {
            part.accept(0);
        } else {
            team.run(parts, part);
        }
    }

    /** The body of {@link #forEachRange}: processes the elements {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Splits the element range {@code [0, n)} into {@code min(threads(), n / minPerPart)} contiguous ranges of about
     * equal length and runs {@code task.run(from, to)} for each as {@link #run} does. Inner boundaries are rounded
     * down to multiples of 16, so two threads share at most one 64-byte line of a float array, and a range may be
     * up to 15 elements shorter than {@code minPerPart}. With one
     * range (small {@code n} or {@link #SEQUENTIAL}) this is {@code task.run(0, n)} on the calling thread. For
     * element-wise work, whose results do not depend on the split. Allocates nothing; a task object that the
     * caller keeps and reuses makes the whole call allocation-free.
     *
     * @throws IllegalArgumentException if {@code n < 0} or {@code minPerPart < 16}
     */
    public void forEachRange(int n, int minPerPart, RangeTask task) {
        Objects.requireNonNull(task, "task");
        if (n < 0 || minPerPart < 16) {
            throw new IllegalArgumentException("need n >= 0 and minPerPart >= 16 but n=" + n
                    + ", minPerPart=" + minPerPart);
        }
        int parts = Math.min(threads, Math.max(1, n / minPerPart));
        if (parts == 1) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        team.runRanges(n, parts, task);
    }

    @Override
    public String toString() {
        return threads == 1 ? "Parallelism[sequential]" : "Parallelism[threads=" + threads + "]";
    }
}
