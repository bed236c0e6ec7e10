package io.github.simdnn.benchmarks.loop;

import io.github.simdnn.benchmarks.support.CallerThreads;
import io.github.simdnn.benchmarks.support.GemmCheck;
import io.github.simdnn.benchmarks.support.GemmProblem;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.benchmarks.support.Mlp;
import io.github.simdnn.benchmarks.support.MlpReference;
import io.github.simdnn.nn.Network;
import io.github.simdnn.tensor.Blas;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.tensor.Transpose;
import io.github.simdnn.training.data.Dataset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times every call of a training step or a GEMM and prints the best and the median, with the best as samples/s or
 * GFLOP/s:
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.github.simdnn.benchmarks.loop.BestOfLoops step THREADS [BATCH]
 * java ... io.github.simdnn.benchmarks.loop.BestOfLoops gemm THREADS PROBLEM... (as GemmBenchmark: NN:256x784x128)
 * java ... io.github.simdnn.benchmarks.loop.BestOfLoops batchstep THREADS
 * </pre>
 * The step is {@code TrainingBenchmark.stepInsideBackward} on the 784-256-10 MLP (on the batch in the network's
 * input panels, as the trainer runs it, checked once against the reference gradients): 1,500 steps of warm-up, then
 * 3,000 timed. The best is the machine's capability; the median, printed beside it, is what a run of steps gets on
 * a shared machine. {@code batchstep} is what the
 * trainer runs per batch of 128 with a plain {@code Sgd}: the gather of 128 shuffled samples of a 60,000×784 byte
 * data set (MNIST's shape, random pixels) and the step, in the two forms the trainer has had, alternating step by
 * step in one JVM: the gather into the network's column buffer then {@code forwardInputBuffer}, and the gather into
 * its two panel matrices then {@code forwardInputPanels}. A GEMM gets a third of its timed calls as warm-up, then as
 * many calls as take about 20 GFLOP (at least 300, at most 200,000). Each result is checked once first: the step's
 * gradients and each GEMM against the benchmarks' references, the two forms of batchstep against each other.
 */
public final class BestOfLoops {

    private static final int STEP_WARM_UP = 1_500;
    private static final int STEPS = 3_000;
    /** At most this many timed GEMM calls, however small the problem. */
    private static final int MAX_CALLS = 200_000;

    private BestOfLoops() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("step") || args[0].equals("gemm") || args[0].equals("batchstep"))) {
            System.err.println("usage: BestOfLoops step THREADS [BATCH] | gemm THREADS PROBLEM... | batchstep THREADS");
            System.exit(2);
        }
        Jvm.requireVectorKernels();
        int threads = Integer.parseInt(args[1]);
        try (CallerThreads callerThreads = new CallerThreads(threads)) {
            if (args[0].equals("batchstep")) {
                batchStep(callerThreads.parallelism(), threads);
            } else if (args[0].equals("step")) {
                step(callerThreads.parallelism(), threads, args.length > 2 ? Integer.parseInt(args[2]) : 128);
            } else {
                for (int i = 2; i < args.length; i++) {
                    gemm(callerThreads.parallelism(), threads, GemmProblem.parse(args[i]));
                }
            }
        }
    }

    private static void step(Parallelism parallelism, int threads, int batch) {
        Network network = Mlp.network(batch);
        network.setParallelism(parallelism);
        float[] x = Mlp.features(batch);
        int[] labels = Mlp.labels(batch);
        network.zeroGradients();
        network.forward(x, batch);
        network.backward(labels);
        MlpReference.verifyGradients("the step's gradients", network, x, labels, batch);
        Network.InputPanels panels = network.inputPanels();
        panels.columns().pack(Transpose.NO, Mlp.INPUTS, batch, x, 0, batch);
        panels.rows().pack(Transpose.YES, batch, Mlp.INPUTS, x, 0, batch);
        // The timed path itself, once: from the panels, the step moves every weight by -η times those gradients.
        float[][] before = new float[network.parameters().size()][];
        for (int i = 0; i < before.length; i++) {
            before[i] = network.parameters().get(i).value().clone();
        }
        network.forwardInputPanels(batch);
        network.backwardSgdStep(labels, 0.01f, 0f);
        MlpReference.verifySgdStep("the timed step (panels, SGD inside backward)", network, before, 0.01f);
        long[] times = new long[STEPS];
        for (int i = -STEP_WARM_UP; i < STEPS; i++) {
            long start = System.nanoTime();
            network.forwardInputPanels(batch);
            network.backwardSgdStep(labels, 0.01f, 0f);
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        System.out.printf("step 784-256-10, batch %d, %d thread(s): best %.0f us (%.0f samples/s), median %.0f us "
                + "(%.0f samples/s)%n", batch, threads, times[0] / 1e3, batch * 1e9 / times[0],
                times[STEPS / 2] / 1e3, batch * 1e9 / times[STEPS / 2]);
    }

    private static void batchStep(Parallelism parallelism, int threads) {
        int batch = 128;
        int samples = 60_000;
        SplittableRandom random = new SplittableRandom(1);
        byte[] pixels = new byte[samples * Mlp.INPUTS];
        random.nextBytes(pixels);
        int[] classes = new int[samples];
        for (int i = 0; i < samples; i++) {
            classes[i] = random.nextInt(Mlp.CLASSES);
        }
        Dataset data = Dataset.ofUnsignedBytes(pixels, 1f / 255, classes, Mlp.INPUTS, Mlp.CLASSES);
        Network network = Mlp.network(batch);
        network.setParallelism(parallelism);
        Network.InputPanels panels = network.inputPanels();
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = random.nextInt(samples);
        }
        int[] labels = new int[batch];
        // Both gathers of one batch give the same outputs, bit for bit, before anything is timed.
        data.copyBatch(parallelism, order, 0, batch, network.inputBuffer(), 0, labels, 0);
        float[] fromColumns = network.forwardInputBuffer(batch).clone();
        data.copyBatch(parallelism, order, 0, batch, panels.columns(), panels.rows(), labels, 0);
        float[] fromPanels = network.forwardInputPanels(batch);
        for (int k = 0; k < fromColumns.length; k++) {
            if (Float.floatToRawIntBits(fromColumns[k]) != Float.floatToRawIntBits(fromPanels[k])) {
                throw new IllegalStateException("batchstep: output " + k + " is " + fromPanels[k]
                        + " from the panels but " + fromColumns[k] + " from the column buffer");
            }
        }
        long[][] times = new long[2][STEPS];
        int from = 0;
        for (int i = -STEP_WARM_UP; i < STEPS; i++) {
            for (int form = 0; form < 2; form++) {
                from = from + 2 * batch > samples ? 0 : from + batch;
                long start = System.nanoTime();
                if (form == 0) {
                    data.copyBatch(parallelism, order, from, batch, network.inputBuffer(), 0, labels, 0);
                    network.forwardInputBuffer(batch);
                } else {
                    data.copyBatch(parallelism, order, from, batch, panels.columns(), panels.rows(), labels, 0);
                    network.forwardInputPanels(batch);
                }
                network.backwardSgdStep(labels, 0.01f, 0f);
                if (i >= 0) {
                    times[form][i] = System.nanoTime() - start;
                }
            }
        }
        String[] names = {"columns", "panels"};
        for (int form = 0; form < 2; form++) {
            Arrays.sort(times[form]);
            System.out.printf("gather + step 784-256-10, batch %d, %d thread(s), %s: best %.0f us (%.0f samples/s),"
                    + " median %.0f us (%.0f samples/s)%n", batch, threads, names[form], times[form][0] / 1e3,
                    batch * 1e9 / times[form][0], times[form][STEPS / 2] / 1e3, batch * 1e9 / times[form][STEPS / 2]);
        }
    }

    private static void gemm(Parallelism parallelism, int threads, GemmProblem p) {
        float[] a = p.newA();
        float[] b = p.newB();
        float[] c = new float[p.m() * p.n()];
        GemmCheck.poison(c);
        run(parallelism, p, a, b, c);
        GemmCheck.verify("sgemm", p, a, b, c);
        int calls = (int) Math.min(MAX_CALLS, Math.max(300, 2e10 / p.flops()));
        long[] times = new long[calls];
        for (int i = -calls / 3; i < calls; i++) {
            long start = System.nanoTime();
            run(parallelism, p, a, b, c);
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        System.out.printf("sgemm %s, %d thread(s): best %.1f GFLOP/s, median %.1f GFLOP/s (%d calls)%n", p.spec(),
                threads, p.flops() / times[0], p.flops() / times[calls / 2], calls);
    }

    private static void run(Parallelism parallelism, GemmProblem p, float[] a, float[] b, float[] c) {
        Blas.sgemm(parallelism, p.transposeA(), p.transposeB(), p.m(), p.n(), p.k(), 1f, a, 0, p.lda(), b, 0,
                p.ldb(), 0f, c, 0, p.n());
    }
}
