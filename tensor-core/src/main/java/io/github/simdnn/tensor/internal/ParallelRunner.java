package io.github.simdnn.tensor.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * Runs parts {@code 0..parts-1} of a job: part 0 on the calling thread, the others on the caller's executor,
 * and waits for all. The first failure of any part is rethrown on the calling thread.
 */
public final class ParallelRunner {

    private ParallelRunner() {
    }

    public static void run(Executor executor, int parts, IntConsumer body) {
        if (parts == 1) {
            body.accept(0);
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        Throwable[] failure = new Throwable[1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            executor.execute(() -> {
                try {
                    body.accept(part);
                } catch (Throwable t) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = t;
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        Throwable own = null;
        try {
            body.accept(0);
        } catch (Throwable t) {
            own = t;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = own;
        synchronized (failure) {
            if (t == null) {
                t = failure[0];
            }
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
