package io.github.simdnn.training.io;

import java.io.IOException;

/**
 * A model file is corrupt, truncated, hostile or not what simdnn can read (for example a dtype other than F32, or
 * weights whose shapes do not match the stored architecture). The message names the file and what is wrong.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public ModelFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause   the lower-level failure (for example a JSON parse error)
     */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
