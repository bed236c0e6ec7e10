/**
 * Data sets for training: an in-memory {@link io.github.simdnn.training.data.Dataset} of float features (or 8-bit
 * ones kept as bytes) and integer class labels, seeded
 * {@link io.github.simdnn.training.data.DataSplits train/validation/test splits},
 * {@link io.github.simdnn.training.data.Normalization} fitted on the training split, and loaders for CSV
 * ({@link io.github.simdnn.training.data.CsvReader}), IDX/MNIST ({@link io.github.simdnn.training.data.IdxReader}),
 * the bundled digits set ({@link io.github.simdnn.training.data.Datasets}) and the command-line data specification
 * ({@link io.github.simdnn.training.data.DataSpec}).
 *
 * <p>Loaders validate the whole input and either return a complete data set or throw
 * {@link io.github.simdnn.training.data.DataFormatException} (an {@link java.io.IOException}) whose message names
 * the file and, where it applies, the row and column; they never return a partly filled data set.
 */
package io.github.simdnn.training.data;
