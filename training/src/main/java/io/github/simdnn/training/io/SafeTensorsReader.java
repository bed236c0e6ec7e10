package io.github.simdnn.training.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and validates a safetensors file; nothing larger than the header is allocated before it is validated. */
final class SafeTensorsReader {

    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensorsReader() {
    }

    static SafeTensorsFile read(Path file) throws IOException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(source);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(source + ": not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < Long.BYTES) {
                throw new ModelFormatException(source + ": " + fileSize + " bytes is too short for a safetensors "
                        + "file, which starts with an 8-byte header length");
            }
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, prefix, 0, source);
            long headerLength = prefix.getLong(0);
            if (headerLength < 0 || headerLength > SafeTensorsFile.MAX_HEADER_BYTES) {
                throw new ModelFormatException(source + ": header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the maximum of " + SafeTensorsFile.MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > fileSize - Long.BYTES) {
                throw new ModelFormatException(source + ": header length " + headerLength + " exceeds the "
                        + (fileSize - Long.BYTES) + " bytes after the length prefix (truncated file?)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, Long.BYTES, source);
            long dataStart = Long.BYTES + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<SafeTensorsHeader.Entry> entries =
                    SafeTensorsHeader.decode(source, header.array(), fileSize - dataStart, metadata);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, fileSize - dataStart))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (SafeTensorsHeader.Entry entry : entries) {
                float[] values = new float[entry.size()];
                long position = dataStart + entry.begin();
                for (int done = 0; done < values.length; ) {
                    int n = Math.min(chunk.capacity() / Float.BYTES, values.length - done);
                    chunk.clear().limit(n * Float.BYTES);
                    readFully(channel, chunk, position, source);
                    chunk.flip();
                    chunk.asFloatBuffer().get(values, done, n);
                    done += n;
                    position += (long) n * Float.BYTES;
                }
                tensors.put(entry.name(), new ArrayTensor(values, 0, entry.shape(), values.length));
            }
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    /** Fills {@code buffer} from {@code position}; a file that shrank meanwhile is reported as truncated. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String source)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new ModelFormatException(source + ": truncated: ended at byte " + at + " while reading");
            }
            at += n;
        }
    }
}
