package io.github.simdnn.training.cli;

import io.github.simdnn.training.data.DataSpec;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code --data} and {@code --label-column} options that {@code train} and {@code evaluate} share. */
final class DataOptions {

    private DataOptions() {
    }

    /**
     * The data specification {@code data}, with the label in the 1-based column {@code labelColumn} when given.
     *
     * @throws ParameterException (a usage error) for an unknown specification, a label column below 1, or a label
     *                            column for data that is not a CSV file
     */
    static DataSpec spec(CommandLine commandLine, String data, Integer labelColumn) {
        DataSpec source;
        try {
            source = DataSpec.parse(data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--data: " + e.getMessage());
        }
        if (labelColumn == null) {
            return source;
        }
        if (labelColumn < 1) {
            throw new ParameterException(commandLine, "--label-column must be >= 1 (columns count from 1) but was "
                    + labelColumn);
        }
        try {
            return source.withLabelColumn(labelColumn - 1);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--label-column: " + e.getMessage());
        }
    }
}
