package io.github.simdnn.training.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A training, a validation and a test set: the training set fits the model (and the {@link Normalization}), the
 * validation set guides choices such as early stopping, the test set is kept for the final score. Any of the
 * validation and test sets may be empty.
 *
 * @param train      the samples to fit on, never empty
 * @param validation samples for model selection
 * @param test       samples for the final evaluation
 */
public record DataSplits(Dataset train, Dataset validation, Dataset test) {

    /** @throws IllegalArgumentException if the sets disagree on features or classes or the training set is empty */
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training split is empty");
        }
        checkCompatible("validation", train, validation);
        checkCompatible("test", train, test);
    }

    private static void checkCompatible(String name, Dataset train, Dataset other) {
        if (other.featureCount() != train.featureCount()) {
            throw new IllegalArgumentException(name + " set has " + other.featureCount()
                    + " features but the training set has " + train.featureCount());
        }
        if (!other.classNames().equals(train.classNames())) {
            throw new IllegalArgumentException(name + " set has classes " + other.classNames()
                    + " but the training set has " + train.classNames());
        }
    }

    /**
     * Splits one data set at random, reproducibly: the samples are permuted with {@link Shuffle#permutation(int,
     * long) seed}, the first {@code round(n * testFraction)} go to the test set, the next
     * {@code round(n * validationFraction)} to the validation set and the rest to the training set. The three
     * sets are disjoint and together hold every sample once.
     *
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or nothing is left for training
     */
    public static DataSplits random(Dataset all, double validationFraction, double testFraction, long seed) {
        int[] order = randomOrder(all, validationFraction, testFraction, seed);
        int n = all.size();
        int testCount = count(n, testFraction);
        int validationCount = count(n, validationFraction);
        int[] test = Arrays.copyOfRange(order, 0, testCount);
        int[] validation = Arrays.copyOfRange(order, testCount, testCount + validationCount);
        int[] train = Arrays.copyOfRange(order, testCount + validationCount, n);
        return new DataSplits(all.subset(train), all.subset(validation), all.subset(test));
    }

    /**
     * The test set that {@link #random} makes from the same arguments, the same samples in the same order, without
     * building the other two: to score a model on the samples its training held out without holding the data twice.
     *
     * @throws IllegalArgumentException as {@link #random} does
     */
    public static Dataset randomTest(Dataset all, double validationFraction, double testFraction, long seed) {
        int[] order = randomOrder(all, validationFraction, testFraction, seed);
        return all.subset(Arrays.copyOfRange(order, 0, count(all.size(), testFraction)));
    }

    /** Checks {@link #random}'s arguments and returns its permutation of the samples. */
    private static int[] randomOrder(Dataset all, double validationFraction, double testFraction, long seed) {
        Objects.requireNonNull(all, "all");
        checkFraction("validationFraction", validationFraction);
        checkFraction("testFraction", testFraction);
        int n = all.size();
        if (count(n, testFraction) + count(n, validationFraction) >= n) {
            throw new IllegalArgumentException("validationFraction " + validationFraction + " and testFraction "
                    + testFraction + " of " + n + " samples leave no training samples");
        }
        return Shuffle.permutation(n, seed);
    }

    private static int count(int n, double fraction) {
        return (int) Math.round(n * fraction);
    }

    /**
     * Keeps a given test set and splits {@code trainPool} at random, reproducibly, into validation
     * ({@code round(n * validationFraction)} samples) and training (the rest), as for {@link #random}.
     *
     * @throws IllegalArgumentException if the fraction is outside [0, 1), nothing is left for training, or the
     *                                  test set has other features or classes
     */
    public static DataSplits withTest(Dataset trainPool, Dataset test, double validationFraction, long seed) {
        Objects.requireNonNull(trainPool, "trainPool");
        checkFraction("validationFraction", validationFraction);
        int n = trainPool.size();
        int validationCount = count(n, validationFraction);
        if (validationCount >= n) {
            throw new IllegalArgumentException("validationFraction " + validationFraction + " of " + n
                    + " samples leaves no training samples");
        }
        int[] order = Shuffle.permutation(n, seed);
        int[] validation = Arrays.copyOfRange(order, 0, validationCount);
        int[] train = Arrays.copyOfRange(order, validationCount, n);
        return new DataSplits(trainPool.subset(train), trainPool.subset(validation), test);
    }

    private static void checkFraction(String name, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1) but was " + fraction);
        }
    }

    /**
     * Fits a normalization of the given kind on the training set only (so nothing about the validation and test
     * samples leaks into training).
     */
    public Normalization fitNormalization(Normalization.Kind kind) {
        return Normalization.fit(kind, train);
    }

    /** @return the three sets, each transformed by {@code normalization} */
    public DataSplits normalize(Normalization normalization) {
        Objects.requireNonNull(normalization, "normalization");
        return map(normalization::apply);
    }

    private DataSplits map(UnaryOperator<Dataset> f) {
        return new DataSplits(f.apply(train), f.apply(validation), f.apply(test));
    }
}
