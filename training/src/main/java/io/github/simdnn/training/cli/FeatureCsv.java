package io.github.simdnn.training.cli;

import io.github.simdnn.training.data.CsvReader;
import io.github.simdnn.training.data.DataFormatException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the input of {@code predict} a block of rows at a time, so that a file of any length takes the memory of
 * one block: a CSV file of features only (no label), one sample per line, comma separated, UTF-8 (a leading
 * byte-order mark is ignored). A first line with a non-empty cell that is not a number is a header and is skipped
 * (it must still have one cell per feature); blank lines are allowed only at the end. Every row must have exactly
 * the model's feature count of finite numbers, written as {@link CsvReader} reads them ({@link CsvReader#isNumber}:
 * plain decimals, no NaN, Infinity, hex or {@code 1f}), so a file read there with a header is read here with the
 * same header.
 */
final class FeatureCsv implements Closeable {

    /** The input could not be read (not its content: that is a {@link DataFormatException}); names the file. */
    static final class ReadException extends IOException {
        ReadException(Path file, IOException cause) {
            super(file + ": cannot read: " + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()), cause);
        }
    }

    private final Path file;
    private final int features;
    private final BufferedReader in;
    /** Lines read so far (the number of the last one). */
    private long line;
    /** The first blank line seen, or 0. */
    private long blankLine;
    /** Data rows read so far. */
    private long rows;

    private FeatureCsv(Path file, int features, BufferedReader in) {
        this.file = file;
        this.features = features;
        this.in = in;
    }

    /** @throws IOException if the file cannot be opened */
    static FeatureCsv open(Path file, int features) throws IOException {
        return new FeatureCsv(file, features, Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads the next data rows, up to {@code maxRows}, into {@code values}, sample-major: feature f of the i-th row
     * read at {@code values[i * features + f]}.
     *
     * @return the rows read; 0 at the end of the file
     * @throws DataFormatException naming the file, row and column of the first problem, or if the file has no data
     *                             rows at all
     * @throws ReadException      if the file cannot be read
     */
    int read(float[] values, int maxRows) throws IOException {
        assert maxRows > 0 && values.length >= (long) maxRows * features;
        int n = 0;
        try {
            while (n < maxRows) {
                String text = in.readLine();
                if (text == null) {
                    break;
                }
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    blankLine = blankLine == 0 ? line : blankLine;
                    continue;
                }
                if (blankLine != 0) {
                    throw error(line, "data after the blank line " + blankLine);
                }
                String[] cells = text.split(",", -1);
                boolean header = line == 1 && isHeader(cells);
                if (cells.length != features) {
                    throw error(line, (header ? "(a header) has " + cells.length + " cells" : "has "
                            + cells.length + " values") + " but the model takes " + features
                            + " features (the input holds features only, no label column)");
                }
                if (header) {
                    continue;
                }
                for (int f = 0; f < features; f++) {
                    values[n * features + f] = number(line, f, cells[f]);
                }
                n++;
                rows++;
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text near line " + (line + 1), e);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ReadException(file, e);
        }
        if (rows == 0) {
            throw new DataFormatException(file + ": no data rows");
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
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

    private float number(long row, int column, String cell) throws DataFormatException {
        String text = cell.strip();
        if (!CsvReader.isNumber(text)) {
            throw error(row, "column " + (column + 1) + ": '" + text + "' is not a number");
        }
        float v = Float.parseFloat(text);
        if (!Float.isFinite(v)) {
            throw error(row, "column " + (column + 1) + ": '" + text + "' is outside the float32 range");
        }
        return v;
    }

    private DataFormatException error(long row, String message) {
        return new DataFormatException(file + ": row " + row + " " + message);
    }
}
