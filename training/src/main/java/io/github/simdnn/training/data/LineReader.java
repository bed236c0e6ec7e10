package io.github.simdnn.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text lines ending in {@code \n} or {@code \r\n}. Lines are split on the byte {@code '\n'} (which never
 * occurs inside a multi-byte UTF-8 sequence) and decoded one by one, so invalid UTF-8 is reported with its line
 * number; a line longer than a limit is refused before it is buffered, so a binary or hostile file cannot make the
 * reader grow without bound.
 */
final class LineReader {

    private final InputStream in;
    private final String source;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private byte[] line = new byte[256];
    private int position;
    private int limit;
    private int lineNumber;

    LineReader(InputStream in, String source, int maxLineBytes) {
        this.in = in;
        this.source = source;
        this.maxLineBytes = maxLineBytes;
    }

    /** @return the 1-based number of the line last returned by {@link #readLine()} */
    int lineNumber() {
        return lineNumber;
    }

    /** @return the next line without its terminator, or {@code null} at the end of the input */
    String readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(length) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int n = position - start;
            if (length + n > maxLineBytes) {
                throw new DataFormatException(source + ": row " + (lineNumber + 1) + " is longer than "
                        + maxLineBytes + " bytes; is this a text file?");
            }
            if (length + n > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(length + n, Math.min(2 * line.length, maxLineBytes)));
            }
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            if (position < limit) {
                position++;
                return finish(length);
            }
        }
    }

    private String finish(int length) throws DataFormatException {
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source + ": row " + lineNumber + " is not valid UTF-8 text", e);
        }
    }
}
