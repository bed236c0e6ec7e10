package io.github.simdnn.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The data set shipped with simdnn: the optical recognition of handwritten digits set (E. Alpaydin, C. Kaynak,
 * UCI Machine Learning Repository, CC BY 4.0), as distributed with scikit-learn: 1797 images of 8x8 pixels with
 * values 0..16, classes 0..9. The repository keeps it as {@code data/digits.csv.gz} (gzip CSV, no header, 64 pixels
 * row by row, then the class) and the {@code training} jar bundles a copy.
 *
 * <p>Pixels are <b>scaled to [0, 1]</b> as {@code value / 16}, so the set trains well without further normalization.
 */
public final class Datasets {

    /** Pixels per digits image (8 x 8). */
    public static final int DIGITS_FEATURES = 64;

    /** Classes of the digits set (0..9). */
    public static final int DIGITS_CLASSES = 10;

    /** The largest raw pixel value of the digits set; pixels are divided by it. */
    public static final float DIGITS_MAX_PIXEL = 16f;

    private static final String RESOURCE = "digits.csv.gz";

    private Datasets() {
    }

    /**
     * Loads the digits set bundled in this jar.
     *
     * @throws IOException if the resource is missing (a broken build) or unreadable
     */
    public static Dataset digits() throws IOException {
        InputStream in = Datasets.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the bundled " + RESOURCE + " is missing from the simdnn training jar");
        }
        return digits(in, "classpath:" + RESOURCE);
    }

    /**
     * Loads a file in the digits format (gzip or plain CSV, 64 pixel columns 0..16, then the class 0..9).
     *
     * @throws DataFormatException if it is not in that format (for example a pixel outside 0..16)
     */
    public static Dataset digits(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return digits(Files.newInputStream(file), file.toString());
    }

    private static Dataset digits(InputStream in, String source) throws IOException {
        Dataset raw = CsvReader.read(in, source, CsvOptions.DEFAULT.withClassCount(DIGITS_CLASSES));
        if (raw.featureCount() != DIGITS_FEATURES) {
            throw new DataFormatException(source + ": has " + raw.featureCount() + " feature columns but the digits "
                    + "format has " + DIGITS_FEATURES);
        }
        float[] x = raw.samplesCopy();
        for (int k = 0; k < x.length; k++) {
            if (x[k] < 0 || x[k] > DIGITS_MAX_PIXEL) {
                throw new DataFormatException(source + ": row " + (k / DIGITS_FEATURES + 1) + ", column "
                        + (k % DIGITS_FEATURES + 1) + ": pixel " + x[k] + " is outside 0.." + (int) DIGITS_MAX_PIXEL);
            }
            x[k] /= DIGITS_MAX_PIXEL;
        }
        return raw.withSamples(x);
    }
}
