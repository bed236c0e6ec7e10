package io.github.simdnn.training.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files that may be gzip-compressed, recognised by the gzip magic bytes rather than the name. */
final class Inputs {

    /** The first two bytes of every gzip member (RFC 1952). */
    static final int GZIP_MAGIC_0 = 0x1f;
    static final int GZIP_MAGIC_1 = 0x8b;

    private static final int BUFFER = 1 << 16;

    private Inputs() {
    }

    /**
     * Wraps {@code raw} so it reads decompressed bytes if it starts with the gzip magic, else the bytes as they are.
     * The caller closes the returned stream, which closes {@code raw}.
     */
    static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
    }

    /** Peeks at the first two bytes of {@code in} (which supports mark/reset) without consuming them. */
    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
    }

    /** A decompression failure as a format error naming the source, or {@code null} if {@code e} is not one. */
    static DataFormatException asFormatError(String source, IOException e) {
        if (e instanceof ZipException) {
            return new DataFormatException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        if (e instanceof EOFException) {
            return new DataFormatException(source + ": truncated (unexpected end of data)", e);
        }
        return null;
    }
}
