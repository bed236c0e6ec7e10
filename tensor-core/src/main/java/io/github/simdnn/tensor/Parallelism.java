package io.github.simdnn.tensor;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How many threads a kernel may use, and where they come from. The caller owns the executor: simdnn never
 * creates threads, never uses the common ForkJoin pool and never changes JVM-wide settings.
 *
 * <p>A kernel given {@code of(executor, t)} splits its output into at most {@code t} parts, runs one on the
 * calling thread and hands the others to {@code executor}, then waits for them. Work is split along the rows or
 * columns of the output, never along the reduction dimension, so results are bit-identical for any thread count.
 * The executor must be able to run {@code t - 1} tasks at once (e.g. a fixed pool of at least {@code t - 1}
 * threads), or the calling thread waits for queued parts.
 */
public final class Parallelism {

    /** Everything runs on the calling thread. The default. */
    public static final Parallelism SEQUENTIAL = new Parallelism(null, 1);

    private final Executor executor;
    private final int threads;

    private Parallelism(Executor executor, int threads) {
        this.executor = executor;
        this.threads = threads;
    }

    /**
     * Use up to {@code threads} threads: the calling one plus {@code threads - 1} tasks on {@code executor}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallelism of(Executor executor, int threads) {
        Objects.requireNonNull(executor, "executor");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        return threads == 1 ? SEQUENTIAL : new Parallelism(executor, threads);
    }

    /** The maximum number of threads, including the caller's. */
    public int threads() {
        return threads;
    }

    /** The executor for the extra parts; {@code null} for {@link #SEQUENTIAL}. */
    public Executor executor() {
        return executor;
    }

    @Override
    public String toString() {
        return threads == 1 ? "Parallelism[sequential]" : "Parallelism[threads=" + threads + "]";
    }
}
