package io.github.simdnn.training.cli;

import io.github.simdnn.training.data.CsvReader;
import io.github.simdnn.training.data.DataFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the input of {@code predict}: a CSV file of features only (no label), one sample per line, comma
 * separated, UTF-8 (a leading byte-order mark is ignored). A first line with a non-empty cell that is not a number
 * is a header and is skipped (it must still have one cell per feature); blank lines are allowed only at the end.
 * Every row must have exactly the model's feature count of finite numbers, written as {@link CsvReader} reads
 * them ({@link CsvReader#isNumber}: plain decimals, no NaN, Infinity, hex or {@code 1f}), so a file read there
 * with a header is read here with the same header.
 */
final class FeatureCsv {

    /**
     * Sample-major features: feature f of row i at {@code values[i * features + f]}.
     *
     * @param values   the features
     * @param rows     samples read
     * @param features features per sample
     */
    record Rows(float[] values, int rows, int features) {
    }

    private FeatureCsv() {
    }

    /**
     * @throws DataFormatException naming the file, row and column of the first problem
     * @throws IOException         if the file cannot be read
     */
    static Rows read(Path file, int features) throws IOException {
        float[] values = new float[Math.max(features, 1) * 64];
        int rows = 0;
        int line = 0;
        int blankLine = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    blankLine = blankLine == 0 ? line : blankLine;
                    continue;
                }
                if (blankLine != 0) {
                    throw error(file, line, "data after the blank line " + blankLine);
                }
                String[] cells = text.split(",", -1);
                boolean header = rows == 0 && line == 1 && isHeader(cells);
                if (cells.length != features) {
                    throw error(file, line, (header ? "(a header) has " + cells.length + " cells" : "has "
                            + cells.length + " values") + " but the model takes " + features
                            + " features (the input holds features only, no label column)");
                }
                if (header) {
                    continue;
                }
                if ((long) (rows + 1) * features > values.length) {
                    if ((long) values.length * 2 > Integer.MAX_VALUE - 8) {
                        throw error(file, line, "too many values for one array");
                    }
                    values = Arrays.copyOf(values, values.length * 2);
                }
                for (int f = 0; f < features; f++) {
                    values[rows * features + f] = number(file, line, f, cells[f]);
                }
                rows++;
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text near line " + (line + 1), e);
        }
        if (rows == 0) {
            throw new DataFormatException(file + ": no data rows");
        }
        return new Rows(Arrays.copyOf(values, rows * features), rows, features);
    }

    private static boolean isHeader(String[] cells) {
        for (String cell : cells) {
            String text = cell.strip();
            if (!text.isEmpty() && !CsvReader.isNumber(text)) {
                return true;
            }
        }
        return false;
    }

    private static float number(Path file, int line, int column, String cell) throws DataFormatException {
        String text = cell.strip();
        if (!CsvReader.isNumber(text)) {
            throw error(file, line, "column " + (column + 1) + ": '" + text + "' is not a number");
        }
        float v = Float.parseFloat(text);
        if (!Float.isFinite(v)) {
            throw error(file, line, "column " + (column + 1) + ": '" + text + "' is outside the float32 range");
        }
        return v;
    }

    private static DataFormatException error(Path file, int line, String message) {
        return new DataFormatException(file + ": row " + line + " " + message);
    }
}
