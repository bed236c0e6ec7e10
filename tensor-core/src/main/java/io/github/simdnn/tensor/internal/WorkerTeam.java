package io.github.simdnn.tensor.internal;

import io.github.simdnn.tensor.Parallelism.RangeTask;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads of one {@code Parallelism}: up to {@code threads - 1} polling loops that run as ordinary
 * tasks on the caller's executor, so that handing a part of a job to another thread costs a memory write instead
 * of a thread wake-up.
 *
 * <p>Why: on the virtual machines this library is measured on, waking a parked pool thread and being woken by it
 * costs about 40 µs per job (an empty two-part job through a fixed pool and a latch: 42 µs). A training step of
 * 784-256-10 at batch 128 runs two 51 MFLOP products of about 270 µs per thread each, so the wake-ups alone cost
 * 15% of a two-thread step and made every product below ~2 MFLOP not worth splitting.
 *
 * <p>How: a helper, once started, runs the part it is assigned, then polls for the next one for
 * {@link #IDLE_POLL_NANOS} (pausing, later yielding: {@link #PAUSE_ONLY_NANOS}); if none comes it returns, giving
 * its thread back to the executor, and the next job starts it again. Each helper slot has a state:
 * {@code RETIRED} (no loop polls it), {@code WAITING} (a loop polls it), {@code ASSIGNED} (a part is published
 * for it) or {@code RUNNING} (a loop has claimed that part). Every change that matters is a compare-and-set:
 * <ul>
 *   <li>the owner publishes a part with WAITING → ASSIGNED, or sets a RETIRED slot to ASSIGNED and starts a loop
 *       unless one it started earlier is still queued (below);</li>
 *   <li>a loop claims a part with ASSIGNED → RUNNING, so a part runs once even if two loops of one slot exist (a
 *       late task of an earlier start and a new one);</li>
 *   <li>a loop retires with WAITING → RETIRED, so no part is published to a loop that has left;</li>
 *   <li>the owner takes back a part nobody has claimed with ASSIGNED → RETIRED — at once when the executor refused
 *       or failed to start the loop or has not yet started the one it was given, otherwise after polling
 *       {@link #OWNER_POLL_NANOS} — and runs it itself. So a
 *       job finishes even when the executor never runs the task (a discarding policy, a shut-down or saturated
 *       pool, a caller that is itself the pool's only thread).</li>
 * </ul>
 * A loop that finds its slot RETIRED or RUNNING leaves, except when it has just started: then it sets RETIRED to
 * WAITING and polls (its part was taken back before it ran). A loop run on the owner's own thread (an executor that
 * runs tasks in the caller, such as {@code Runnable::run}) never polls: it retires right after its part, and leaves
 * at once if it finds no part.
 *
 * <p>A loop the executor has queued but not yet started (all its threads busy, the caller among them) is not queued
 * again: the slot's next parts are published for it, and taken back by the owner at once, until it starts or
 * {@link #REQUEUE_NANOS} have passed (an executor may also drop a task without a word); each further re-queue
 * without a start waits twice as long, up to 32 times, and after {@link #MAX_REQUEUES} the slot is not queued again
 * until one of its loops starts. So a saturated pool costs no owner poll per job, and its queue holds at most
 * {@link #MAX_REQUEUES} + 1 of a helper's tasks however long the caller keeps it busy; a pool that drops every task
 * loses the helper after about 95 s of trying.
 *
 * <p>One job at a time: a caller that finds the team busy with another caller's job (or a part that starts a job
 * on the same team) runs all its parts itself, in order (same split, so the same bits). Every part runs even if
 * an earlier one failed; the first failure is rethrown afterwards with the others suppressed. Nothing is
 * allocated per job: the helpers' tasks are made once (an executor may allocate when it queues one, e.g. a pool's
 * queue node, which happens only when a helper restarts). No JVM-wide state: the threads are the caller's, and a
 * helper never polls longer than {@link #IDLE_POLL_NANOS} after its last part or its start.
 */
public final class WorkerTeam {

    /**
     * How long an idle helper polls for the next part before it returns its thread to the executor. Long enough
     * to bridge the single-threaded stretches between the products of a training step (the element-wise work of
     * a 784-256-10 step at batch 128 takes under 100 µs), short enough that an idle team burns at most 0.2 ms of
     * CPU per helper after its last job.
     */
    static final long IDLE_POLL_NANOS = 200_000;

    /**
     * How long the job's owner polls for its helpers; then it runs every part no helper has claimed and parks until
     * the claimed ones finish (the helper that finishes last unparks it).
     */
    static final long OWNER_POLL_NANOS = 200_000;

    /**
     * After this long, a polling thread yields ({@link Thread#yield()}) between polls instead of only pausing, so
     * that other runnable threads on its core — the JIT compiler while the kernels warm up, other work of the
     * application — are not starved by a poll that is only waiting. With nothing else to run the yield returns
     * at once. The pause-only stretch covers the usual gaps between the parts of a training step.
     */
    static final long PAUSE_ONLY_NANOS = 20_000;

    /**
     * How long a helper's loop may sit in the executor's queue before the owner queues another for the same slot:
     * long enough that a saturated pool gets at most 20 tasks per second per helper while the caller keeps it
     * busy (each polls for at most {@link #IDLE_POLL_NANOS} once a thread runs it), short enough that a pool which
     * dropped the task (a discarding rejection policy) loses the helper for only that long.
     */
    public static final long REQUEUE_NANOS = 50_000_000;

    /** Re-queues of a slot's loop, none of which started, after which the owner stops queueing it: see above. */
    public static final int MAX_REQUEUES = 64;

    /** The longest wait before a re-queue: {@link #REQUEUE_NANOS} doubled this many times (1.6 s). */
    private static final int MAX_BACKOFF_SHIFT = 5;

    /** {@link #queuedAt}'s value for a slot with no queued, unstarted loop. */
    private static final long NOT_QUEUED = Long.MIN_VALUE;

    private static final int RETIRED = 0;
    private static final int WAITING = 1;
    private static final int ASSIGNED = 2;
    private static final int RUNNING = 3;

    private final Executor executor;
    private final AtomicIntegerArray states;
    /** When each slot's loop was last handed to the executor, until it starts ({@link #NOT_QUEUED} then). */
    private final AtomicLongArray queuedAt;
    /** How many times each slot's loop was queued again since one last started. */
    private final AtomicIntegerArray requeues;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The owner while it is parked waiting for helpers (for their unpark). */
    private volatile Thread owner;
    /** The thread that runs the current job (written before its parts are published). */
    private Thread jobOwner;
    /** The current job; written by its owner before any helper is ASSIGNED, read by helpers after. */
    private IntConsumer body;
    /** The current range job (see {@link #runRanges}); its part {@code p} is {@link #rangeStart} p to p + 1. */
    private RangeTask ranges;
    private int rangeLength;
    private int rangeParts;
    /** The body of every range job, made once. */
    private final IntConsumer rangeBody = part -> ranges.run(rangeStart(rangeLength, rangeParts, part),
            rangeStart(rangeLength, rangeParts, part + 1));
    /** The task of each helper's loop, made once, so that restarting a helper allocates nothing here. */
    private final Runnable[] loops;

    /** A team of {@code helpers} helpers (the caller's thread is not counted) on {@code executor}. */
    public WorkerTeam(Executor executor, int helpers) {
        assert executor != null && helpers >= 1;
        this.executor = executor;
        this.states = new AtomicIntegerArray(helpers);
        this.queuedAt = new AtomicLongArray(helpers);
        this.requeues = new AtomicIntegerArray(helpers);
        this.loops = new Runnable[helpers];
        for (int h = 0; h < helpers; h++) {
            int helper = h + 1;
            loops[h] = () -> helperLoop(helper);
            queuedAt.set(h, NOT_QUEUED);
        }
    }

    /**
     * Start of range {@code part} of {@code parts} over {@code [0, n)}: {@code n·part/parts} rounded down to a
     * multiple of 16 (a 64-byte line of floats), and {@code n} for {@code part == parts}.
     */
    public static int rangeStart(int n, int parts, int part) {
        return part == parts ? n : (int) ((long) n * part / parts) & ~15;
    }

    /**
     * Runs {@code task} on the ranges {@code [rangeStart(n, parts, p), rangeStart(n, parts, p + 1))} for every
     * part p, as {@link #run} does, without allocating.
     */
    public void runRanges(int n, int parts, RangeTask task) {
        assert parts >= 1 && parts <= states.length() + 1 && n >= 0;
        if (parts == 1 || !busy.compareAndSet(false, true)) {
            Throwable first = null;
            for (int part = 0; part < parts; part++) {
                try {
                    task.run(rangeStart(n, parts, part), rangeStart(n, parts, part + 1));
                } catch (Throwable t) {
                    first = add(first, t);
                }
            }
            rethrow(first);
            return;
        }
        try {
            ranges = task;
            rangeLength = n;
            rangeParts = parts;
            runAcquired(parts, rangeBody);
        } finally {
            ranges = null;
            busy.set(false);
        }
    }

    /**
     * Runs {@code body.accept(part)} for every part in {@code 0..parts-1}, part 0 on the calling thread and the
     * others on helpers, and returns when all are done. The first failure (the caller's own first) is rethrown.
     */
    public void run(int parts, IntConsumer body) {
        assert parts >= 1 && parts <= states.length() + 1;
        if (parts == 1 || !busy.compareAndSet(false, true)) {
            Throwable first = null;
            for (int part = 0; part < parts; part++) {
                try {
                    body.accept(part);
                } catch (Throwable t) {
                    first = add(first, t);
                }
            }
            rethrow(first);
            return;
        }
        try {
            runAcquired(parts, body);
        } finally {
            busy.set(false);
        }
    }

    /** {@link #run} once this caller holds {@link #busy}. */
    private void runAcquired(int parts, IntConsumer body) {
        this.body = body;
        this.jobOwner = Thread.currentThread();
        failure.set(null);
        pending.set(parts - 1);
        try {
            boolean takeBack = false;
            for (int helper = 1; helper < parts; helper++) {
                takeBack |= !publish(helper);
            }
            Throwable own = null;
            try {
                body.accept(0);
            } catch (Throwable t) {
                own = t;
            }
            awaitHelpers(parts, takeBack);
            rethrow(own != null ? add(own, failure.get()) : failure.get());
        } finally {
            this.body = null;
            this.jobOwner = null;
            failure.set(null);
        }
    }

    /**
     * Publishes the part of {@code helper} to its slot, starting a loop if none polls it; false if the executor
     * refused or failed to start one, or one it was given earlier has not started yet (the part stays ASSIGNED:
     * that loop may still claim it, else the owner takes it back at once).
     */
    private boolean publish(int helper) {
        int slot = helper - 1;
        if (states.compareAndSet(slot, WAITING, ASSIGNED)) {
            return true;
        }
        // RETIRED: no loop polls the slot, or one that has just started is setting it WAITING (the set below then
        // wins, and that loop claims the part). A late task of an earlier start may still claim it; that is fine.
        states.set(slot, ASSIGNED);
        long now = System.nanoTime();
        long queued = queuedAt.get(slot);
        if (queued != NOT_QUEUED) {
            int again = requeues.get(slot);
            if (again >= MAX_REQUEUES || now - queued < REQUEUE_NANOS << Math.min(again, MAX_BACKOFF_SHIFT)) {
                return false;
            }
            requeues.set(slot, again + 1);
        }
        queuedAt.set(slot, now);
        try {
            executor.execute(loops[slot]);
            return true;
        } catch (Throwable refusedOrFailed) {
            // RejectedExecutionException, or e.g. an OutOfMemoryError creating a pool thread.
            queuedAt.compareAndSet(slot, now, NOT_QUEUED);
            return false;
        }
    }

    private void helperLoop(int helper) {
        int slot = helper - 1;
        queuedAt.set(slot, NOT_QUEUED);
        requeues.set(slot, 0);
        // A loop on the owner's own thread (a caller-runs executor, inside publish) must not poll there. Any other
        // thread reads jobOwner as null or another thread, never as itself.
        boolean onOwner = Thread.currentThread() == jobOwner;
        if (!onOwner) {
            // Started after the owner took its part back (the executor was slow to run it): poll for the next part
            // rather than leave, or a loop that starts late would never find one.
            states.compareAndSet(slot, RETIRED, WAITING);
        }
        long idleSince = System.nanoTime();
        while (true) {
            int state = states.get(slot);
            if (state == ASSIGNED) {
                if (states.compareAndSet(slot, ASSIGNED, RUNNING)) {
                    try {
                        runPart(helper);
                    } finally {
                        // WAITING (or RETIRED) before the count drops: once it is 0 the next job may use the slot.
                        states.set(slot, onOwner ? RETIRED : WAITING);
                        partDone();
                    }
                    if (onOwner) {
                        return;
                    }
                    idleSince = System.nanoTime();
                }
                continue;
            }
            if (state != WAITING || onOwner) {
                // RETIRED (taken back by the owner, or retired by another loop), RUNNING (another loop's), or
                // WAITING on the owner's thread, where another loop polls the slot.
                return;
            }
            long idle = System.nanoTime() - idleSince;
            if (idle > IDLE_POLL_NANOS || Thread.currentThread().isInterrupted()) {
                if (states.compareAndSet(slot, WAITING, RETIRED)) {
                    return;
                }
                continue; // assigned just now
            }
            pause(idle);
        }
    }

    /** Counts one helper part as done, waking the parked owner after the last. */
    private void partDone() {
        if (pending.decrementAndGet() == 0) {
            Thread waiting = owner;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /**
     * Runs one helper's part and records its failure (the first one; later ones are added as suppressed). Throws
     * nothing: a failure to record a later failure (an OutOfMemoryError growing the suppressed list) drops it.
     */
    private void runPart(int helper) {
        try {
            body.accept(helper);
        } catch (Throwable t) {
            if (!failure.compareAndSet(null, t)) {
                try {
                    add(failure.get(), t);
                } catch (Throwable lost) {
                    // The first failure is still reported.
                }
            }
        }
    }

    /** One poll's wait, {@code waited} ns into the poll: a pause, later a yield (see {@link #PAUSE_ONLY_NANOS}). */
    private static void pause(long waited) {
        if (waited < PAUSE_ONLY_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /**
     * Waits until every helper part of the job has run: polls, takes back the parts no loop has claimed (at once
     * if {@code takeBackNow}, else after {@link #OWNER_POLL_NANOS}) and runs them, then parks until the running
     * ones finish. An interrupt does not end the wait; the thread's interrupt status is kept.
     */
    private void awaitHelpers(int parts, boolean takeBackNow) {
        if (takeBackNow) {
            takeBack(parts);
        }
        long start = System.nanoTime();
        long waited;
        while (pending.get() != 0 && (waited = System.nanoTime() - start) < OWNER_POLL_NANOS) {
            pause(waited);
        }
        if (pending.get() == 0) {
            return;
        }
        takeBack(parts);
        owner = Thread.currentThread();
        boolean interrupted = false;
        try {
            while (pending.get() != 0) {
                // The helper that brings the count to 0 unparks us; the timeout only guards against a lost wake-up.
                LockSupport.parkNanos(this, 1_000_000);
                interrupted |= Thread.interrupted();
            }
        } finally {
            owner = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs on the owner every part of the job that is still published but unclaimed. */
    private void takeBack(int parts) {
        for (int helper = 1; helper < parts; helper++) {
            if (states.compareAndSet(helper - 1, ASSIGNED, RETIRED)) {
                try {
                    runPart(helper);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /** {@code first} with {@code next} added as suppressed ({@code next} itself if there is no first). */
    private static Throwable add(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (next != null && next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /** Rethrows {@code t} as it is, checked or not (a part may throw a checked exception sneakily); null: nothing. */
    private static void rethrow(Throwable t) {
        if (t != null) {
            WorkerTeam.<RuntimeException>sneakyThrow(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
