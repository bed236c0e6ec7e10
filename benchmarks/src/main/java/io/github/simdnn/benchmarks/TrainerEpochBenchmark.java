package io.github.simdnn.benchmarks;

import io.github.simdnn.benchmarks.support.CallerThreads;
import io.github.simdnn.benchmarks.support.Jvm;
import io.github.simdnn.benchmarks.support.Mlp;
import io.github.simdnn.nn.Network;
import io.github.simdnn.training.Momentum;
import io.github.simdnn.training.Optimizer;
import io.github.simdnn.training.Sgd;
import io.github.simdnn.training.Trainer;
import io.github.simdnn.training.TrainingOptions;
import io.github.simdnn.training.TrainingResult;
import io.github.simdnn.training.data.Dataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One training epoch of the 784-256-10 MLP through {@link Trainer#fit}, batch 128, on an MNIST-sized data set
 * ({@link #samples} random 8-bit images, random labels): everything the command-line trainer's samples/s covers,
 * measured by JMH. Beside {@link TrainingBenchmark}'s step it adds what a real epoch does per batch: the shuffled
 * gather of the batch from the data set (random reads: 188 MB as floats, 47 MB as bytes, against a 1 MiB L2 and a
 * 32 MiB L3 that the step's own data also uses), the loss and the check that it is finite, the weight check
 * (one value per output row of each layer after every forward, a full pass over the weights after the epoch)
 * and, for momentum, the velocity update.
 *
 * <p>{@link #storage} is the baseline in the same run: {@code bytes} keeps the pixels as bytes and normalizes them
 * as each batch is gathered (how {@code IdxReader} loads MNIST); {@code floats} holds the same values as floats,
 * four times the memory and the gather's traffic. {@link #optimizer}: {@code sgd} (the update inside the backward
 * pass) or {@code momentum} (the command line's default).
 *
 * <p><b>Mode:</b> one epoch per operation ({@link Mode#SingleShotTime}, milliseconds); the report turns it into
 * samples/s ({@code samples / time}). <b>Warm-up:</b> the first epoch runs at a fraction of the speed until C2 has
 * compiled the Vector API kernels (about 3 s), so the setup trains for {@link #warmUpSeconds} before JMH's own
 * warm-up: quick mode's two warm-up iterations would otherwise be those slow epochs. The smoke run sets it to 0
 * with a small {@link #samples}.
 * Every epoch starts from the same seed, so every operation gathers the same batches; the weights keep training
 * on random labels at a small rate, which keeps every value finite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
@Warmup(iterations = 4)
@Measurement(iterations = 10)
public class TrainerEpochBenchmark {

    private static final int BATCH = 128;
    private static final double LEARNING_RATE = 0.01;

    /** Training samples per epoch (MNIST's training set). */
    @Param({"60000"})
    public int samples;

    /** How the data set holds its features: {@code bytes} or {@code floats}. */
    @Param({"bytes", "floats"})
    public String storage;

    /** {@code sgd} or {@code momentum} (μ = 0.9). */
    @Param({"sgd", "momentum"})
    public String optimizer;

    /** Threads (the caller's plus a caller-owned executor's) the trainer may use. */
    @Param({"1", "2"})
    public int threads;

    /** Seconds of epochs run in the setup, whatever JMH's warm-up options: 6, twice what C2 needs here. */
    @Param({"6"})
    public int warmUpSeconds;

    private Trainer trainer;
    private Dataset train;
    private Dataset noValidation;
    private CallerThreads callerThreads;

    @Setup
    public void setUp() {
        Jvm.requireVectorKernels();
        SplittableRandom rnd = new SplittableRandom(Mlp.CLASSES);
        byte[] pixels = new byte[samples * Mlp.INPUTS];
        int[] labels = new int[samples];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) rnd.nextInt(256);
        }
        for (int i = 0; i < samples; i++) {
            labels[i] = rnd.nextInt(Mlp.CLASSES);
        }
        float step = 1f / 255;
        Dataset bytes = Dataset.ofUnsignedBytes(pixels, step, labels, Mlp.INPUTS, Mlp.CLASSES);
        train = switch (storage) {
            case "bytes" -> bytes;
            case "floats" -> {
                float[] values = new float[pixels.length];
                for (int k = 0; k < values.length; k++) {
                    values[k] = Byte.toUnsignedInt(pixels[k]) * step;
                }
                yield Dataset.of(values, labels, Mlp.INPUTS, Mlp.CLASSES);
            }
            default -> throw new IllegalArgumentException("storage must be bytes or floats but was " + storage);
        };
        requireSameBatch(train, bytes);
        noValidation = train.subset(new int[0]);
        Network network = Mlp.network(BATCH);
        Optimizer opt = switch (optimizer) {
            case "sgd" -> new Sgd(network.parameters(), LEARNING_RATE);
            case "momentum" -> new Momentum(network.parameters(), LEARNING_RATE);
            default -> throw new IllegalArgumentException("optimizer must be sgd or momentum but was " + optimizer);
        };
        callerThreads = new CallerThreads(threads);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(1).withBatchSize(BATCH).withSeed(1)
                .withParallelism(callerThreads.parallelism());
        trainer = new Trainer(network, opt, options);
        long end = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            epoch();
        }
    }

    /** The measured storage gathers the same batch, bit for bit, as the bytes it was made from. */
    private void requireSameBatch(Dataset measured, Dataset bytes) {
        int count = Math.min(BATCH, samples);
        int[] rows = new int[count];
        for (int j = 0; j < count; j++) {
            rows[j] = (int) ((long) j * 7919 % samples);
        }
        float[] x = new float[Mlp.INPUTS * count];
        float[] reference = new float[Mlp.INPUTS * count];
        measured.copyBatch(rows, 0, count, x, 0, new int[count], 0);
        bytes.copyBatch(rows, 0, count, reference, 0, new int[count], 0);
        if (!java.util.Arrays.equals(x, reference)) {
            throw new IllegalStateException(storage + " gathers other values than the bytes it was made from");
        }
    }

    @Benchmark
    public TrainingResult epoch() {
        TrainingResult result = trainer.fit(train, noValidation);
        if (result.samples() != samples) {
            throw new IllegalStateException("trained " + result.samples() + " samples, not " + samples);
        }
        return result;
    }

    @TearDown
    public void tearDown() {
        callerThreads.close();
    }
}
