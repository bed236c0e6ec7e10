package io.github.simdnn.testsupport;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An executor of one daemon thread that runs each task handed to it and allocates nothing per task, for the
 * multi-threaded allocation tests: a JDK pool allocates a queue node whenever a helper that went idle is started
 * again, which a hiccup of the machine can cause at any time, so it would make the count depend on the machine's
 * load. {@link #execute} waits (up to a second) while the previous task is still being picked up.
 */
public final class HandOffExecutor implements Executor, AutoCloseable {

    private final AtomicReference<Runnable> next = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile int started;

    public HandOffExecutor() {
        thread = new Thread(this::loop, "hand-off helper");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            Runnable task = next.getAndSet(null);
            if (task != null) {
                started++;
                task.run();
            } else {
                LockSupport.parkNanos(this, 1_000_000);
            }
        }
    }

    /** The thread that runs the tasks (for its allocation counter). */
    public Thread thread() {
        return thread;
    }

    /** Tasks started so far. */
    public int started() {
        return started;
    }

    @Override
    public void execute(Runnable task) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!next.compareAndSet(null, task)) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the hand-off thread does not take tasks");
            }
            Thread.onSpinWait();   // the previous task is still being picked up
        }
        LockSupport.unpark(thread);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
