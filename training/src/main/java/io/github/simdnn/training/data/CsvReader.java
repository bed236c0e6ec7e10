package io.github.simdnn.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a numeric CSV file (plain or gzip-compressed, recognised by its magic bytes) into a {@link Dataset}.
 *
 * <p>Format: UTF-8 text, one sample per line (ending in {@code \n} or {@code \r\n}), cells separated by commas
 * (no quoting), surrounding spaces ignored.
 * Every cell is a decimal number; the label column (by default the last) holds an integer class label
 * {@code >= 0}. The first row is a header, and is skipped, if it has a non-empty cell that is not a number. A header of the
 * scikit-learn form {@code n_samples,n_features,name_0,name_1,...} (as in {@code iris.csv}:
 * {@code 150,4,setosa,versicolor,virginica}) is recognised and checked: the file must then have exactly
 * {@code n_samples} data rows of {@code n_features + 1} columns, and the names give the classes and their count.
 * Blank lines are allowed only at the end of the file. Values are read as float32 and must be finite.
 *
 * <p>Every problem throws {@link DataFormatException} naming the file and the row (the 1-based line number) and
 * column (1-based) where it is: an empty file, a non-numeric cell, a row with another number of cells than the
 * first, a label that is not an integer or is out of range, a header that disagrees with the data, text that is
 * not UTF-8, a corrupt gzip stream.
 */
public final class CsvReader {

    /** The most classes a file may have (labels up to {@code MAX_CLASSES - 1}). */
    public static final int MAX_CLASSES = 1 << 16;

    /** The longest line accepted, in bytes; longer lines are rejected before they are buffered. */
    public static final int MAX_LINE_BYTES = 1 << 22;

    private CsvReader() {
    }

    /** Reads {@code file} with the label in the last column; see the class description. */
    public static Dataset read(Path file) throws IOException {
        return read(file, CsvOptions.DEFAULT);
    }

    /**
     * Reads {@code file} as {@code options} say; see the class description.
     *
     * @throws DataFormatException if the file is malformed
     * @throws IOException         if it cannot be read
     */
    public static Dataset read(Path file, CsvOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        return read(Files.newInputStream(file), file.toString(), options);
    }

    /** Reads (and closes) {@code raw}, naming it {@code source} in messages. */
    /**
     * Whether {@code cell} (already stripped of surrounding spaces) is a number as this reader reads cells: a plain
     * decimal, an optional sign, digits with an optional point, an optional exponent; not NaN, Infinity, hex or a
     * type suffix such as {@code 1f}. Other CSV readers of the project (the features of {@code predict}) use it so
     * that they take the same first rows for headers.
     */
    public static boolean isNumber(String cell) {
        return CsvParser.isDecimal(cell);
    }

    static Dataset read(InputStream raw, String source, CsvOptions options) throws IOException {
        try (InputStream in = Inputs.decompressing(raw)) {
            return new CsvParser(source, options).parse(new LineReader(in, source, MAX_LINE_BYTES));
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            DataFormatException format = Inputs.asFormatError(source, e);
            throw format != null ? format : e;
        }
    }
}
