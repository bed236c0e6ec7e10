package io.github.simdnn.training;

/**
 * How the learning rate changes during training. {@link Trainer} calls {@link #rate} before every batch with the
 * training progress in epochs and sets the result on the optimizer ({@link Optimizer#setLearningRate}); a schedule
 * that should change only between epochs uses {@code Math.floor(progress)}.
 *
 * <p>Implementations must be pure functions of their arguments (so that training stays reproducible) and cheap:
 * they run once per batch.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for the next step.
     *
     * @param baseRate the optimizer's initial rate η0
     * @param progress epochs completed so far, with the fraction of the current epoch: {@code e + b/B} before
     *                 batch b (0-based) of the B batches of epoch e (0-based)
     * @return a finite rate ≥ 0
     */
    double rate(double baseRate, double progress);

    /** {@code η = η0} throughout. */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /**
     * Step decay: {@code η = η0 · factor^floor(epoch / every)}, i.e. multiplied by {@code factor} after every
     * {@code every} whole epochs (changes only between epochs).
     *
     * @throws IllegalArgumentException unless {@code every ≥ 1} and {@code 0 < factor ≤ 1}
     */
    static LearningRateSchedule stepDecay(int every, double factor) {
        return new StepDecay(every, factor);
    }

    /**
     * Cosine annealing over {@code epochs} epochs, per step:
     * {@code η = ηmin + (η0 - ηmin)·(1 + cos(π·min(progress, epochs)/epochs))/2} with {@code ηmin = minFactor·η0},
     * from η0 at the start to ηmin at the end.
     *
     * @throws IllegalArgumentException unless {@code epochs ≥ 1} and {@code 0 ≤ minFactor ≤ 1}
     */
    static LearningRateSchedule cosine(int epochs, double minFactor) {
        return new Cosine(epochs, minFactor);
    }

    /** See {@link LearningRateSchedule#constant()}. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double baseRate, double progress) {
            return baseRate;
        }
    }

    /**
     * See {@link LearningRateSchedule#stepDecay(int, double)}.
     *
     * @param every  epochs between decays, ≥ 1
     * @param factor multiplier per decay, in (0, 1]
     */
    record StepDecay(int every, double factor) implements LearningRateSchedule {
        /** @throws IllegalArgumentException if an argument is out of range */
        public StepDecay {
            if (every < 1) {
                throw new IllegalArgumentException("step decay interval must be >= 1 epoch but was " + every);
            }
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("step decay factor must be in (0, 1] but was " + factor);
            }
        }

        @Override
        public double rate(double baseRate, double progress) {
            return baseRate * Math.pow(factor, Math.floor(Math.floor(progress) / every));
        }
    }

    /**
     * See {@link LearningRateSchedule#cosine(int, double)}.
     *
     * @param epochs    length of the annealing, ≥ 1
     * @param minFactor ηmin / η0, in [0, 1]
     */
    record Cosine(int epochs, double minFactor) implements LearningRateSchedule {
        /** @throws IllegalArgumentException if an argument is out of range */
        public Cosine {
            if (epochs < 1) {
                throw new IllegalArgumentException("cosine schedule length must be >= 1 epoch but was " + epochs);
            }
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new IllegalArgumentException("cosine minimum factor must be in [0, 1] but was " + minFactor);
            }
        }

        @Override
        public double rate(double baseRate, double progress) {
            double t = Math.min(Math.max(progress, 0), epochs) / epochs;
            double min = minFactor * baseRate;
            return min + (baseRate - min) * (1 + Math.cos(Math.PI * t)) / 2;
        }
    }
}
