package io.github.simdnn.benchmarks.support;

import io.github.simdnn.tensor.Parallelism;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The caller-owned threads a benchmark hands to simdnn, as an application would: a fixed pool of
 * {@code threads - 1} daemon workers (the calling thread does one part itself), created once per trial and
 * closed in {@code @TearDown}. One thread means {@link Parallelism#SEQUENTIAL} and no pool.
 */
public final class CallerThreads implements AutoCloseable {

    private final ExecutorService pool;
    private final Parallelism parallelism;

    public CallerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        if (threads == 1) {
            pool = null;
            parallelism = Parallelism.SEQUENTIAL;
        } else {
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "simdnn-benchmark-worker");
                t.setDaemon(true);
                return t;
            });
            parallelism = Parallelism.of(pool, threads);
        }
    }

    /** How long {@link #warmUp} runs a multi-threaded operation. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    /**
     * With more than one thread, runs {@code operation} for 2 s before JMH's own warm-up: with both cores busy the
     * JIT compiles the parallel paths slowly, and with quick mode's 2 × 1 s warm-up the first measured iterations
     * of the two-thread training step still ran at half speed (1.34× against 1.77× with 8 warm-up iterations).
     * Does nothing for one thread.
     */
    public void warmUp(Runnable operation) {
        if (pool == null) {
            return;
        }
        long end = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < end) {
            operation.run();
        }
    }

    /** What to pass to simdnn's kernels. */
    public Parallelism parallelism() {
        return parallelism;
    }

    /** Stops the workers and waits for them. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("benchmark worker threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the benchmark worker threads", e);
        }
    }
}
