package io.github.simdnn.training.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The state of one {@link CsvReader} parse: header detection, row checks, growing buffers. It is discarded on
 * failure, so nothing half-built escapes.
 */
final class CsvParser {

    private final String source;
    private final CsvOptions options;
    private int columns = -1;
    private int labelColumn;
    private String columnsFrom;
    private int declaredSamples = -1;
    private List<String> headerClassNames;
    private float[] features = new float[1024];
    private int featureValues;
    private int[] labels = new int[64];
    private int rows;
    private int maxLabel = -1;

    CsvParser(String source, CsvOptions options) {
        this.source = source;
        this.options = options;
    }

    Dataset parse(LineReader lines) throws IOException {
        boolean first = true;
        int firstBlankRow = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            int row = lines.lineNumber();
            if (row == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                if (firstBlankRow == 0) {
                    firstBlankRow = row;
                }
                continue;
            }
            if (firstBlankRow != 0) {
                throw error(firstBlankRow, "is empty (blank lines are allowed only at the end)");
            }
            String[] cells = split(line);
            if (first) {
                first = false;
                if (header(cells, row)) {
                    continue;
                }
            }
            addRow(cells, row);
        }
        return finish(lines.lineNumber());
    }

    /** @return whether the first row was a header (and consumed) */
    private boolean header(String[] cells, int row) throws DataFormatException {
        if (cells.length >= 3 && isCount(cells[0]) && isCount(cells[1]) && allNames(cells, 2)) {
            int samples = parseCount(cells[0], row, 1);
            int featureCount = parseCount(cells[1], row, 2);
            if (featureCount < 1) {
                throw error(row, "scikit-learn header declares " + featureCount + " features; need at least 1");
            }
            declaredSamples = samples;
            headerClassNames = List.of(Arrays.copyOfRange(cells, 2, cells.length));
            setColumns(featureCount + 1, row, "the scikit-learn header (row " + row + ") declares " + featureCount
                    + " features + label =");
            return true;
        }
        // An empty cell says nothing: "0.5,,0.3" is a data row with a missing value, reported as such.
        for (String cell : cells) {
            if (!cell.isEmpty() && !isDecimal(cell)) {
                setColumns(cells.length, row, "the header (row " + row + ") has");
                return true;
            }
        }
        return false;
    }

    private void setColumns(int count, int row, String from) throws DataFormatException {
        if (count < 2) {
            throw error(row, "has " + count + " column; need at least one feature column and a label column");
        }
        labelColumn = options.labelColumn() == CsvOptions.LAST_COLUMN ? count - 1 : options.labelColumn();
        if (labelColumn >= count) {
            throw error(row, "has " + count + " columns, so there is no label column " + (labelColumn + 1)
                    + " (0-based index " + labelColumn + ")");
        }
        columns = count;
        columnsFrom = from;
    }

    private void addRow(String[] cells, int row) throws DataFormatException {
        if (columns < 0) {
            setColumns(cells.length, row, "row " + row + " (the first) has");
        }
        if (cells.length != columns) {
            throw error(row, "has " + cells.length + " columns but " + columnsFrom + " " + columns);
        }
        int classCount = knownClassCount();
        ensureCapacity(row);
        for (int c = 0; c < columns; c++) {
            String cell = cells[c];
            if (c == labelColumn) {
                int label = parseLabel(cell, row, c + 1, classCount);
                labels[rows] = label;
                maxLabel = Math.max(maxLabel, label);
            } else {
                features[featureValues++] = parseFeature(cell, row, c + 1);
            }
        }
        rows++;
    }

    private void ensureCapacity(int row) throws DataFormatException {
        int featureCount = columns - 1;
        if ((long) featureValues + featureCount > Integer.MAX_VALUE - 8) {
            throw error(row, "too many values: more than " + (Integer.MAX_VALUE - 8) + " features in total");
        }
        if (featureValues + featureCount > features.length) {
            long grown = Math.max((long) features.length * 2, (long) featureValues + featureCount);
            features = Arrays.copyOf(features, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, (int) Math.min((long) labels.length * 2, Integer.MAX_VALUE - 8));
        }
    }

    private int knownClassCount() {
        if (options.classCount() != CsvOptions.INFER_CLASSES) {
            return options.classCount();
        }
        return headerClassNames != null ? headerClassNames.size() : CsvReader.MAX_CLASSES;
    }

    private Dataset finish(int lastLine) throws DataFormatException {
        if (lastLine == 0 || columns < 0) {
            throw new DataFormatException(source + ": file is empty");
        }
        if (rows == 0) {
            throw new DataFormatException(source + ": has a header but no data rows");
        }
        if (declaredSamples >= 0 && declaredSamples != rows) {
            throw new DataFormatException(source + ": the scikit-learn header declares " + declaredSamples
                    + " samples but the file has " + rows + " data rows");
        }
        List<String> classNames;
        if (headerClassNames != null) {
            if (options.classCount() != CsvOptions.INFER_CLASSES
                    && options.classCount() != headerClassNames.size()) {
                throw new DataFormatException(source + ": the header names " + headerClassNames.size()
                        + " classes but " + options.classCount() + " were expected");
            }
            classNames = headerClassNames;
        } else if (options.classCount() != CsvOptions.INFER_CLASSES) {
            classNames = Dataset.defaultClassNames(options.classCount());
        } else {
            classNames = Dataset.defaultClassNames(maxLabel + 1);
        }
        return Dataset.create(Arrays.copyOf(features, featureValues), Arrays.copyOf(labels, rows), columns - 1,
                classNames);
    }

    private float parseFeature(String cell, int row, int column) throws DataFormatException {
        if (!isDecimal(cell)) {
            throw notANumber(cell, row, column);
        }
        float value = Float.parseFloat(cell);
        if (Float.isInfinite(value)) {
            throw error(row, column, "'" + cell + "' is outside the float32 range");
        }
        return value;
    }

    private int parseLabel(String cell, int row, int column, int classCount) throws DataFormatException {
        if (!isDecimal(cell)) {
            throw error(row, column, "label '" + cell + "' is not an integer");
        }
        double value = Double.parseDouble(cell);
        if (value != Math.rint(value)) {
            throw error(row, column, "label '" + cell + "' is not an integer");
        }
        if (value < 0 || value >= classCount) {
            String range = classCount == CsvReader.MAX_CLASSES
                    ? "labels must be in 0.." + (CsvReader.MAX_CLASSES - 1)
                    : "expected 0.." + (classCount - 1) + " for " + classCount + " classes";
            throw error(row, column, "label " + cell + " is out of range (" + range + ")");
        }
        return (int) value;
    }

    private int parseCount(String cell, int row, int column) throws DataFormatException {
        try {
            return Integer.parseInt(cell);
        } catch (NumberFormatException e) {
            throw error(row, column, "'" + cell + "' is too large for a count");
        }
    }

    private DataFormatException notANumber(String cell, int row, int column) {
        if (cell.isEmpty()) {
            return error(row, column, "empty cell");
        }
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.contains("nan") || lower.contains("inf")) {
            return error(row, column, "'" + cell + "' is not a finite number");
        }
        return error(row, column, "'" + cell + "' is not a number");
    }

    private DataFormatException error(int row, String what) {
        return new DataFormatException(source + ": row " + row + " " + what);
    }

    private DataFormatException error(int row, int column, String what) {
        return new DataFormatException(source + ": row " + row + ", column " + column + ": " + what);
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static boolean allNames(String[] cells, int from) {
        for (int i = from; i < cells.length; i++) {
            if (cells[i].isEmpty() || isDecimal(cells[i])) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative integer written with digits only. */
    private static boolean isCount(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A plain decimal number: optional sign, digits with an optional point, optional exponent. No NaN/Infinity. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
