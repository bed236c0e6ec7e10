package io.github.simdnn.training;

import io.github.simdnn.nn.DenseUpdate;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.tensor.Ops;
import io.github.simdnn.tensor.Parallelism;
import io.github.simdnn.training.data.Dataset;
import io.github.simdnn.training.data.Shuffle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The state of one {@link Trainer#fit} call: buffers, the shuffling random, the best epoch so far. */
final class TrainingRun {

    private final Network network;
    private final Optimizer optimizer;
    private final TrainingOptions options;
    private final TrainingListener[] listeners;
    private final Dataset train;
    private final Dataset validation;
    private final double baseRate;
    private final Evaluator evaluator;
    /** Name and object of every network parameter, for the finiteness checks. */
    private final String[] names;
    private final Parameter[] params;
    /**
     * The network's own input workspace, into which batches are gathered: for a dense first layer its two panel
     * matrices ({@link Network#inputPanels()}: X for the forward product, Xᵀ for the weight gradient, so neither
     * packs its input), else {@link Network#inputBuffer()} (then {@link #panels} is null).
     */
    private final float[] x;
    private final Network.InputPanels panels;
    private final int[] labels;
    private final int[] order;
    private final Random random;
    private final WeightSnapshot best;
    /**
     * The optimizer when its step runs inside backward, over every network parameter: a plain {@link Sgd} (then
     * {@link #denseUpdate} is null and {@link Network#backwardSgdStep} runs) or one with a
     * {@link OptimizerState#inBackward() DenseUpdate} ({@link Network#backwardStep}); null otherwise (zeroGrad,
     * backward, step).
     */
    private final OptimizerState inBackward;
    private final DenseUpdate denseUpdate;
    /** The batch (of the current epoch) whose step last changed the parameters; 0 before the epoch's first step. */
    private int lastStep;

    TrainingRun(Network network, Optimizer optimizer, TrainingOptions options, TrainingListener[] listeners,
                Dataset train, Dataset validation, double baseRate) {
        this.network = network;
        this.optimizer = optimizer;
        this.options = options;
        this.listeners = listeners;
        this.train = train;
        this.validation = validation;
        this.baseRate = baseRate;
        this.evaluator = new Evaluator(network);
        Map<String, Parameter> named = network.namedParameters();
        this.names = named.keySet().toArray(new String[0]);
        this.params = named.values().toArray(new Parameter[0]);
        this.panels = network.acceptsInputPanels() ? network.inputPanels() : null;
        this.x = panels == null ? network.inputBuffer() : null;
        this.labels = new int[options.batchSize()];
        this.order = new int[train.size()];
        this.random = new Random(options.seed());
        boolean keepBest = options.patience() > 0 && options.restoreBest();
        this.best = keepBest ? new WeightSnapshot(network.parameters()) : null;
        OptimizerState state = optimizer instanceof OptimizerState o && o.parameters().equals(network.parameters())
                ? o : null;
        this.denseUpdate = state == null || state instanceof Sgd ? null : state.inBackward();
        this.inBackward = state instanceof Sgd || denseUpdate != null ? state : null;
    }

    TrainingResult run() {
        List<EpochResult> history = new ArrayList<>(options.epochs());
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            EpochResult result = epoch(epoch, bestLoss);
            history.add(result);
            if (result.best()) {
                bestLoss = result.validationLoss();
                bestEpoch = epoch;
                if (best != null) {
                    best.save();
                }
            }
            for (TrainingListener l : listeners) {
                l.onEpochEnd(result);
            }
            if (options.patience() > 0 && epoch - bestEpoch >= options.patience() && epoch < options.epochs()) {
                stoppedEarly = true;
                break;
            }
        }
        boolean restored = best != null && bestEpoch != 0 && bestEpoch != history.size();
        if (restored) {
            best.restore();
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly, restored);
    }

    private EpochResult epoch(int epoch, double bestLoss) {
        int batchSize = options.batchSize();
        int n = train.size();
        int batches = (n + batchSize - 1) / batchSize;
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, options.epochs(), batches);
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Shuffle.shuffle(order, random);
        lastStep = 0;
        long start = System.nanoTime();
        double lossSum = 0;
        int samples = 0;
        int skipped = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int count = Math.min(batchSize, n - from);
            optimizer.setLearningRate(options.schedule().rate(baseRate, (epoch - 1) + (double) b / batches));
            if (panels != null) {
                train.copyBatch(options.parallelism(), order, from, count, panels.columns(), panels.rows(), labels, 0);
            } else {
                train.copyBatch(options.parallelism(), order, from, count, x, 0, labels, 0);
            }
            double loss = batch(epoch, b + 1, batches, count);
            if (Double.isNaN(loss)) {
                skipped++;
                continue;
            }
            lossSum += loss * count;
            samples += count;
            double perSecond = samples / ((System.nanoTime() - start) * 1e-9);
            for (TrainingListener l : listeners) {
                l.onBatchEnd(epoch, b + 1, batches, samples, loss, perSecond);
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        requireFiniteParameters(epoch, batches);
        if (samples == 0) {
            throw new TrainingDivergedException(epoch, batches, String.format(Locale.ROOT,
                    "training diverged: every batch of epoch %d of %d was skipped for non-finite values; lower the"
                            + " learning rate (%s)", epoch, options.epochs(), optimizer.learningRate()));
        }
        double validationLoss = Double.NaN;
        double validationAccuracy = Double.NaN;
        if (validation.size() > 0) {
            Evaluation e;
            try {
                e = evaluator.evaluate(validation);
            } catch (IllegalStateException ex) {
                throw new TrainingDivergedException(epoch, 0, "training diverged: the validation loss after epoch "
                        + epoch + " of " + options.epochs() + " is not finite: " + ex.getMessage());
            }
            validationLoss = e.loss();
            validationAccuracy = e.accuracy();
        }
        boolean improved = validationLoss < bestLoss;
        return new EpochResult(epoch, options.epochs(), lossSum / samples, validationLoss, validationAccuracy,
                optimizer.learningRate(), samples, seconds, skipped, improved);
    }

    /**
     * One training step on the batch in {@link #panels} (or {@link #x}) and {@link #labels}.
     *
     * @return the batch loss, or NaN if the batch was skipped
     */
    private double batch(int epoch, int batch, int batches, int count) {
        if (inBackward == null) {
            network.zeroGradients();
        }
        if (panels != null) {
            network.forwardInputPanels(count);
        } else {
            network.forwardInputBuffer(count);
        }
        if (!network.parametersLookFinite()) {
            requireFiniteParameters(epoch, batches);
        }
        double loss;
        try {
            loss = network.loss(labels);
        } catch (IllegalStateException e) {
            return skipOrStop(epoch, batch, batches, "the loss is not finite: " + e.getMessage());
        }
        if (inBackward != null) {
            try {
                if (denseUpdate == null) {
                    network.backwardSgdStep(labels, (float) inBackward.learningRate(),
                            (float) inBackward.weightDecay());
                } else {
                    network.backwardStep(labels, denseUpdate);
                }
            } catch (IllegalStateException e) {
                return skipOrStop(epoch, batch, batches, e.getMessage());
            }
            inBackward.countStep();
        } else {
            network.backward(labels);
            int bad = firstNonFinite(true);
            if (bad >= 0) {
                return skipOrStop(epoch, batch, batches, "the gradient of parameter " + names[bad] + " holds "
                        + describe(params[bad].gradient()));
            }
            optimizer.step();
        }
        lastStep = batch;
        return loss;
    }

    /**
     * Stops training if a parameter holds NaN or ±Inf, naming the step that put it there. Runs after every epoch,
     * and before a batch's loss whenever the forward shows a non-finite value where the parameters reach every
     * column ({@link Network#parametersLookFinite}): a step that makes a weight non-finite is caught by the next
     * batch's forward, or by the end of its epoch, without a pass over every parameter after every step.
     */
    private void requireFiniteParameters(int epoch, int batches) {
        int bad = firstNonFinite(false);
        if (bad < 0) {
            return;
        }
        String holds = "parameter " + names[bad] + " holds " + describe(params[bad].value());
        throw lastStep == 0
                ? diverged(epoch, 1, batches, holds + " before the epoch's first step")
                : diverged(epoch, lastStep, batches, "after the step " + holds);
    }

    private double skipOrStop(int epoch, int batch, int batches, String reason) {
        if (options.nonFinitePolicy() == NonFinitePolicy.STOP) {
            throw diverged(epoch, batch, batches, reason);
        }
        for (TrainingListener l : listeners) {
            l.onBatchSkipped(epoch, batch, batches, reason);
        }
        return Double.NaN;
    }

    private TrainingDivergedException diverged(int epoch, int batch, int batches, String reason) {
        return new TrainingDivergedException(epoch, batch, String.format(Locale.ROOT,
                "training diverged at epoch %d of %d, batch %d of %d: %s; lower the learning rate (now %s)",
                epoch, options.epochs(), batch, batches, reason, optimizer.learningRate()));
    }

    /** Index of the first parameter whose gradient (or value) holds NaN or ±Inf; -1 if none. */
    private int firstNonFinite(boolean gradient) {
        Parallelism parallelism = options.parallelism();
        for (int i = 0; i < params.length; i++) {
            float[] a = gradient ? params[i].gradient() : params[i].value();
            if (!Ops.allFinite(parallelism, a.length, a, 0)) {
                return i;
            }
        }
        return -1;
    }

    /** E.g. {@code NaN at index 3}; only called once things went wrong. */
    private static String describe(float[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                return values[k] + " at index " + k;
            }
        }
        return "only finite values " + Arrays.toString(Arrays.copyOf(values, Math.min(4, values.length)));
    }
}
