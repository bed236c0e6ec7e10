package io.github.simdnn.testsupport;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bytes allocated by threads so far, from {@code com.sun.management.ThreadMXBean} (reached reflectively: the
 * modules under test do not read {@code jdk.management}). For the allocation tests and the fuzz tests' allocation
 * bounds; reading it allocates nothing.
 */
public final class AllocatedBytes {

    private static final MethodHandle OF_THREAD = handle();

    private AllocatedBytes() {
    }

    private static MethodHandle handle() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            return MethodHandles.publicLookup().unreflect(type.getMethod("getThreadAllocatedBytes", long.class))
                    .bindTo(bean).asType(MethodType.methodType(long.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no per-thread allocation counter in this JVM", e);
        }
    }

    /** Bytes allocated so far by the calling thread. */
    public static long ofCurrentThread() {
        return of(Thread.currentThread());
    }

    /** Bytes allocated so far by {@code thread}. */
    public static long of(Thread thread) {
        try {
            return (long) OF_THREAD.invokeExact(thread.threadId());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * When {@link #steadyState} gives up: not before this many rounds have run and {@link #GIVE_UP_NANOS} have
     * passed. It stops much earlier in the normal case, as soon as two rounds in a row allocate nothing.
     */
    public static final int GIVE_UP_ROUNDS = 60;
    /**
     * The time bound of {@link #GIVE_UP_ROUNDS}: on a shared 2-core machine the JIT's compiler threads can be starved
     * for many seconds, and until C2 compiles the Vector API kernels every round allocates (boxed vectors). One CI
     * run of an allocation test spent 60 rounds, 17 s, before it; the same test takes 2 s otherwise. A step that
     * really allocates therefore takes this long to fail.
     */
    public static final long GIVE_UP_NANOS = 60_000_000_000L;

    /**
     * Runs {@code step} {@code stepsPerRound} times a round and returns as soon as two rounds in a row allocate
     * nothing by {@code threads} (result 0). If that has not happened once both {@link #GIVE_UP_ROUNDS} rounds have
     * run and {@link #GIVE_UP_NANOS} have passed, returns the bytes of the last round that allocated.
     */
    public static long steadyState(Thread[] threads, int stepsPerRound, Runnable step) {
        long lastAllocating = -1;
        int zeroRounds = 0;
        long start = System.nanoTime();
        for (int round = 0; (round < GIVE_UP_ROUNDS || System.nanoTime() - start < GIVE_UP_NANOS) && zeroRounds < 2;
             round++) {
            long before = of(threads);
            for (int i = 0; i < stepsPerRound; i++) {
                step.run();
            }
            long bytes = of(threads) - before;
            zeroRounds = bytes == 0 ? zeroRounds + 1 : 0;
            lastAllocating = bytes == 0 ? lastAllocating : bytes;
        }
        return zeroRounds >= 2 ? 0 : lastAllocating;
    }

    /** Bytes allocated so far by all of {@code threads} (an array made once: varargs would allocate). */
    public static long of(Thread[] threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += of(t);
        }
        return sum;
    }
}
