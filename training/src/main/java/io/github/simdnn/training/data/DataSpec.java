package io.github.simdnn.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the data comes from, as written on the command line:
 * <ul>
 *   <li>{@code digits}: the bundled digits set ({@link Datasets#digits()}), no test set of its own;</li>
 *   <li>{@code idx:DIR}: MNIST-style IDX files in {@code DIR}: {@code train-images-idx3-ubyte} and
 *       {@code train-labels-idx1-ubyte} for training, {@code t10k-images-idx3-ubyte} and
 *       {@code t10k-labels-idx1-ubyte} as the test set, each plain or with a {@code .gz} suffix;</li>
 *   <li>{@code csv:FILE}: a CSV file read by {@link CsvReader} with the label in the last column, or in the one
 *       {@link #withLabelColumn} names.</li>
 * </ul>
 */
public sealed interface DataSpec permits DataSpec.Digits, DataSpec.Idx, DataSpec.Csv {

    /**
     * Parses a specification.
     *
     * @throws IllegalArgumentException if {@code text} is none of the forms above (the message lists them)
     */
    static DataSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("digits")) {
            return new Digits();
        }
        if (text.startsWith("idx:") && text.length() > 4) {
            return new Idx(Path.of(text.substring(4)));
        }
        if (text.startsWith("csv:") && text.length() > 4) {
            return new Csv(Path.of(text.substring(4)));
        }
        throw new IllegalArgumentException("unknown data '" + text + "'; expected digits, idx:DIR or csv:FILE");
    }

    /**
     * This specification with the class label in 0-based column {@code column} of each row.
     *
     * @throws IllegalArgumentException for data that is not a CSV file (its label has no column to choose), or a
     *                                  negative column
     */
    default DataSpec withLabelColumn(int column) {
        throw new IllegalArgumentException("a label column can be chosen for csv: data only, not for " + this);
    }

    /**
     * The factor this source's loader multiplies the file's values by in {@link #load()}: 1/16 for the digits,
     * {@link IdxReader#PIXEL_STEP} for IDX files, 1 for CSV. A model stores it with its normalization
     * ({@link Normalization#withInputScale}) so that inputs in the file's units are mapped alike.
     */
    float inputScale();

    /**
     * Loads the data.
     *
     * @throws DataFormatException if a file is malformed
     * @throws IOException         if a file is missing or unreadable
     */
    LoadedData load() throws IOException;

    /**
     * The files {@link #load()} reads, as far as they exist now: so that a command can refuse to write over its own
     * data. None for the bundled digits.
     */
    default List<Path> files() {
        return List.of();
    }

    /** The bundled digits set. */
    record Digits() implements DataSpec {
        @Override
        public LoadedData load() throws IOException {
            return new LoadedData(Datasets.digits(), Optional.empty());
        }

        @Override
        public float inputScale() {
            return 1f / Datasets.DIGITS_MAX_PIXEL;
        }

        @Override
        public String toString() {
            return "digits";
        }
    }

    /**
     * MNIST-style IDX files in a directory.
     *
     * @param directory where the four files are
     */
    record Idx(Path directory) implements DataSpec {

        /** The four standard MNIST file names: training images and labels, test images and labels. */
        static final List<String> NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

        /** @throws NullPointerException if {@code directory} is null */
        public Idx {
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public LoadedData load() throws IOException {
            Dataset train = IdxReader.read(find(NAMES.get(0)), find(NAMES.get(1)));
            Dataset test = IdxReader.read(find(NAMES.get(2)), find(NAMES.get(3)));
            return new LoadedData(train, Optional.of(test));
        }

        @Override
        public float inputScale() {
            return IdxReader.PIXEL_STEP;
        }

        @Override
        public List<Path> files() {
            List<Path> files = new ArrayList<>();
            for (String name : NAMES) {
                for (Path file : new Path[] {directory.resolve(name), directory.resolve(name + ".gz")}) {
                    if (Files.isRegularFile(file)) {
                        files.add(file);
                    }
                }
            }
            return List.copyOf(files);
        }

        /** @return {@code directory/name}, else {@code directory/name.gz} */
        Path find(String name) throws NoSuchFileException {
            Path plain = directory.resolve(name);
            if (Files.isRegularFile(plain)) {
                return plain;
            }
            Path gz = directory.resolve(name + ".gz");
            if (Files.isRegularFile(gz)) {
                return gz;
            }
            throw new NoSuchFileException(plain.toString(), null, "neither it nor " + gz.getFileName()
                    + " exists (run scripts/fetch-mnist.sh to download MNIST)");
        }

        @Override
        public String toString() {
            return "idx:" + directory;
        }
    }

    /**
     * A CSV file.
     *
     * @param file        the file
     * @param labelColumn the 0-based column of the class label, or {@link CsvOptions#LAST_COLUMN}
     */
    record Csv(Path file, int labelColumn) implements DataSpec {

        /**
         * @throws NullPointerException     if {@code file} is null
         * @throws IllegalArgumentException if {@code labelColumn} is below {@link CsvOptions#LAST_COLUMN}
         */
        public Csv {
            Objects.requireNonNull(file, "file");
            if (labelColumn < CsvOptions.LAST_COLUMN) {
                throw new IllegalArgumentException("labelColumn must be >= 0 (or LAST_COLUMN) but was " + labelColumn);
            }
        }

        /** The label in the last column. */
        public Csv(Path file) {
            this(file, CsvOptions.LAST_COLUMN);
        }

        @Override
        public DataSpec withLabelColumn(int column) {
            if (column < 0) {
                throw new IllegalArgumentException("the label column must be >= 0 but was " + column);
            }
            return new Csv(file, column);
        }

        @Override
        public List<Path> files() {
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }

        @Override
        public LoadedData load() throws IOException {
            return new LoadedData(CsvReader.read(file, CsvOptions.DEFAULT.withLabelColumn(labelColumn)),
                    Optional.empty());
        }

        @Override
        public float inputScale() {
            return 1f;
        }

        /** {@code csv:FILE}, with {@code (label in column N)} (1-based, as in error messages) when not the last. */
        @Override
        public String toString() {
            return "csv:" + file + (labelColumn == CsvOptions.LAST_COLUMN ? ""
                    : " (label in column " + (labelColumn + 1) + ")");
        }
    }
}
