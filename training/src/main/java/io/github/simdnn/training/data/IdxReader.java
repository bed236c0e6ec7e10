package io.github.simdnn.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads image/label pairs in the IDX format of MNIST (plain, or gzip-compressed: recognised by the gzip magic
 * bytes, not the name) into a {@link Dataset}.
 *
 * <p>An IDX file is a big-endian header, magic {@code 00 00 TYPE NDIM}, then {@code NDIM} 32-bit sizes, then the
 * values row-major. Only {@code TYPE = 0x08} (unsigned byte) is supported. The images file must have 3 dimensions
 * {@code [count, rows, columns]}, the labels file 1 dimension {@code [count]}, with equal counts. Each image becomes
 * one sample of {@code rows * columns} features, row by row, <b>scaled to [0, 1]</b> as {@code pixel · (1f / 255)};
 * the pixels stay bytes in memory ({@link Dataset#ofUnsignedBytes}, {@link #PIXEL_STEP}). Each label must be below
 * the class count (10 for MNIST).
 *
 * <p>Both headers are read and checked before anything is allocated: the sizes they declare must fit the file
 * (for a plain file its exact length; for a gzip file the most its compressed length can expand to) and
 * {@link #MAX_VALUES}, so a corrupt or hostile header cannot make the reader allocate huge arrays. As a small gzip
 * file may still declare up to about a thousand times its size, its values are read into a buffer that grows with
 * the data that actually arrives ({@link #GZIP_FIRST_BUFFER}, then doubling), not one of the declared size. Wrong magic,
 * unsupported type, wrong dimension count, truncation, trailing bytes, count mismatch and out-of-range labels all
 * throw {@link DataFormatException} naming the file.
 */
public final class IdxReader {

    /** The IDX type code of unsigned bytes, the only one supported. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The most values (pixels) one file may declare: the largest Java array. */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * Deflate cannot expand data by more than about 1032:1, so a gzip file of {@code n} bytes holds at most
     * {@code n * GZIP_MAX_RATIO} bytes (with margin); a header declaring more is rejected before reading.
     */
    static final long GZIP_MAX_RATIO = 1100;

    /**
     * The first buffer for a gzip file's values: 1 MiB, as large as a typical compressed file's expansion needs a
     * few doublings of, and small next to what a header could declare (up to {@link #MAX_VALUES}).
     */
    static final int GZIP_FIRST_BUFFER = 1 << 20;

    /** The value of one pixel unit: pixels 0..255 become {@code pixel · PIXEL_STEP}, in [0, 1]. */
    public static final float PIXEL_STEP = 1f / 255;

    private IdxReader() {
    }

    /** Reads an MNIST-style pair with 10 classes (labels 0..9); see the class description. */
    public static Dataset read(Path images, Path labels) throws IOException {
        return read(images, labels, 10);
    }

    /**
     * Reads an images file and its labels file; see the class description.
     *
     * @param classCount number of classes; every label must be below it
     * @throws DataFormatException if a file is malformed or the two disagree
     * @throws IOException         if a file cannot be read
     */
    public static Dataset read(Path images, Path labels, int classCount) throws IOException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (classCount < 1 || classCount > 256) {
            throw new IllegalArgumentException("classCount must be in [1, 256] for byte labels but was "
                    + classCount);
        }
        try (IdxFile imageFile = IdxFile.open(images, 3, "images [count, rows, columns]");
             IdxFile labelFile = IdxFile.open(labels, 1, "labels [count]")) {
            long imageCount = imageFile.dims[0];
            long labelCount = labelFile.dims[0];
            if (imageCount != labelCount) {
                throw new DataFormatException(images + " has " + imageCount + " images but " + labels + " has "
                        + labelCount + " labels");
            }
            if (imageCount == 0) {
                throw new DataFormatException(images + ": header declares 0 images");
            }
            if (imageFile.dims[1] == 0 || imageFile.dims[2] == 0) {
                throw new DataFormatException(images + ": header declares empty images of " + imageFile.dims[1]
                        + "x" + imageFile.dims[2] + " pixels");
            }
            byte[] pixels = readValues(imageFile);
            int[] ys = readLabels(labelFile, classCount);
            int featureCount = (int) (imageFile.dims[1] * imageFile.dims[2]);
            return Dataset.createBytes(pixels, PIXEL_STEP, ys, featureCount, Dataset.defaultClassNames(classCount));
        }
    }

    /**
     * Every value of the file, then a check that nothing follows. A plain file's length matched its header, so its
     * array is allocated at once; a gzip file's grows as its data arrives.
     */
    private static byte[] readValues(IdxFile file) throws IOException {
        int total = (int) file.values;
        byte[] values = new byte[file.gzip ? Math.min(total, GZIP_FIRST_BUFFER) : total];
        int done = 0;
        while (done < total) {
            if (done == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(total, 2L * values.length));
            }
            done += file.readFully(values, done, values.length - done, done);
        }
        file.expectEnd();
        return values;
    }

    private static int[] readLabels(IdxFile file, int classCount) throws IOException {
        byte[] bytes = readValues(file);
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int label = bytes[i] & 0xff;
            if (label >= classCount) {
                throw new DataFormatException(file.source + ": label " + label + " of item " + i
                        + " (0-based) is out of range 0.." + (classCount - 1));
            }
            labels[i] = label;
        }
        return labels;
    }

    /** An open IDX file whose header has been read and checked; the stream is at the first value. */
    private static final class IdxFile implements AutoCloseable {

        final String source;
        final long[] dims;
        final long values;
        /** Whether the file is gzip-compressed, so its header's sizes are bounded only loosely by its length. */
        final boolean gzip;
        private final InputStream in;

        private IdxFile(String source, InputStream in, long[] dims, long values, boolean gzip) {
            this.source = source;
            this.in = in;
            this.dims = dims;
            this.values = values;
            this.gzip = gzip;
        }

        static IdxFile open(Path file, int expectedDims, String what) throws IOException {
            String source = file.toString();
            long fileSize = Files.size(file);
            InputStream in = Files.newInputStream(file);
            try {
                // Inside the try: a gzip header that is corrupt fails in here and becomes a DataFormatException.
                in = Inputs.decompressing(in);
                IdxFile idx = readHeader(source, in, fileSize, in instanceof GZIPInputStream, expectedDims, what);
                in = null;
                return idx;
            } catch (IOException e) {
                DataFormatException format = e instanceof DataFormatException d ? d : Inputs.asFormatError(source, e);
                throw format != null ? format : e;
            } finally {
                if (in != null) {
                    in.close();
                }
            }
        }

        private static IdxFile readHeader(String source, InputStream in, long fileSize, boolean gzip,
                                          int expectedDims, String what) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DataFormatException(source + ": truncated: " + magic.length
                        + " bytes, but an IDX header needs at least 4");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DataFormatException(source + ": not an IDX file: magic number 0x"
                        + HexFormat.of().formatHex(magic) + " must start with two zero bytes");
            }
            int type = magic[2] & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new DataFormatException(source + ": IDX type 0x" + HexFormat.of().toHexDigits((byte) type)
                        + " (" + typeName(type) + ") is not supported; only 0x08 (unsigned byte) is");
            }
            int ndim = magic[3] & 0xff;
            if (ndim != expectedDims) {
                throw new DataFormatException(source + ": has " + ndim + " dimensions but " + what + " needs "
                        + expectedDims);
            }
            byte[] sizes = in.readNBytes(4 * ndim);
            if (sizes.length < 4 * ndim) {
                throw new DataFormatException(source + ": truncated in the header: " + ndim
                        + " dimension sizes need " + 4 * ndim + " bytes but only " + sizes.length + " follow");
            }
            long[] dims = new long[ndim];
            long values = 1;
            boolean overflow = false;
            for (int d = 0; d < ndim; d++) {
                dims[d] = ((sizes[4 * d] & 0xffL) << 24) | ((sizes[4 * d + 1] & 0xffL) << 16)
                        | ((sizes[4 * d + 2] & 0xffL) << 8) | (sizes[4 * d + 3] & 0xffL);
                if (values > MAX_VALUES || dims[d] > MAX_VALUES) {
                    overflow = true;
                } else {
                    values *= dims[d];
                }
            }
            if (overflow || values > MAX_VALUES) {
                throw new DataFormatException(source + ": header declares sizes " + Arrays.toString(dims)
                        + ", more than the maximum of " + MAX_VALUES + " values");
            }
            long expectedBytes = 4L + 4L * ndim + values;
            if (!gzip && fileSize < expectedBytes) {
                throw new DataFormatException(source + ": truncated: header declares sizes " + Arrays.toString(dims)
                        + " = " + expectedBytes + " bytes but the file has " + fileSize);
            }
            if (!gzip && fileSize > expectedBytes) {
                throw new DataFormatException(source + ": has " + (fileSize - expectedBytes)
                        + " unexpected bytes after the data declared by sizes " + Arrays.toString(dims));
            }
            if (gzip && expectedBytes > fileSize * GZIP_MAX_RATIO + 1024) {
                throw new DataFormatException(source + ": header declares sizes " + Arrays.toString(dims) + " = "
                        + expectedBytes + " bytes, more than a gzip file of " + fileSize + " bytes can hold");
            }
            return new IdxFile(source, in, dims, values, gzip);
        }

        /**
         * Reads exactly {@code n} bytes into {@code dst} from {@code off} or reports truncation after {@code done}
         * values.
         */
        int readFully(byte[] dst, int off, int n, int done) throws IOException {
            int got;
            try {
                got = in.readNBytes(dst, off, n);
            } catch (IOException e) {
                DataFormatException format = Inputs.asFormatError(source, e);
                throw format != null ? format : e;
            }
            if (got < n) {
                throw new DataFormatException(source + ": truncated: data ends after " + (done + got) + " of "
                        + values + " values declared by sizes " + Arrays.toString(dims));
            }
            return n;
        }

        void expectEnd() throws IOException {
            int next;
            try {
                next = in.read();
            } catch (IOException e) {
                DataFormatException format = Inputs.asFormatError(source, e);
                throw format != null ? format : e;
            }
            if (next != -1) {
                throw new DataFormatException(source + ": unexpected bytes after the " + values
                        + " values declared by sizes " + Arrays.toString(dims));
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown type";
        };
    }
}
