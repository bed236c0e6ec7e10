package io.github.simdnn.training.data;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DataSpec} loads: the samples to train on and, if the source defines one (as MNIST's t10k files
 * do), its own test set.
 *
 * @param train the training pool (validation samples are split from it)
 * @param test  the source's test set, if it has one
 */
public record LoadedData(Dataset train, Optional<Dataset> test) {

    /** @throws NullPointerException if an argument is null */
    public LoadedData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /**
     * Splits reproducibly into training, validation and test sets. If the source has its own test set it is kept
     * and {@code testFraction} is not used ({@link DataSplits#withTest}); otherwise {@code testFraction} of the
     * samples become the test set ({@link DataSplits#random}).
     *
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or no training samples would be left
     */
    public DataSplits split(double validationFraction, double testFraction, long seed) {
        return test.isPresent()
                ? DataSplits.withTest(train, test.get(), validationFraction, seed)
                : DataSplits.random(train, validationFraction, testFraction, seed);
    }
}
