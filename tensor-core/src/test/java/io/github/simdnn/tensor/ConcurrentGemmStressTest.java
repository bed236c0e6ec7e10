package io.github.simdnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several callers run multi-threaded GEMMs at the same time, each with its own output arrays and its own
 * {@link Parallelism} (its own executor): every result must be bit for bit the single-threaded one. This is the
 * "one network per service thread" pattern; it would catch shared scratch state (packing buffers, task objects)
 * between concurrent calls. Bounded by a call count and a deadline.
 */
class ConcurrentGemmStressTest {

    private static final int CALLERS = 4;
    private static final int THREADS_PER_CALLER = 3;
    private static final int CALLS_PER_CALLER = 60;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void concurrentMultiThreadedCallersGetTheSingleThreadedBits() throws Exception {
        SplittableRandom rnd = new SplittableRandom(2024);
        // Large enough to be split between threads (2·m·n·k >= 2^22), with odd sizes, transposes and padding.
        int[][] shapes = {{160, 150, 200}, {257, 33, 300}, {31, 400, 170}, {200, 200, 129}, {513, 17, 260},
                {64, 300, 257}};
        List<GemmPropertyTest.Case> cases = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            GemmPropertyTest.Case g = GemmPropertyTest.Case.of(i % 2 == 1, i % 3 == 1, s[0], s[1], s[2], 0.75f,
                    i % 2 == 0 ? 0f : -0.5f, 1 + rnd.nextInt(4), rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(3),
                    rnd.nextInt(4), rnd.nextInt(3), rnd.nextLong(), false);
            assertTrue(2L * s[0] * s[1] * s[2] >= 1L << 22, "shape " + Arrays.toString(s) + " is split");
            cases.add(g);
            float[] one = g.run(Parallelism.SEQUENTIAL);
            g.check(one);
            expected.add(one);
        }

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<ExecutorService> helpers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                ExecutorService own = Executors.newFixedThreadPool(THREADS_PER_CALLER - 1);
                helpers.add(own);
                Parallelism parallelism = Parallelism.of(own, THREADS_PER_CALLER);
                int caller = t;
                results.add(callers.submit(() -> {
                    start.await();
                    SplittableRandom order = new SplittableRandom(caller);
                    int compared = 0;
                    int mismatches = 0;
                    for (int call = 0; call < CALLS_PER_CALLER && System.nanoTime() < deadline; call++) {
                        int i = order.nextInt(cases.size());
                        float[] out = cases.get(i).run(parallelism);
                        compared++;
                        if (!Arrays.equals(expected.get(i), out)) {
                            mismatches++;
                        }
                    }
                    return new int[] {compared, mismatches};
                }));
            }
            start.countDown();
            int compared = 0;
            for (int t = 0; t < CALLERS; t++) {
                int[] r = results.get(t).get(2, TimeUnit.MINUTES);
                assertEquals(0, r[1], "caller " + t + ": " + r[1] + " of " + r[0] + " results differ from 1 thread");
                compared += r[0];
            }
            // The deadline only guards a pathologically slow machine; normally every call runs.
            assertTrue(compared >= CALLERS * 10, "only " + compared + " calls ran before the deadline");
            System.out.println("ConcurrentGemmStressTest: " + compared + " concurrent multi-threaded GEMM results"
                    + " compared bit for bit with the single-threaded ones");
        } finally {
            callers.shutdownNow();
            helpers.forEach(ExecutorService::shutdownNow);
        }
    }
}
