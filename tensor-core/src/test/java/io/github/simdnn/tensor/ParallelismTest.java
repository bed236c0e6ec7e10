package io.github.simdnn.tensor;

import io.github.simdnn.tensor.internal.WorkerTeam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Parallelism#run} and {@link Parallelism#forEachRange} on the polling helpers: every part runs exactly
 * once, failures reach the caller, helpers give their threads back, concurrent callers and a shut-down executor
 * still get every part done.
 */
class ParallelismTest {

    private ThreadPoolExecutor pool;

    @BeforeEach
    void startPool() {
        pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(3);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "helpers stop when interrupted");
    }

    @Test
    void everyPartRunsOnceAndPartZeroOnTheCaller() {
        Parallelism parallelism = Parallelism.of(pool, 4);
        int jobs = 3000;
        for (int parts = 1; parts <= 4; parts++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            Thread caller = Thread.currentThread();
            Thread[] ranOn = new Thread[4];
            boolean[] otherThread = new boolean[4];
            for (int job = 0; job < jobs; job++) {
                parallelism.run(parts, part -> {
                    runs.incrementAndGet(part);
                    ranOn[part] = Thread.currentThread();
                });
                for (int part = 1; part < parts; part++) {
                    otherThread[part] |= ranOn[part] != caller;
                }
                assertSame(caller, ranOn[0], "part 0 runs on the calling thread");
            }
            for (int part = 0; part < 4; part++) {
                assertEquals(part < parts ? jobs : 0, runs.get(part), "runs of part " + part + " of " + parts);
            }
            // A helper whose loop the pool starts late misses the jobs until then (the owner takes its parts back
            // at once meanwhile), and 3000 empty jobs can be over in a millisecond: run more until each part has
            // run on a helper, for at most 10 s.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!allTrue(otherThread, parts) && System.nanoTime() < deadline) {
                parallelism.run(parts, part -> ranOn[part] = Thread.currentThread());
                for (int part = 1; part < parts; part++) {
                    otherThread[part] |= ranOn[part] != caller;
                }
            }
            for (int part = 1; part < parts; part++) {
                assertTrue(otherThread[part], "part " + part + " of " + parts + " ran on a helper at least once");
            }
        }
    }

    private static boolean allTrue(boolean[] flags, int parts) {
        for (int part = 1; part < parts; part++) {
            if (!flags[part]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theWorkOfEveryPartIsVisibleToTheCaller() {
        Parallelism parallelism = Parallelism.of(pool, 3);
        float[] out = new float[3 * 1000];
        for (int job = 1; job <= 500; job++) {
            float value = job;
            parallelism.run(3, part -> {
                for (int i = part * 1000; i < (part + 1) * 1000; i++) {
                    out[i] = value;
                }
            });
            for (int i = 0; i < out.length; i++) {
                if (out[i] != value) {
                    assertEquals(value, out[i], "element " + i + " after job " + job);
                }
            }
        }
    }

    @Test
    void aHelpersFailureReachesTheCallerAndTheTeamKeepsWorking() {
        Parallelism parallelism = Parallelism.of(pool, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallelism.run(3, part -> {
            if (part == 2) {
                throw new IllegalStateException("part 2 failed");
            }
        }));
        assertEquals("part 2 failed", e.getMessage());
        AssertionError own = assertThrows(AssertionError.class, () -> parallelism.run(3, part -> {
            throw new AssertionError("part " + part);
        }));
        assertEquals("part 0", own.getMessage(), "the caller's own failure comes first");
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        parallelism.run(3, runs::incrementAndGet);
        assertEquals("[1, 1, 1]", runs.toString());
    }

    @Test
    void idleHelpersGiveTheirThreadsBack() throws InterruptedException {
        Parallelism parallelism = Parallelism.of(pool, 4);
        parallelism.run(4, part -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, pool.getActiveCount(), "helpers polled for at most 0.2 ms, then returned");
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        parallelism.run(4, runs::incrementAndGet);
        assertEquals("[1, 1, 1, 1]", runs.toString(), "the next job starts them again");
    }

    @Test
    void concurrentCallersOfOneInstanceEachGetAllTheirParts() throws Exception {
        Parallelism shared = Parallelism.of(pool, 3);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                results.add(callers.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int job = 0; job < 2000; job++) {
                        int[] seen = new int[3];
                        shared.run(3, part -> seen[part]++);
                        wrong += seen[0] == 1 && seen[1] == 1 && seen[2] == 1 ? 0 : 1;
                        int[] hits = new int[1000];
                        shared.forEachRange(hits.length, 16, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                hits[i]++;
                            }
                        });
                        for (int h : hits) {
                            wrong += h == 1 ? 0 : 1;
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(0, f.get(60, TimeUnit.SECONDS), "parts or elements that did not run exactly once");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aShutDownExecutorLeavesThePartsToTheCaller() throws InterruptedException {
        Parallelism parallelism = Parallelism.of(pool, 3);
        parallelism.run(3, part -> { });
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        Thread[] ranOn = new Thread[3];
        parallelism.run(3, part -> ranOn[part] = Thread.currentThread());
        for (Thread t : ranOn) {
            assertSame(Thread.currentThread(), t);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsPartsAndKeepsTheFlag() {
        Parallelism parallelism = Parallelism.of(pool, 2);
        AtomicIntegerArray done = new AtomicIntegerArray(2);
        Thread.currentThread().interrupt();
        try {
            parallelism.run(2, part -> {
                if (part == 1) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                done.set(part, 1);
            });
            assertEquals("[1, 1]", done.toString(), "returned only after the slow part finished");
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rangesCoverEveryElementOnceWithAlignedInnerBoundaries() {
        Parallelism parallelism = Parallelism.of(pool, 4);
        int[] sizes = {0, 1, 15, 16, 17, 31, 127, 257, 1000, 4096, 4097, 65_537, 100_352};
        int[] minimums = {16, 100, 1000, 16_384};
        for (int n : sizes) {
            for (int min : minimums) {
                int[] hits = new int[n];
                List<int[]> ranges = new ArrayList<>();
                parallelism.forEachRange(n, min, (from, to) -> {
                    synchronized (ranges) {
                        ranges.add(new int[] {from, to});
                    }
                    for (int i = from; i < to; i++) {
                        hits[i]++;
                    }
                });
                String where = "n=" + n + ", minPerPart=" + min;
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits[i], "element " + i + ", " + where);
                }
                int expectedParts = n == 0 ? 0 : Math.min(4, Math.max(1, n / min));
                assertEquals(expectedParts, ranges.size(), "ranges for " + where);
                for (int[] range : ranges) {
                    assertTrue(range[0] < range[1], "empty range for " + where);
                    assertTrue(range[0] % 16 == 0, "range start " + range[0] + " for " + where);
                    assertTrue(range[1] % 16 == 0 || range[1] == n, "range end " + range[1] + " for " + where);
                    assertTrue(ranges.size() == 1 || range[1] - range[0] > min - 16,
                            "range " + range[0] + ".." + range[1] + " for " + where + ": at most 15 short");
                }
            }
        }
    }

    @Test
    void sequentialRangesAreOneCallOnTheCaller() {
        List<String> calls = new ArrayList<>();
        Parallelism.SEQUENTIAL.forEachRange(1_000_000, 16, (from, to) -> calls.add(from + ".." + to));
        Parallelism.SEQUENTIAL.forEachRange(0, 16, (from, to) -> calls.add(from + ".." + to));
        assertEquals(List.of("0..1000000"), calls);
        Thread[] ranOn = new Thread[1];
        Parallelism.SEQUENTIAL.run(1, part -> ranOn[0] = Thread.currentThread());
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        Parallelism two = Parallelism.of(pool, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> two.run(3, part -> { }));
        assertEquals("parts must be in [1, 2] but was 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> two.run(0, part -> { }));
        e = assertThrows(IllegalArgumentException.class, () -> two.forEachRange(10, 8, (from, to) -> { }));
        assertEquals("need n >= 0 and minPerPart >= 16 but n=10, minPerPart=8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> two.forEachRange(-1, 16, (from, to) -> { }));
        assertThrows(NullPointerException.class, () -> two.run(1, null));
        e = assertThrows(IllegalArgumentException.class, () -> Parallelism.of(pool, Parallelism.MAX_THREADS + 1));
        assertEquals("threads must be in [1, 4096] but was 4097", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallelism.of(pool, 0));
        assertSame(Parallelism.SEQUENTIAL, Parallelism.of(pool, 1), "one thread keeps no executor");
        assertNotSame(Parallelism.of(pool, 2), two, "each call makes its own instance (and helpers)");
        assertFalse(two.toString().isEmpty());
    }

    /** Runs a 3-part job on {@code parallelism} and returns the thread of each part. */
    private static Thread[] threeParts(Parallelism parallelism) {
        Thread[] ranOn = new Thread[3];
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        parallelism.run(3, part -> {
            runs.incrementAndGet(part);
            ranOn[part] = Thread.currentThread();
        });
        assertEquals("[1, 1, 1]", runs.toString());
        return ranOn;
    }

    @Test
    void anExecutorThatNeverRunsTheTaskDoesNotHangTheJob() {
        Executor discarding = task -> { };
        Parallelism parallelism = Parallelism.of(discarding, 3);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int job = 0; job < 200; job++) {
                for (Thread t : threeParts(parallelism)) {
                    assertSame(Thread.currentThread(), t, "the owner took the unclaimed parts back");
                }
            }
        });
    }

    @Test
    void anExecutorThatThrowsLeavesThePartsToTheCaller() {
        for (Throwable failure : new Throwable[] {new IllegalStateException("broken"),
                new OutOfMemoryError("unable to create native thread")}) {
            Executor throwing = task -> {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            };
            Parallelism parallelism = Parallelism.of(throwing, 3);
            for (int job = 0; job < 100; job++) {
                for (Thread t : threeParts(parallelism)) {
                    assertSame(Thread.currentThread(), t);
                }
            }
        }
    }

    @Test
    void aHelperTaskTheExecutorDroppedIsQueuedAgainLater() {
        AtomicIntegerArray dropped = new AtomicIntegerArray(1);
        Executor dropsTheFirstTask = task -> {
            if (dropped.compareAndSet(0, 0, 1)) {
                return;                                   // silently, as a discarding rejection policy does
            }
            pool.execute(task);
        };
        Parallelism parallelism = Parallelism.of(dropsTheFirstTask, 2);
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[2];
        boolean helped = false;
        long deadline = System.nanoTime() + 10_000_000_000L;
        int jobs = 0;
        while (!helped && System.nanoTime() < deadline) {
            parallelism.run(2, part -> ranOn[part] = Thread.currentThread());
            helped = ranOn[1] != caller;
            jobs++;
        }
        assertEquals(1, dropped.get(0), "the first helper task was dropped");
        assertTrue(helped, "a helper ran a part within 10 s (" + jobs + " jobs)");
    }

    @Test
    void aCallerRunsExecutorRunsEveryPartOnTheCaller() {
        Parallelism parallelism = Parallelism.of(Runnable::run, 3);
        for (int job = 0; job < 500; job++) {
            for (Thread t : threeParts(parallelism)) {
                assertSame(Thread.currentThread(), t);
            }
        }
    }

    @Test
    void aCallerThatIsThePoolsOnlyThreadStillFinishes() throws Exception {
        ExecutorService single = Executors.newFixedThreadPool(1);
        try {
            Parallelism parallelism = Parallelism.of(single, 2);
            Future<Integer> done = single.submit(() -> {
                int jobs = 0;
                for (int job = 0; job < 50; job++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(2);
                    parallelism.run(2, runs::incrementAndGet);
                    jobs += runs.get(0) + runs.get(1) == 2 ? 1 : 0;
                }
                return jobs;
            });
            assertEquals(50, done.get(20, TimeUnit.SECONDS), "jobs whose two parts each ran once");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aSaturatedPoolIsNotGivenAnotherHelperTaskPerJob() throws Exception {
        ThreadPoolExecutor single = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        try {
            Parallelism parallelism = Parallelism.of(single, 2);
            int jobs = 500;
            Future<long[]> done = single.submit(() -> {
                long start = System.nanoTime();
                int complete = 0;
                for (int job = 0; job < jobs; job++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(2);
                    parallelism.run(2, runs::incrementAndGet);
                    complete += runs.get(0) + runs.get(1) == 2 ? 1 : 0;
                }
                return new long[] {complete, single.getQueue().size(), System.nanoTime() - start};
            });
            long[] r = done.get(20, TimeUnit.SECONDS);
            assertEquals(jobs, r[0], "jobs whose two parts each ran once");
            // The helper task queued by the first job never starts while the caller holds the pool's only thread;
            // another may be queued only once it has waited WorkerTeam.REQUEUE_NANOS (longer for each further one),
            // and never more than MAX_REQUEUES of them. (One per job before.)
            long allowed = Math.min(1 + r[2] / WorkerTeam.REQUEUE_NANOS, 1 + WorkerTeam.MAX_REQUEUES);
            assertTrue(r[1] <= allowed, r[1] + " helper tasks queued in " + r[2] / 1_000_000 + " ms, at most "
                    + allowed + " expected");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aPartThatStartsAJobOnTheSameTeamRunsItInline() {
        Parallelism parallelism = Parallelism.of(pool, 3);
        AtomicIntegerArray inner = new AtomicIntegerArray(3);
        AtomicIntegerArray outer = new AtomicIntegerArray(3);
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        parallelism.run(3, part -> {
            outer.incrementAndGet(part);
            parallelism.run(3, inner::incrementAndGet);
            parallelism.forEachRange(hits.length(), 16, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
        });
        assertEquals("[1, 1, 1]", outer.toString());
        assertEquals("[3, 3, 3]", inner.toString(), "each of the 3 outer parts ran the 3 inner parts");
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(3, hits.get(i), "element " + i + " of the inner ranges");
        }
    }

    @Test
    void everyPartRunsEvenWhenOneFailsAndTheOthersAreSuppressed() {
        Parallelism parallelism = Parallelism.of(pool, 3);
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        StackOverflowError e = assertThrows(StackOverflowError.class, () -> parallelism.run(3, part -> {
            runs.incrementAndGet(part);
            if (part == 1) {
                throw new StackOverflowError("helper part 1");
            }
        }));
        assertEquals("helper part 1", e.getMessage());
        assertEquals("[1, 1, 1]", runs.toString(), "the other parts ran to the end");
        IllegalStateException first = assertThrows(IllegalStateException.class, () -> parallelism.run(3, part -> {
            throw new IllegalStateException("part " + part);
        }));
        assertEquals("part 0", first.getMessage());
        List<String> others = new ArrayList<>();
        List<Throwable> toVisit = new ArrayList<>(List.of(first.getSuppressed()));
        while (!toVisit.isEmpty()) {
            Throwable t = toVisit.remove(0);
            others.add(t.getMessage());
            toVisit.addAll(List.of(t.getSuppressed()));
        }
        others.sort(null);
        assertEquals(List.of("part 1", "part 2"), others, "the helpers' failures, suppressed in the first");
        Parallelism callerRuns = Parallelism.of(Runnable::run, 2);   // part 1 runs (and fails) before part 0
        IllegalStateException inline = assertThrows(IllegalStateException.class, () -> callerRuns.run(2, part -> {
            throw new IllegalStateException("inline " + part);
        }));
        assertEquals("inline 0", inline.getMessage(), "the owner's own failure first");
        assertEquals("inline 1", inline.getSuppressed()[0].getMessage());
    }

    @Test
    void aCheckedExceptionThrownByAPartReachesTheCaller() {
        Parallelism parallelism = Parallelism.of(pool, 2);
        IOException e = assertThrows(IOException.class, () -> parallelism.run(2, part -> {
            if (part == 1) {
                ParallelismTest.<RuntimeException>sneakyThrow(new IOException("disk"));
            }
        }));
        assertEquals("disk", e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
