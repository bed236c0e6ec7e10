package io.github.simdnn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Network} layer by layer, each new layer taking the previous one's output size:
 * <pre>{@code
 * Network net = Network.builder(784).dense(128).relu().dense(10).softmax()
 *         .seed(42).build(new SoftmaxCrossEntropy(), 64);
 * }</pre>
 * A dense layer without an explicit {@link Initializer} gets {@link Initializer#forNextLayer} (He before a ReLU,
 * Glorot otherwise). Dense weights are drawn from seeds taken in layer order from
 * {@code SplittableRandom(seed)}, as {@link Network#fromSpecs} does, so the same description and seed give the
 * same network. The default seed is {@link #DEFAULT_SEED}.
 */
public final class NetworkBuilder {

    /** The seed used when {@link #seed} is not called. */
    public static final long DEFAULT_SEED = 0L;

    private final int inputSize;
    private final List<LayerSpec> specs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private int width;
    private long seed = DEFAULT_SEED;

    NetworkBuilder(int inputSize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be >= 1 but was " + inputSize);
        }
        this.inputSize = inputSize;
        this.width = inputSize;
    }

    /** Adds a dense layer of {@code units} outputs with the default initializer for what follows it. */
    public NetworkBuilder dense(int units) {
        return add(LayerSpec.dense(width, units), null);
    }

    /** Adds a dense layer of {@code units} outputs initialised by {@code initializer}. */
    public NetworkBuilder dense(int units, Initializer initializer) {
        return add(LayerSpec.dense(width, units), Objects.requireNonNull(initializer, "initializer"));
    }

    public NetworkBuilder sigmoid() {
        return add(LayerSpec.activation(LayerSpec.SIGMOID, width), null);
    }

    public NetworkBuilder tanh() {
        return add(LayerSpec.activation(LayerSpec.TANH, width), null);
    }

    public NetworkBuilder relu() {
        return add(LayerSpec.activation(LayerSpec.RELU, width), null);
    }

    public NetworkBuilder softmax() {
        return add(LayerSpec.activation(LayerSpec.SOFTMAX, width), null);
    }

    /** Adds a layer described by {@code spec}, whose input size must be the current width. */
    public NetworkBuilder layer(LayerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.inputSize() != width) {
            throw new IllegalArgumentException("layer " + specs.size() + " " + spec + " expects " + spec.inputSize()
                    + " inputs but the previous layer outputs " + width);
        }
        return add(spec, null);
    }

    /** The seed of the weight initialisation. */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    private NetworkBuilder add(LayerSpec spec, Initializer initializer) {
        specs.add(spec);
        initializers.add(initializer);
        width = spec.outputSize();
        return this;
    }

    /**
     * The network, with workspaces for batches of up to {@code maxBatch} samples.
     *
     * @throws IllegalArgumentException as {@link Network#Network(List, Loss, int)}
     */
    public Network build(Loss loss, int maxBatch) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a network of input size " + inputSize + " needs at least one layer");
        }
        return Network.create(specs, initializers, loss, maxBatch, seed);
    }
}
