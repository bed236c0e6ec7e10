package io.github.simdnn.training;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.training.data.Dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Mini-batch training of a {@link Network} with an {@link Optimizer}:
 * <pre>{@code
 * Network net = Network.builder(64).dense(32).sigmoid().dense(10).softmax().seed(1)
 *         .build(new SoftmaxCrossEntropy(), 32);
 * Optimizer sgd = new Momentum(net.parameters(), 0.1);
 * TrainingResult result = new Trainer(net, sgd, TrainingOptions.defaults().withEpochs(30).withSeed(1))
 *         .fit(splits.train(), splits.validation());
 * }</pre>
 *
 * <h2>One epoch</h2>
 * The training samples are permuted with a {@link java.util.Random} seeded once per {@link #fit} by
 * {@link TrainingOptions#seed()} (one new permutation per epoch), then cut into batches of
 * {@link TrainingOptions#batchSize()} (the last one holds the remainder, e.g. 1257 samples in batches of 32 give
 * 39 full batches and one of 9). For each batch, with the learning rate set by the
 * {@link TrainingOptions#schedule() schedule}:
 * <pre>
 * zero gradients → forward → loss (mean over the batch) → backward (batch-mean gradients) → optimizer.step()
 * </pre>
 * With a plain {@link Sgd} that updates every parameter of the network (as {@code new Sgd(network.parameters(),
 * η, λ)} does), the step runs inside backward instead: {@code forward → loss → Network.backwardSgdStep(labels, η,
 * λ)}, which applies the same update {@code W ← W - η·(dW + λ·W)}, {@code b ← b - η·db} straight from the
 * back-propagated dZ (to float rounding) without writing, re-reading and zeroing the gradients, 2–6% of a
 * 784-256-10 step on one thread. Classical {@link Momentum} on every parameter does the same through
 * {@code Network.backwardStep}: the weight gradient's product writes the velocity directly (see {@link Momentum}).
 * The parameter gradients are then left untouched, and the optimizer still counts the step.
 * After the epoch the network is evaluated on the validation set (loss and accuracy, see {@link Evaluator}).
 *
 * <h2>Early stopping</h2>
 * With {@link TrainingOptions#patience()} p &gt; 0, training stops after p epochs in a row without a validation loss
 * below the best so far; with {@link TrainingOptions#restoreBest()} the weights of the best epoch (copied aside
 * when it ended, into buffers allocated once) are then copied back.
 *
 * <h2>NaN and infinity</h2>
 * Every batch's loss and gradients are checked before the step ({@code Ops.allFinite}, one read pass per
 * parameter; with the step inside backward, every layer's dZ instead), and the parameters after it: by the next
 * batch's forward, where a NaN or infinity in row r of a dense layer's W or b shows in row r of every column of its
 * output, so one value per row is read ({@link Network#parametersLookFinite}; every parameter is scanned only if
 * one of those is not finite), and by a full pass after each epoch. That replaced a pass over every parameter after
 * every step (10–11 µs of a ≈1.1 ms 784-256-10 batch). A non-finite loss
 * or gradient stops training with a {@link TrainingDivergedException} naming the epoch and batch, or, under
 * {@link NonFinitePolicy#SKIP_BATCH}, skips the batch without touching parameters or optimizer state. Non-finite
 * weights after a step always stop training, naming the batch whose step produced them. With the step inside backward the weight gradient is never formed, so
 * a product {@code dZ·Xᵀ} that overflows although dZ and X are finite (|dZ|·|X| summed over the batch beyond
 * 3.4e38) shows up only as non-finite weights after the step: training then stops even under SKIP_BATCH.
 *
 * <h2>Reproducibility and threads</h2>
 * {@link #fit} sets {@link TrainingOptions#parallelism()} on the network and the optimizer, and gives both their
 * own back when it returns (so a pool shut down after training is not used again). The matrix products give
 * bit-identical results for any thread count, so the same initial weights, options and data give bit-identical
 * trained weights.
 * The trainer creates no threads. It is not thread-safe; one {@link #fit} at a time.
 */
public final class Trainer {

    private final Network network;
    private final Optimizer optimizer;
    private final TrainingOptions options;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /**
     * @throws IllegalArgumentException if the batch size exceeds the network's {@code maxBatch}, or the optimizer
     *                                  updates a parameter that is not the network's
     */
    public Trainer(Network network, Optimizer optimizer, TrainingOptions options) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.options = Objects.requireNonNull(options, "options");
        if (options.batchSize() > network.maxBatch()) {
            throw new IllegalArgumentException("batch size " + options.batchSize() + " exceeds the network's maxBatch "
                    + network.maxBatch() + "; build the network with maxBatch >= the batch size");
        }
        Set<Parameter> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(network.parameters());
        List<Parameter> updated = optimizer.parameters();
        for (int i = 0; i < updated.size(); i++) {
            if (!own.contains(updated.get(i))) {
                throw new IllegalArgumentException("the optimizer's parameter " + i + " " + updated.get(i)
                        + " is not a parameter of " + network + "; build the optimizer on network.parameters()");
            }
        }
    }

    /** Adds a listener, called in the order added. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Trains on {@code train}, validating on {@code validation} after every epoch (may be empty: no validation, no
     * early stopping). Modifies the network's parameters and gradients, the optimizer's state and its learning
     * rate during the run (restored to its initial value at the end).
     *
     * @throws IllegalArgumentException   if the training set is empty, a set does not fit the network (features,
     *                                    classes), or early stopping is on without validation samples
     * @throws TrainingDivergedException if a loss, gradient or weight becomes NaN or infinite (see the class
     *                                    comment); the parameters are then left as they are
     */
    public TrainingResult fit(Dataset train, Dataset validation) {
        Evaluator.checkCompatible(network, train, "the training set");
        Evaluator.checkCompatible(network, validation, "the validation set");
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (options.patience() > 0 && validation.size() == 0) {
            throw new IllegalArgumentException("early stopping (patience " + options.patience()
                    + ") needs a non-empty validation set");
        }
        Parallelism networkBefore = network.parallelism();
        Parallelism optimizerBefore = optimizer.parallelism();
        network.setParallelism(options.parallelism());
        optimizer.setParallelism(options.parallelism());
        double baseRate = optimizer.learningRate();
        try {
            return new TrainingRun(network, optimizer, options, listeners.toArray(new TrainingListener[0]), train,
                    validation, baseRate).run();
        } finally {
            optimizer.setLearningRate(baseRate);
            network.setParallelism(networkBefore);
            optimizer.setParallelism(optimizerBefore);
        }
    }

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public TrainingOptions options() {
        return options;
    }
}
