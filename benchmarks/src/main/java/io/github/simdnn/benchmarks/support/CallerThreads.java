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
