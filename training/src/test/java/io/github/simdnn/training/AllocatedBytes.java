package io.github.simdnn.training;

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

    /** Bytes allocated so far by all of {@code threads} (an array made once: varargs would allocate). */
    public static long of(Thread[] threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += of(t);
        }
        return sum;
    }
}
