package io.github.simdnn.nn;

import io.github.simdnn.nn.internal.Checks;
import io.github.simdnn.tensor.Matrix;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.PanelMatrix;
import io.github.simdnn.tensor.Parallelism;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sequential network of {@link Layer}s with a {@link Loss}, trained on batches with ONE SAMPLE PER COLUMN: the
 * input X is inputSize×m, the output outputSize×m (compact row-major; element (r, c) at {@code r·m + c}).
 *
 * <h2>One training step</h2>
 * <pre>{@code
 * network.zeroGradients();                 // backward ACCUMULATES, so clear first
 * network.forward(x, m);                   // x: inputSize×m
 * double loss = network.loss(labels);      // mean over the m samples (optional)
 * network.backward(labels);                // gradient += ∂L/∂p for every parameter p
 * for (Parameter p : network.parameters()) // the optimizer (owned by the caller) updates p.value()
 *     ...;
 * }</pre>
 * {@link #loss} and {@link #backward} refer to the batch of the last {@link #forward}; both may be called any
 * number of times after it. Gradients are the gradients of the MEAN loss; L2 regularisation is the optimizer's job
 * ({@code dW += λ·W} for {@link Parameter#isWeight() weights}), {@link #l2Penalty} gives its {@code (λ/2)·Σ W²} for
 * the reported objective {@code J}.
 *
 * <h2>Fused output</h2>
 * With {@link SoftmaxCrossEntropy} the network must end with {@link Softmax}, with {@link BinaryCrossEntropy} with
 * {@link Sigmoid}: backward starts from the fused gradient {@code dZ = (A - T)/m} with respect to that final
 * activation's input and never applies the activation's own derivative. {@link MeanSquaredError} works after any
 * last layer and back-propagates through it.
 *
 * <h2>Workspace</h2>
 * All activations and gradients are allocated once, for {@link #maxBatch()} columns. A smaller batch (e.g. the last
 * one of an epoch) uses the first rows·m elements of each buffer as a compact rows×m matrix, with no reallocation.
 * After construction {@link #forward}, {@link #loss}, {@link #backward} and {@link #zeroGradients} allocate
 * nothing, on one thread or several (the parallel tasks are reused; an executor may allocate when a helper that
 * went idle is started again, e.g. a JDK pool's queue node).
 *
 * <h2>Threads</h2>
 * A network is NOT thread-safe: one thread at a time drives training. The matrix products, and element-wise work on
 * at least 2^15 elements (input copy and check, sigmoid/tanh/ReLU, zeroing gradients), may use the threads of
 * {@link #setParallelism}; results are bit-identical for any thread count. For concurrent inference make a
 * {@link #predictor(int)}.
 *
 * <h2>Errors</h2>
 * Every entry point validates its arguments before changing anything and throws
 * {@link IllegalArgumentException} naming the problem (sizes, layer, row, column); a rejected call leaves the
 * network as it was — except {@link #forwardInputBuffer} and {@link #forwardInputPanels}, which first forget the
 * previous forward, since the caller may have overwritten its input (they check a dense first layer's input through
 * that layer's output, so a rejected batch may already have run the first layer into the workspace). A non-finite
 * loss or output (diverged parameters) is reported with {@link IllegalStateException} naming the first layer that
 * produced it; so is a backward after {@link #forwardInputPanels} when the panels no longer hold a batch of the
 * forward's shape.
 */
public final class Network {

    private final Layer[] layers;
    private final List<Layer> layerList;
    private final Loss loss;
    private final boolean fused;
    private final int maxBatch;
    private final int inputSize;
    private final int outputSize;
    /** The lowest layer that has parameters; back-propagation stops there ({@code layers.length} if none). */
    private final int lowestTrainable;
    /** The last forward's input, inputSize×maxBatch: a copy, or written by the caller ({@link #inputBuffer()}). */
    private final float[] input;
    /**
     * The last forward's input as panel matrices ({@link #inputPanels()}): X (inputSize×m) and Xᵀ (m×inputSize);
     * null until first asked for.
     */
    private InputPanels inputPanels;
    /** Whether the last forward read X from {@link #inputPanels} (then backward reads Xᵀ there) or {@link #input}. */
    private boolean inputInPanels;
    /** The X handed to dense layers in backward, reused. */
    private final LayerInput layerInput = new LayerInput();
    /** outputs[i]: output of layer i, outputSize(i)×maxBatch. */
    private final float[][] outputs;
    /** gradients[i]: ∂L/∂outputs[i]; null for the last layer when the loss is fused. */
    private final float[][] gradients;
    private final Parameter[] parameterArray;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> namedParameters;

    private Parallelism parallelism = Parallelism.SEQUENTIAL;
    /** Columns of the last successful forward; 0 before the first one. */
    private int batch;
    /** Whether backward ran since the last forward. */
    private boolean backwardDone;

    /**
     * A network of {@code layers} (applied in order) trained with {@code loss}, with workspaces for up to
     * {@code maxBatch} samples per call. The layers are used as given (not copied); a layer with parameters may
     * appear only once.
     *
     * @throws IllegalArgumentException if there are no layers, sizes do not chain (naming both layers and sizes),
     *         a fused loss does not match the last layer, a parametrised layer repeats, or {@code maxBatch < 1}
     */
    public Network(List<? extends Layer> layers, Loss loss, int maxBatch) {
        Objects.requireNonNull(layers, "layers");
        this.loss = Objects.requireNonNull(loss, "loss");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
        }
        this.layers = layers.toArray(new Layer[0]);
        int n = this.layers.length;
        IdentityHashMap<Layer, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Layer layer = Objects.requireNonNull(this.layers[i], "layer " + i);
            if (i > 0 && this.layers[i - 1].outputSize() != layer.inputSize()) {
                throw new IllegalArgumentException("layer sizes do not chain: layer " + (i - 1) + " "
                        + this.layers[i - 1] + " outputs " + this.layers[i - 1].outputSize() + " values but layer " + i
                        + " " + layer + " expects " + layer.inputSize() + " inputs");
            }
            Integer previous = seen.put(layer, i);
            if (previous != null && !layer.parameters().isEmpty()) {
                throw new IllegalArgumentException("layer " + i + " " + layer + " is the same object as layer "
                        + previous + "; a layer with parameters may appear only once (use copy() to duplicate it)");
            }
        }
        Layer last = this.layers[n - 1];
        String fusedType = loss.fusedActivation();
        this.fused = fusedType != null;
        if (fused && !fusedType.equals(last.spec().type())) {
            throw new IllegalArgumentException(loss.name() + " is fused with a final " + fusedType + " layer (its"
                    + " gradient (A - T)/m is taken w.r.t. the " + fusedType + " input), but the last layer is "
                    + last + "; end the network with " + fusedType + "(" + last.outputSize() + ")");
        }
        if (loss instanceof SoftmaxCrossEntropy && last.outputSize() < 2) {
            throw new IllegalArgumentException(loss.name() + " needs at least 2 classes but the last layer " + last
                    + " has " + last.outputSize() + " output; use sigmoid + " + BinaryCrossEntropy.NAME);
        }
        this.maxBatch = maxBatch;
        this.inputSize = this.layers[0].inputSize();
        this.outputSize = last.outputSize();
        this.layerList = List.of(this.layers);

        int lowest = n;
        List<Parameter> all = new ArrayList<>();
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (Parameter p : this.layers[i].parameters()) {
                lowest = Math.min(lowest, i);
                all.add(p);
                named.put(i + "." + p.name(), p);
            }
        }
        this.lowestTrainable = lowest;
        this.parameterArray = all.toArray(new Parameter[0]);
        this.parameters = List.of(parameterArray);
        this.namedParameters = Collections.unmodifiableMap(named);

        this.input = new float[workspaceSize(inputSize, "input")];
        this.outputs = new float[n][];
        this.gradients = new float[n][];
        for (int i = 0; i < n; i++) {
            int size = workspaceSize(this.layers[i].outputSize(), "layer " + i + " " + this.layers[i]);
            outputs[i] = new float[size];
            gradients[i] = fused && i == n - 1 ? null : new float[size];
        }
    }

    private int workspaceSize(int rows, String what) {
        long size = (long) rows * maxBatch;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " is too large: " + what + " would need "
                    + rows + "x" + maxBatch + " values");
        }
        return (int) size;
    }

    /** A builder: {@code Network.builder(784).dense(128).relu().dense(10).softmax().seed(1).build(loss, 64)}. */
    public static NetworkBuilder builder(int inputSize) {
        return new NetworkBuilder(inputSize);
    }

    /**
     * Rebuilds a network from its description ({@link #specs()}, e.g. read from a model file). Dense weights are
     * drawn with {@link Initializer#forNextLayer} (He before a ReLU, Glorot otherwise) from seeds taken in layer
     * order from {@code SplittableRandom(seed)}; load trained values afterwards through {@link #namedParameters()}.
     *
     * @throws IllegalArgumentException as {@link #Network(List, Loss, int)}
     */
    public static Network fromSpecs(List<LayerSpec> specs, Loss loss, int maxBatch, long seed) {
        Objects.requireNonNull(specs, "specs");
        List<Initializer> initializers = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            initializers.add(null);
        }
        return create(specs, initializers, loss, maxBatch, seed);
    }

    /** Layers from specs; a null initializer means {@link Initializer#forNextLayer}. */
    static Network create(List<LayerSpec> specs, List<Initializer> initializers, Loss loss, int maxBatch, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = Objects.requireNonNull(specs.get(i), "spec " + i);
            Initializer init = initializers.get(i);
            if (init == null) {
                init = Initializer.forNextLayer(i + 1 < specs.size() ? specs.get(i + 1).type() : null);
            }
            layers.add(spec.create(init, spec.isDense() ? seeds.nextLong() : 0L));
        }
        return new Network(layers, loss, maxBatch);
    }

    // ---------------------------------------------------------------- training

    /**
     * Runs every layer on a batch. Reads the first inputSize·batch elements of {@code x} (inputSize×batch, one
     * sample per column), copies them into the workspace (so {@code x} may be reused right away) and returns the
     * network output: the workspace array itself, whose first outputSize·batch elements are the outputSize×batch
     * result. It is overwritten by the next forward; do not modify it before {@link #backward}.
     *
     * @throws IllegalArgumentException if {@code batch} is not in [1, maxBatch], {@code x} is too short, or it
     *         holds a NaN or infinity (naming its row and column)
     */
    public float[] forward(float[] x, int batch) {
        Checks.batch("forward", this, batch, maxBatch);
        Checks.matrix("forward", this, "input", x, inputSize, batch);
        requireFiniteInput("forward", x, batch);
        this.batch = 0;
        this.backwardDone = false;
        this.inputInPanels = false;
        Ops.copy(parallelism, inputSize * batch, x, 0, input, 0);
        return runLayers(0, batch);
    }

    /**
     * The network's input workspace, inputSize×maxBatch floats, on which {@link #forwardInputBuffer} runs. A caller
     * that assembles its batches (a trainer gathering shuffled samples) writes a batch straight into it — inputSize×m,
     * one sample per column, in the first inputSize·m elements — and saves the copy {@link #forward(float[], int)}
     * makes: 400 KB for a batch of 128 samples of 784 features, 14 µs of a 1.1 ms training step of 784-256-10 on
     * one thread; on two threads, where the parallel copy also moves the input between the cores' caches, a step on a
     * batch written into this buffer once measured 14% faster than one through {@code forward(x, m)}.
     *
     * <p>After {@link #forward(float[], int)} (which copies its input here) or {@link #forwardInputBuffer},
     * {@link #backward}, {@link #backwardSgdStep}, {@link #backwardStep} (and {@link #loss}, for a network that is
     * only its fused output layer) read the last forward's input from this array: write the next batch only after
     * the backward of the previous one. After {@link #forwardInputPanels} they read {@link #inputPanels()} instead.
     */
    public float[] inputBuffer() {
        return input;
    }

    /**
     * {@link #forward(float[], int)} on the batch already written into {@link #inputBuffer()}, without copying it:
     * the same checks, the same outputs bit for bit. Since the buffer may no longer hold the previous forward's
     * input, that forward is forgotten first: after a rejected call there is no forward to back-propagate
     * ({@link #loss} and {@link #backward} throw until a forward succeeds).
     *
     * @throws IllegalArgumentException if {@code batch} is not in [1, maxBatch], or the batch holds a NaN or
     *         infinity (naming its row and column)
     */
    public float[] forwardInputBuffer(int batch) {
        this.batch = 0;
        this.backwardDone = false;
        this.inputInPanels = false;
        Checks.batch("forwardInputBuffer", this, batch, maxBatch);
        if (!(layers[0] instanceof Dense)) {
            requireFiniteInput("forwardInputBuffer", input, batch);
            return runLayers(0, batch);
        }
        layers[0].forward(parallelism, input, outputs[0], batch);
        requireFiniteInputAfterDense("forwardInputBuffer", batch);
        return runLayers(1, batch);
    }

    /**
     * The network's input workspace as the two panel matrices a {@link Dense} first layer multiplies: X
     * (inputSize×m, one sample per column) for its forward product and Xᵀ (m×inputSize) for its weight gradient,
     * each room for up to {@link #maxBatch()} samples. A trainer's batch gather writes both in one pass
     * ({@code Ops.gatherPanels}, {@code Ops.gatherPanelsU8}: {@code columns} is X, {@code rows} is Xᵀ), then calls
     * {@link #forwardInputPanels}: neither product then packs its B (skipping both packings made a 784-256-10
     * step 6.5% faster with the panels in cache, one thread of an AVX2 host). Created on the first call (about
     * 2·inputSize·maxBatch floats), the same objects after that. The same rule as for {@link #inputBuffer()}: write
     * the next batch only after the backward of the previous one.
     *
     * <p>{@code rows} must hold the transpose of {@code columns}, as the gathers write them: forward checks X (for
     * NaN and infinity, through the first layer's output) but the weight gradient reads Xᵀ unchecked.
     *
     * @throws IllegalStateException    if the first layer is not {@link Dense} ({@link #acceptsInputPanels()})
     * @throws IllegalArgumentException if inputSize×maxBatch, padded to whole panels, exceeds an array
     */
    public InputPanels inputPanels() {
        if (!acceptsInputPanels()) {
            throw new IllegalStateException("inputPanels of " + this + ": the first layer " + layers[0]
                    + " is not dense; use inputBuffer()");
        }
        if (inputPanels == null) {
            inputPanels = new InputPanels(new PanelMatrix(inputSize, maxBatch), new PanelMatrix(maxBatch, inputSize));
        }
        return inputPanels;
    }

    /** Whether the first layer is {@link Dense}, so that a batch may be given as {@link #inputPanels()}. */
    public boolean acceptsInputPanels() {
        return layers[0] instanceof Dense;
    }

    /** X and Xᵀ of a batch as {@link #inputPanels()} holds them. */
    public record InputPanels(PanelMatrix columns, PanelMatrix rows) {
    }

    /**
     * {@link #forwardInputBuffer} on the batch written into {@link #inputPanels()}: the same checks and the same
     * outputs bit for bit as a forward of that batch in column form, and backward's weight gradient of the first
     * layer reads Xᵀ from the panels (the same bits as from the column form with the Vector API kernels; see
     * {@link LayerInput#gradientProduct}). The previous forward is forgotten first, as there.
     *
     * @throws IllegalStateException    if the panels were never created ({@link #inputPanels()})
     * @throws IllegalArgumentException if {@code batch} is not in [1, maxBatch], the panels do not hold an
     *                                  inputSize×batch X and its transpose (naming their shapes), or X holds a NaN
     *                                  or infinity (naming its row and column)
     */
    public float[] forwardInputPanels(int batch) {
        this.batch = 0;
        this.backwardDone = false;
        this.inputInPanels = false;
        Checks.batch("forwardInputPanels", this, batch, maxBatch);
        if (inputPanels == null) {
            throw new IllegalStateException("forwardInputPanels of " + this + ": no input panels; write the batch"
                    + " into inputPanels() first");
        }
        PanelMatrix inputColumns = inputPanels.columns();
        PanelMatrix inputRows = inputPanels.rows();
        if (inputColumns.rows() != inputSize || inputColumns.cols() != batch || inputRows.rows() != batch
                || inputRows.cols() != inputSize) {
            throw new IllegalArgumentException("forwardInputPanels of " + this + ": the panels hold X "
                    + inputColumns.rows() + "x" + inputColumns.cols() + " and Xᵀ " + inputRows.rows() + "x"
                    + inputRows.cols() + " but a batch of " + batch + " needs " + inputSize + "x" + batch + " and "
                    + batch + "x" + inputSize);
        }
        ((Dense) layers[0]).forward(parallelism, inputColumns, outputs[0], batch);
        if (!Ops.allFinite(batch, outputs[0], 0)) {
            requireFinitePanels(batch);
        }
        inputInPanels = true;
        return runLayers(1, batch);
    }

    /** {@link #requireFiniteInput} on X in panels: the slow path of a forward whose first output is not finite. */
    private void requireFinitePanels(int batch) {
        for (int f = 0; f < inputSize; f++) {
            for (int j = 0; j < batch; j++) {
                float x = inputPanels.columns().get(f, j);
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("forwardInputPanels of " + this + ": input holds " + x
                            + " at row " + f + ", column " + j);
                }
            }
        }
    }

    /**
     * The input check of {@link #forwardInputBuffer} when the first layer is {@link Dense}, made on its output
     * instead of the input: Z = W·X + b (one {@code Blas.sgemm} with alpha = 1 and k = inputSize ≥ 1, then a bias
     * add) has a NaN or infinity in every row of each column where X has one, since sgemm evaluates every product
     * (its contract), w·x is NaN or infinite for a non-finite x whatever w is (0·∞ is NaN), and a sum with a NaN or
     * infinite term is NaN or infinite (∞ + −∞ is NaN), whatever order the GEMM adds in. So the batch values of Z's
     * first row are all finite only if X is, and checking them replaces a pass over inputSize·batch values (400 KB
     * for a batch of 128 MNIST images, which the forward product reads again) by one over batch values. A non-finite row may
     * also come from W or b, or from overflow; then the input itself is checked, as {@link #forward} does, and
     * forward goes on if it is finite. The forward is already forgotten, so a rejected call leaves nothing to
     * back-propagate, as the contract says.
     */
    private void requireFiniteInputAfterDense(String method, int batch) {
        if (!Ops.allFinite(batch, outputs[0], 0)) {
            requireFiniteInput(method, input, batch);
        }
    }

    /** Runs the layers from {@code first} on (the layers before have run) and records the batch as the last forward. */
    private float[] runLayers(int first, int batch) {
        float[] in = first == 0 ? input : outputs[first - 1];
        for (int i = first; i < layers.length; i++) {
            layers[i].forward(parallelism, in, outputs[i], batch);
            in = outputs[i];
        }
        this.batch = batch;
        return outputs[layers.length - 1];
    }

    /** Throws, naming row and column, if the input holds a NaN or infinity; checks in parallel when large. */
    private void requireFiniteInput(String method, float[] x, int batch) {
        if (!Ops.allFinite(parallelism, inputSize * batch, x, 0)) {
            Checks.finite(method, this, "input", x, inputSize, batch);
        }
    }

    /**
     * {@link #forward(float[], int)} on an inputSize×m matrix (m = {@code x.cols()}).
     *
     * @throws IllegalArgumentException if {@code x} does not have inputSize rows, or as {@link #forward(float[], int)}
     */
    public float[] forward(Matrix x) {
        Objects.requireNonNull(x, "x");
        if (x.rows() != inputSize) {
            throw new IllegalArgumentException("forward of " + this + ": input has " + x.rows() + " rows (features)"
                    + " but the first layer " + layers[0] + " takes " + inputSize);
        }
        return forward(x.data(), x.cols());
    }

    /**
     * The mean loss of the last forward's batch against target columns (outputSize×m in the first
     * outputSize·m elements of {@code targets}). Changes nothing.
     *
     * @throws IllegalStateException    before the first forward, or if the loss is not finite (naming the layer that
     *                                  first produced a non-finite value)
     * @throws IllegalArgumentException for too few or invalid targets (see the loss)
     */
    public double loss(float[] targets) {
        requireForward("loss");
        double value = loss.value(logits(), output(), targets, outputSize, batch);
        if (!Double.isFinite(value)) {
            throw nonFinite("loss", value);
        }
        return value;
    }

    /** {@link #loss(float[])} with class indices, one per column (at least m; see {@link Loss}). */
    public double loss(int[] labels) {
        requireForward("loss");
        double value = loss.value(logits(), output(), labels, outputSize, batch);
        if (!Double.isFinite(value)) {
            throw nonFinite("loss", value);
        }
        return value;
    }

    /**
     * {@link #loss(float[])} with an outputSize×m target matrix.
     *
     * @throws IllegalArgumentException if the shape is not outputSize×m
     */
    public double loss(Matrix targets) {
        requireForward("loss");
        requireTargetShape("loss", targets);
        return loss(targets.data());
    }

    /**
     * Back-propagates the loss of the last forward's batch against target columns: ACCUMULATES ∂L/∂p into the
     * gradient of every parameter (call {@link #zeroGradients()} first for a fresh step). Reads {@code targets}
     * (outputSize×m); validates everything before changing anything.
     *
     * @throws IllegalStateException    before the first forward, if the output is not finite, or after
     *                                  {@link #forwardInputPanels} if the panels now hold another batch shape
     * @throws IllegalArgumentException for too few or invalid targets
     */
    public void backward(float[] targets) {
        requireBackward("backward");
        requireFiniteOutput("backward");
        int n = layers.length;
        if (fused && n == 1) {
            loss.checkTargets(targets, outputSize, batch);
        } else {
            int top = fused ? n - 2 : n - 1;
            loss.gradient(output(), targets, gradients[top], outputSize, batch);
            propagate(top, true);
        }
        backwardDone = true;
    }

    /** {@link #backward(float[])} with class indices, one per column. */
    public void backward(int[] labels) {
        int top = lossGradient("backward", labels);
        if (top >= 0) {
            propagate(top, true);
        }
        backwardDone = true;
    }

    /**
     * Checks the state and the labels and writes ∂L/∂outputs[top] into gradients[top]; returns top, or -1 for a
     * network that is only its fused output activation (labels checked, nothing to propagate).
     */
    private int lossGradient(String verb, int[] labels) {
        requireBackward(verb);
        requireFiniteOutput(verb);
        int n = layers.length;
        if (fused && n == 1) {
            loss.checkLabels(labels, outputSize, batch);
            return -1;
        }
        int top = fused ? n - 2 : n - 1;
        loss.gradient(output(), labels, gradients[top], outputSize, batch);
        return top;
    }

    /**
     * {@link #backward(float[])} with an outputSize×m target matrix.
     *
     * @throws IllegalArgumentException if the shape is not outputSize×m
     */
    public void backward(Matrix targets) {
        requireForward("backward");
        requireTargetShape("backward", targets);
        backward(targets.data());
    }

    /**
     * Back-propagates the last forward's batch and applies one plain SGD step to every parameter straight from
     * the back-propagated dZ, WITHOUT storing gradients: for every {@link Dense} layer with input X,
     * <pre>
     * W ← (1 - η·λ)·W - η·(dZ·Xᵀ)      one sgemm into W (alpha = -η, beta = 1 - η·λ)
     * b ← b - η·Σ_columns dZ
     * </pre>
     * which is {@link #zeroGradients()}, {@link #backward(int[])} and the update {@code W ← W - η·(dW + λ·W)},
     * {@code b ← b - η·db} of {@code training.Sgd}, up to float rounding (the L2 term is folded into the product's
     * beta). It skips writing, re-reading and zeroing the weight gradients, a pass over every weight, which is 2–6%
     * of a 784-256-10 training step on one thread. Every input gradient {@code dX = Wᵀ·dZ} is computed from the
     * weights of the forward before any parameter changes.
     *
     * <p>Modifies the parameter values only; the parameter gradients keep whatever they held. Validates the labels
     * and checks every dZ of a dense layer for NaN and infinity before changing anything.
     *
     * @param labels       class indices, one per column (as {@link #backward(int[])})
     * @param learningRate η ≥ 0
     * @param weightDecay  λ ≥ 0, applied to weights only
     * @throws IllegalStateException    before the first forward, if the output is not finite, if a dZ holds NaN or
     *                                  infinity (naming the layer, row and column), or after
     *                                  {@link #forwardInputPanels} if the panels now hold another batch shape;
     *                                  no parameter has changed then
     * @throws IllegalArgumentException for invalid labels, or a negative, NaN or infinite η or λ
     */
    public void backwardSgdStep(int[] labels, float learningRate, float weightDecay) {
        if (!(learningRate >= 0) || Float.isInfinite(learningRate) || !(weightDecay >= 0)
                || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("backwardSgdStep of " + this + ": the learning rate and the weight decay"
                    + " must be finite and >= 0 but were " + learningRate + " and " + weightDecay);
        }
        backwardUpdating("backwardSgdStep", labels, null, learningRate, weightDecay);
    }

    /**
     * Back-propagates the last forward's batch and lets {@code update} change every {@link Dense} layer's parameters
     * straight from its back-propagated dZ and input X, WITHOUT storing gradients — {@link #backwardSgdStep} for an
     * optimizer of its own (the trainer's classical momentum writes its velocity from the product). Every input
     * gradient {@code dX = Wᵀ·dZ} is computed from the weights of the forward, and every dZ of a dense layer is
     * checked for NaN and infinity, before {@code update} is called for the top layer. Only dZ is checked: a product
     * {@code dZ·Xᵀ} that overflows although dZ and X are finite is the update's to meet.
     *
     * <p>Modifies what {@code update} modifies; the parameter gradients keep whatever they held.
     *
     * @throws IllegalStateException    before the first forward, if the output is not finite, if a dZ holds NaN or
     *                                  infinity (naming the layer, row and column), or after
     *                                  {@link #forwardInputPanels} if the panels now hold another batch shape;
     *                                  {@code update} has not run then
     * @throws IllegalArgumentException for invalid labels
     */
    public void backwardStep(int[] labels, DenseUpdate update) {
        Objects.requireNonNull(update, "update");
        backwardUpdating("backwardStep", labels, update, 0f, 0f);
    }

    /** {@link #backwardSgdStep} with {@code update == null}, else {@link #backwardStep}. */
    private void backwardUpdating(String verb, int[] labels, DenseUpdate update, float learningRate,
                                  float weightDecay) {
        int top = lossGradient(verb, labels);
        if (top >= 0) {
            propagate(top, false);
            requireFiniteDenseGradients(verb, top);
            for (int i = top; i >= lowestTrainable; i--) {
                if (layers[i] instanceof Dense dense) {
                    LayerInput in = layerInput(i);
                    try {
                        if (update == null) {
                            dense.sgdStep(parallelism, in, gradients[i], batch, learningRate, weightDecay);
                        } else {
                            update.update(dense, parallelism, in, gradients[i], batch);
                        }
                    } finally {
                        in.clear();
                    }
                }
            }
        }
        backwardDone = true;
    }

    private void requireFiniteDenseGradients(String verb, int top) {
        for (int i = top; i >= lowestTrainable; i--) {
            int rows = layers[i].outputSize();
            float[] g = gradients[i];
            if (layers[i] instanceof Dense && !Ops.allFinite(rows * batch, g, 0)) {
                int at = 0;
                while (Float.isFinite(g[at])) {
                    at++;
                }
                throw new IllegalStateException(verb + " of " + this + ": the gradient dZ of layer " + i + " "
                        + layers[i] + " holds " + g[at] + " at row " + at / batch + ", column " + at % batch
                        + "; no parameter was changed");
            }
        }
    }

    /**
     * Runs layers top..lowestTrainable backward; gradients[top] holds ∂L/∂outputs[top]. Without
     * {@code parameterGradients} dense layers only pass dX = Wᵀ·dZ down (the first half of
     * {@link #backwardSgdStep} and {@link #backwardStep}), leaving their parameters' gradients alone.
     */
    private void propagate(int top, boolean parameterGradients) {
        for (int i = top; i >= lowestTrainable; i--) {
            float[] inGradient = i > lowestTrainable ? gradients[i - 1] : null;
            if (!(layers[i] instanceof Dense dense)) {
                layers[i].backward(parallelism, i == 0 ? input : outputs[i - 1], outputs[i], gradients[i], inGradient,
                        batch);
            } else if (!parameterGradients) {
                if (inGradient != null) {
                    dense.backwardInput(parallelism, gradients[i], inGradient, batch);
                }
            } else {
                // X in whichever form the forward read it (layerInput), the arguments already checked here.
                try {
                    dense.backward(parallelism, layerInput(i), gradients[i], inGradient, batch);
                } finally {
                    layerInput.clear();
                }
            }
        }
    }

    /** X of dense layer i in the last forward: Xᵀ in panels for a first layer fed by {@link #forwardInputPanels}. */
    private LayerInput layerInput(int i) {
        int size = layers[i].inputSize();
        return i == 0 && inputInPanels ? layerInput.rows(inputPanels.rows(), size, batch)
                : layerInput.columns(i == 0 ? input : outputs[i - 1], size, batch);
    }

    /** Sets the gradient of every parameter to 0. Modifies only the gradients. */
    public void zeroGradients() {
        for (Parameter p : parameterArray) {
            float[] g = p.gradient();
            Ops.fill(parallelism, g.length, 0f, g, 0);
        }
    }

    /**
     * The L2 term of the objective, {@code (λ/2)·Σ W²} over the {@link Parameter#isWeight() weights} only (biases
     * excluded), not divided by the batch size. Its gradient, {@code λ·W}, is the optimizer's to add.
     *
     * @throws IllegalArgumentException if {@code lambda} is negative or not finite
     */
    public double l2Penalty(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0 but was " + lambda);
        }
        double sum = 0;
        for (Parameter p : parameterArray) {
            if (p.isWeight()) {
                sum += p.sumOfSquares();
            }
        }
        return 0.5 * lambda * sum;
    }

    // ---------------------------------------------------------------- description

    /** The layers, in order (unmodifiable; the live layers, not copies). */
    public List<Layer> layers() {
        return layerList;
    }

    /** The description from which {@link #fromSpecs} rebuilds this network's structure. */
    public List<LayerSpec> specs() {
        List<LayerSpec> specs = new ArrayList<>(layers.length);
        for (Layer layer : layers) {
            specs.add(layer.spec());
        }
        return List.copyOf(specs);
    }

    public Loss loss() {
        return loss;
    }

    /** Every parameter, layer by layer (each layer's own order: weight, bias). Unmodifiable; live objects. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The parameters by qualified name {@code "<layer index>.<name>"}, e.g. {@code "0.weight"}, {@code "0.bias"},
     * {@code "2.weight"} (the keys of PyTorch's {@code nn.Sequential.state_dict()}), in {@link #parameters()} order.
     */
    public Map<String, Parameter> namedParameters() {
        return namedParameters;
    }

    /** Total number of trainable values. */
    public long parameterCount() {
        long count = 0;
        for (Parameter p : parameterArray) {
            count += p.size();
        }
        return count;
    }

    /** Rows of the input (features per sample). */
    public int inputSize() {
        return inputSize;
    }

    /** Rows of the output (e.g. classes). */
    public int outputSize() {
        return outputSize;
    }

    /** The layer widths {@code [inputSize, outputSize(0), outputSize(1), ...]}; a new array. */
    public int[] sizes() {
        int[] sizes = new int[layers.length + 1];
        sizes[0] = inputSize;
        for (int i = 0; i < layers.length; i++) {
            sizes[i + 1] = layers[i].outputSize();
        }
        return sizes;
    }

    /** The largest batch {@link #forward} accepts. */
    public int maxBatch() {
        return maxBatch;
    }

    /** Columns of the last forward; 0 before the first one. */
    public int batch() {
        return batch;
    }

    public Parallelism parallelism() {
        return parallelism;
    }

    /**
     * Threads the matrix products and large element-wise steps of later calls may use (default
     * {@link Parallelism#SEQUENTIAL}).
     */
    public void setParallelism(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
    }

    // ------------------------------------ inspection: a cheap finiteness check, then copies for tests and debugging

    /**
     * Whether the last forward shows the weights and bias of every layer with parameters finite, judged from one
     * value per output row: a NaN or infinity in row r of a {@link Dense} layer's W or b makes row r of its
     * {@code Z = W·X + b} NaN or infinite in every column ({@code Blas.sgemm} evaluates every product, 0·∞ is NaN,
     * and a sum with a NaN or infinite term is NaN or infinite), so the first column of each dense output tells:
     * Σ outputSize values instead of a pass over every parameter. {@code true} means no such parameter is NaN or
     * infinite; {@code false} means one may be, or that Z overflowed from finite values (check the parameters to
     * tell). A layer with parameters that is not {@link Dense} makes it {@code false}. Changes nothing.
     *
     * @throws IllegalStateException before the first forward
     */
    public boolean parametersLookFinite() {
        requireForward("parametersLookFinite");
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense) {
                float[] z = outputs[i];
                int rows = layers[i].outputSize();
                for (int r = 0, k = 0; r < rows; r++, k += batch) {
                    if (!Float.isFinite(z[k])) {
                        return false;
                    }
                }
            } else if (!layers[i].parameters().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A copy of the output of layer {@code layer} from the last forward, outputSize(layer)×m.
     *
     * @throws IllegalStateException before the first forward
     */
    public Matrix layerOutput(int layer) {
        requireForward("layerOutput");
        Objects.checkIndex(layer, layers.length);
        return copy(outputs[layer], layers[layer].outputSize());
    }

    /**
     * A copy of ∂L/∂(output of layer {@code layer}) from the last backward, outputSize(layer)×m. With a fused loss
     * the gradient at the last layer's output is never formed: {@code layerGradient(n - 2)} is ∂L/∂Z of the fused
     * activation, {@code (A - T)/m}.
     *
     * @throws IllegalStateException if no backward ran since the last forward, or the gradient was not computed
     *         (the fused last layer, or below the first layer with parameters)
     */
    public Matrix layerGradient(int layer) {
        Objects.checkIndex(layer, layers.length);
        if (!backwardDone) {
            throw new IllegalStateException("layerGradient: no backward since the last forward");
        }
        if (gradients[layer] == null) {
            throw new IllegalStateException("layerGradient(" + layer + "): " + loss.name() + " gives the gradient"
                    + " w.r.t. the input of " + layers[layer] + " directly; see layerGradient(" + (layer - 1) + ")");
        }
        if (layer < lowestTrainable) {
            throw new IllegalStateException("layerGradient(" + layer + "): not computed below the first layer with"
                    + " parameters (layer " + lowestTrainable + ")");
        }
        return copy(gradients[layer], layers[layer].outputSize());
    }

    private Matrix copy(float[] buffer, int rows) {
        float[] data = new float[rows * batch];
        System.arraycopy(buffer, 0, data, 0, data.length);
        return new Matrix(rows, batch, data);
    }

    /**
     * An immutable snapshot of this network's current weights for concurrent inference on batches of up to
     * {@code maxBatch} samples; later training does not affect it.
     */
    public Predictor predictor(int maxBatch) {
        return Predictor.of(this, maxBatch);
    }

    // ---------------------------------------------------------------- internals

    private float[] output() {
        return outputs[layers.length - 1];
    }

    /** The input of the last layer: the logits of a fused loss. */
    private float[] logits() {
        return layers.length >= 2 ? outputs[layers.length - 2] : input;
    }

    private void requireForward(String verb) {
        if (batch == 0) {
            throw new IllegalStateException(verb + " of " + this + ": call forward first");
        }
    }

    /**
     * {@link #requireForward}, and after {@link #forwardInputPanels} that the panels still hold a batch of that
     * shape, as the first layer's weight gradient reads Xᵀ from them: the one thing about a batch written into them
     * since (too early) that can be checked without reading it.
     */
    private void requireBackward(String verb) {
        requireForward(verb);
        if (inputInPanels) {
            PanelMatrix rows = inputPanels.rows();
            if (rows.rows() != batch || rows.cols() != inputSize) {
                throw new IllegalStateException(verb + " of " + this + ": the input panels now hold Xᵀ "
                        + rows.rows() + "x" + rows.cols() + " but the forward read a batch of " + batch + " (Xᵀ "
                        + batch + "x" + inputSize + "); write the next batch into them only after the backward");
            }
        }
    }

    private void requireTargetShape(String verb, Matrix targets) {
        Objects.requireNonNull(targets, "targets");
        if (targets.rows() != outputSize || targets.cols() != batch) {
            throw new IllegalArgumentException(verb + " of " + this + ": target shape mismatch: targets are "
                    + targets.rows() + "x" + targets.cols() + " but the output of " + layers[layers.length - 1]
                    + " is " + outputSize + "x" + batch + " (outputSize x batch)");
        }
    }

    private void requireFiniteOutput(String verb) {
        float[] out = output();
        int n = outputSize * batch;
        if (Ops.allFinite(n, out, 0)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(out[i])) {
                throw nonFinite(verb, out[i]);
            }
        }
    }

    /** Names the first layer whose output holds a non-finite value, and any non-finite parameter. */
    private IllegalStateException nonFinite(String verb, double value) {
        StringBuilder message = new StringBuilder(verb).append(" of ").append(this).append(" is ").append(value);
        for (int i = 0; i < layers.length; i++) {
            int rows = layers[i].outputSize();
            float[] out = outputs[i];
            for (int k = 0; k < rows * batch; k++) {
                if (!Float.isFinite(out[k])) {
                    message.append(": layer ").append(i).append(' ').append(layers[i]).append(" produced ")
                            .append(out[k]).append(" at row ").append(k / batch).append(", column (sample) ")
                            .append(k % batch).append(" from a finite input");
                    i = layers.length;
                    break;
                }
            }
        }
        for (Map.Entry<String, Parameter> e : namedParameters.entrySet()) {
            float[] v = e.getValue().value();
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    message.append("; parameter ").append(e.getKey()).append(" holds ").append(v[k]).append(" at index ")
                            .append(k).append(" (training diverged? lower the learning rate)");
                    return new IllegalStateException(message.toString());
                }
            }
        }
        return new IllegalStateException(message.append(" (parameters may be too large: training diverged?)").toString());
    }

    /** E.g. {@code Network[dense(2,2) sigmoid(2) dense(2,2) softmax(2) | softmax_cross_entropy]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network[");
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : " ").append(layers[i]);
        }
        return s.append(" | ").append(loss.name()).append(']').toString();
    }
}
