package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.Checks;
import io.github.simdnn.nn.internal.ColumnKernels;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.PackedMatrix;
import io.github.simdnn.tensor.Parallelism;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Inference for services: an immutable snapshot of a {@link Network}'s layers and weights, answering
 * {@code predict} calls from any number of threads at once.
 *
 * <h2>Thread-safety contract</h2>
 * <ul>
 *   <li>Every method may be called concurrently from any threads without external locking. The hot path takes no
 *       lock: the weights are private copies made by {@link #of} and never written again (safely published
 *       through final fields), and each thread computes in its own scratch buffers.</li>
 *   <li>The scratch buffers live in a {@link ThreadLocal}: a thread's first call allocates its buffers for one
 *       sample, its first batch call those for {@link #maxBatch()} samples; afterwards calls allocate nothing.
 *       Each thread keeps its buffers while it lives (with one virtual thread per request that is one
 *       allocation per request; prefer a pool of platform threads for zero allocation).</li>
 *   <li>Results do not depend on which or how many threads call: a concurrent call returns bit for bit what the
 *       same call returns on a single thread. (A sample's result in a batch call can differ in the last bits from
 *       the single-sample call: single samples go through the packed weights, batches through blocked matrix
 *       products, which add the bias after the products instead of before.)</li>
 *   <li>Callers must not change the arrays they pass in while a call that uses them is running.</li>
 * </ul>
 *
 * <h2>Layouts</h2>
 * Single sample: {@code features} has exactly inputSize values, {@code out} exactly outputSize. Batches come in
 * two forms: {@link #predict(float[], int, float[])} takes ONE SAMPLE PER COLUMN (features inputSize×n, out
 * outputSize×n, as the network), {@link #predictRows} ONE SAMPLE PER ROW (features n×inputSize, out
 * n×outputSize, as a CSV file). Only the first rows·cols elements of batch arrays are used. A batch larger than
 * {@link #maxBatch()} is rejected with {@link IllegalArgumentException}: split it, or make a predictor with a
 * larger maximum. The output is whatever the network's last layer produces: probabilities for a Softmax or
 * Sigmoid output.
 *
 * <h2>Memory</h2>
 * Each dense layer is held twice: row-major on the heap for the batch methods (blocked matrix products), and as
 * a {@link PackedMatrix} off-heap, cache-line aligned, for the single-sample methods, whose time is the time to
 * stream the weights from cache. For 784-256-10 that is 2 × 0.8 MB.
 *
 * <h2>Errors</h2>
 * A wrong feature count, a too short array, a batch above the maximum or a NaN/infinite feature throws
 * {@link IllegalArgumentException} naming it (and its row and column) before anything is written.
 */
public final class Predictor {

    private final Layer[] layers;
    /** packed[i]: layer i's W and b packed for single samples, or null when layer i is not dense. */
    private final PackedMatrix[] packed;
    private final Dense firstDense;
    private final String description;
    private final int inputSize;
    private final int outputSize;
    private final int maxBatch;
    /** The widest intermediate output (≥ 1): the size of one ping-pong buffer per sample. */
    private final int maxHidden;
    private final ThreadLocal<Scratch> scratch;

    /** One thread's buffers; the batch ones are made on the thread's first batch call. */
    private static final class Scratch {
        final float[] a;
        final float[] b;
        final float[] out;
        float[] batchA;
        float[] batchB;
        float[] batchOut;
        float[] rowsIn;

        Scratch(int hidden, int outputSize) {
            a = new float[hidden];
            b = new float[hidden];
            out = new float[outputSize];
        }
    }

    private Predictor(Layer[] layers, int maxBatch) {
        this.layers = layers;
        this.packed = new PackedMatrix[layers.length];
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense d) {
                packed[i] = PackedMatrix.of(d.outputSize(), d.inputSize(), d.weight().value(), 0, d.inputSize(),
                        d.bias().value(), 0);
            }
        }
        this.firstDense = layers[0] instanceof Dense d ? d : null;
        this.inputSize = layers[0].inputSize();
        this.outputSize = layers[layers.length - 1].outputSize();
        this.maxBatch = maxBatch;
        int hidden = 1;
        for (int i = 0; i < layers.length - 1; i++) {
            hidden = Math.max(hidden, layers[i].outputSize());
        }
        this.maxHidden = hidden;
        long batchSize = (long) Math.max(Math.max(hidden, inputSize), outputSize) * maxBatch;
        if (batchSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " is too large for layers of up to "
                    + Math.max(Math.max(hidden, inputSize), outputSize) + " units");
        }
        StringBuilder s = new StringBuilder("Predictor[");
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : " ").append(layers[i]);
        }
        this.description = s.append(", maxBatch=").append(maxBatch).append(']').toString();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxHidden, outputSize));
    }

    /**
     * A predictor holding copies of {@code network}'s layers and current weights, for batches of up to
     * {@code maxBatch} samples. Later changes to the network do not affect it.
     *
     * @throws IllegalArgumentException if {@code maxBatch < 1} or a weight is NaN or infinite (naming it)
     */
    public static Predictor of(Network network, int maxBatch) {
        Objects.requireNonNull(network, "network");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
        }
        List<Layer> source = network.layers();
        Layer[] copies = new Layer[source.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = source.get(i).copy();
            for (Parameter p : copies[i].parameters()) {
                float[] v = p.value();
                for (int k = 0; k < v.length; k++) {
                    if (!Float.isFinite(v[k])) {
                        throw new IllegalArgumentException("cannot snapshot " + network + ": parameter " + i + "."
                                + p.name() + " has " + v[k] + " at row " + (k / p.cols()) + ", column " + (k % p.cols()));
                    }
                }
            }
        }
        return new Predictor(copies, maxBatch);
    }

    /**
     * Predicts one sample: reads {@code features} (exactly inputSize values), writes {@code out} (exactly
     * outputSize values). Modifies only {@code out}.
     *
     * @throws IllegalArgumentException for a wrong length, {@code out == features}, or a non-finite feature
     */
    public void predict(float[] features, float[] out) {
        Checks.exactLength("predict", this, "features", features, inputSize);
        Checks.exactLength("predict", this, "out", out, outputSize);
        Checks.distinct("predict", this, "out", out, "features", features);
        Checks.finite("predict", this, "features", features, inputSize, 1);
        Scratch s = scratch.get();
        run(features, false, true, 1, s.a, s.b, out);
    }

    /**
     * The most likely class of one sample: the index of the largest output (the first on ties).
     *
     * @throws IllegalArgumentException as {@link #predict(float[], float[])}
     */
    public int predictClass(float[] features) {
        Checks.exactLength("predictClass", this, "features", features, inputSize);
        Checks.finite("predictClass", this, "features", features, inputSize, 1);
        Scratch s = scratch.get();
        run(features, false, true, 1, s.a, s.b, s.out);
        return argmax(s.out);
    }

    /**
     * Predicts n samples given ONE PER COLUMN: reads {@code features} as an inputSize×n matrix, writes {@code out}
     * as an outputSize×n matrix (column j is sample j's output). Modifies only {@code out}.
     *
     * @throws IllegalArgumentException if n is not in [1, maxBatch], an array is too short, the arrays are the
     *         same, or a feature is not finite (naming row = feature and column = sample)
     */
    public void predict(float[] features, int n, float[] out) {
        Checks.batch("predict", this, n, maxBatch);
        Checks.matrix("predict", this, "features", features, inputSize, n);
        Checks.matrix("predict", this, "out", out, outputSize, n);
        Checks.distinct("predict", this, "out", out, "features", features);
        Checks.finite("predict", this, "features", features, inputSize, n);
        Scratch s = batchScratch();
        run(features, false, false, n, s.batchA, s.batchB, out);
    }

    /**
     * Predicts n samples given ONE PER ROW: reads {@code features} as an n×inputSize matrix (row i is sample i),
     * writes {@code out} as an n×outputSize matrix (row i is sample i's output). The first dense layer reads the
     * rows through a transposed matrix product; the n×outputSize result is transposed into {@code out}.
     * Modifies only {@code out}.
     *
     * @throws IllegalArgumentException as {@link #predict(float[], int, float[])} (naming row = sample, column =
     *         feature)
     */
    public void predictRows(float[] features, int n, float[] out) {
        Checks.batch("predictRows", this, n, maxBatch);
        Checks.matrix("predictRows", this, "features", features, n, inputSize);
        Checks.matrix("predictRows", this, "out", out, n, outputSize);
        Checks.distinct("predictRows", this, "out", out, "features", features);
        Checks.finiteRowsPerSample("predictRows", this, "features", features, n, inputSize);
        Scratch s = batchScratch();
        if (firstDense != null) {
            run(features, true, false, n, s.batchA, s.batchB, s.batchOut);
        } else {
            ColumnKernels.transpose(n, inputSize, features, s.rowsIn);
            run(s.rowsIn, false, false, n, s.batchA, s.batchB, s.batchOut);
        }
        ColumnKernels.transpose(outputSize, n, s.batchOut, out);
    }

    /**
     * The most likely class of each of n samples given one per column (features inputSize×n): writes
     * {@code classes[j]} for j &lt; n. Modifies only {@code classes}.
     *
     * @throws IllegalArgumentException as {@link #predict(float[], int, float[])}, or if {@code classes} is shorter than n
     */
    public void predictClasses(float[] features, int n, int[] classes) {
        Checks.batch("predictClasses", this, n, maxBatch);
        Checks.matrix("predictClasses", this, "features", features, inputSize, n);
        Objects.requireNonNull(classes, "classes");
        if (classes.length < n) {
            throw new IllegalArgumentException("predictClasses of " + this + ": classes must hold " + n
                    + " values but has " + classes.length);
        }
        Checks.finite("predictClasses", this, "features", features, inputSize, n);
        Scratch s = batchScratch();
        run(features, false, false, n, s.batchA, s.batchB, s.batchOut);
        Ops.argmaxColumns(outputSize, n, s.batchOut, 0, classes, 0);
    }

    /**
     * The index of the largest value (the first on ties; NaN never wins over a number).
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static int argmax(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("argmax of an empty array");
        }
        return ColumnKernels.argmaxColumn(values.length, 1, values, 0);
    }

    private Scratch batchScratch() {
        Scratch s = scratch.get();
        if (s.batchA == null) {
            s.batchA = new float[maxHidden * maxBatch];
            s.batchB = new float[maxHidden * maxBatch];
            s.batchOut = new float[outputSize * maxBatch];
            // predictRows turns the rows into columns here when the first layer cannot read rows itself.
            s.rowsIn = firstDense == null ? new float[inputSize * maxBatch] : null;
        }
        return s;
    }

    /**
     * Runs every layer on n columns: x → a → b → a ... → out. {@code rows}: x is n×inputSize (first layer dense).
     * {@code single}: one sample, dense layers through their packed weights.
     */
    private void run(float[] x, boolean rows, boolean single, int n, float[] a, float[] b, float[] out) {
        int last = layers.length - 1;
        float[] in = x;
        for (int i = 0; i <= last; i++) {
            float[] dst = i == last ? out : (i & 1) == 0 ? a : b;
            if (single && packed[i] != null) {
                packed[i].multiply(in, 0, dst, 0);
            } else if (i == 0 && rows) {
                firstDense.forwardRows(Parallelism.SEQUENTIAL, x, dst, n);
            } else {
                layers[i].forward(Parallelism.SEQUENTIAL, in, dst, n);
            }
            in = dst;
        }
    }

    /** Rows of the input (features per sample). */
    public int inputSize() {
        return inputSize;
    }

    /** Rows of the output. */
    public int outputSize() {
        return outputSize;
    }

    /** The largest batch the batch methods accept. */
    public int maxBatch() {
        return maxBatch;
    }

    /** The structure of the snapshot network. */
    public List<LayerSpec> specs() {
        List<LayerSpec> specs = new ArrayList<>(layers.length);
        for (Layer layer : layers) {
            specs.add(layer.spec());
        }
        return List.copyOf(specs);
    }

    @Override
    public String toString() {
        return description;
    }
}
