package io.github.simdnn.training.data;

/**
 * How {@link CsvReader} reads a file.
 *
 * @param labelColumn the 0-based column holding the class label, or {@link #LAST_COLUMN}
 * @param classCount  the number of classes (labels must be below it), or {@link #INFER_CLASSES} to take it from a
 *                    scikit-learn header or else as the largest label + 1
 */
public record CsvOptions(int labelColumn, int classCount) {

    /** {@link #labelColumn()} value meaning the last column of the file. */
    public static final int LAST_COLUMN = -1;

    /** {@link #classCount()} value meaning "work it out from the file". */
    public static final int INFER_CLASSES = 0;

    /** Label in the last column, class count inferred. */
    public static final CsvOptions DEFAULT = new CsvOptions(LAST_COLUMN, INFER_CLASSES);

    /** @throws IllegalArgumentException if a value is neither a valid count/index nor the sentinel */
    public CsvOptions {
        if (labelColumn < LAST_COLUMN) {
            throw new IllegalArgumentException("labelColumn must be >= 0 or LAST_COLUMN (-1) but was " + labelColumn);
        }
        if (classCount < 0 || classCount > CsvReader.MAX_CLASSES) {
            throw new IllegalArgumentException("classCount must be in [1, " + CsvReader.MAX_CLASSES
                    + "] or INFER_CLASSES (0) but was " + classCount);
        }
    }

    /** @return these options with the label in the 0-based column {@code column} */
    public CsvOptions withLabelColumn(int column) {
        return new CsvOptions(column, classCount);
    }

    /** @return these options with a fixed number of classes */
    public CsvOptions withClassCount(int count) {
        return new CsvOptions(labelColumn, count);
    }
}
