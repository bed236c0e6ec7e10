package io.github.simdnn.training.data;

import java.io.IOException;

/**
 * A data file is malformed: not the format it claims, truncated, inconsistent, or holding values out of range.
 * The message names the file and, where it applies, the row and column (both 1-based, as an editor shows them).
 * It is an {@link IOException} so callers handle "could not read" and "could not understand" in one place.
 */
public class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file and where in it */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file and where in it
     * @param cause   the lower-level failure (for example a corrupt gzip stream)
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
