package io.github.simdnn.training.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Writes a safetensors file atomically ({@link AtomicFile}). */
final class SafeTensorsWriter {

    /** Floats converted per chunk while streaming a tensor to the file. */
    private static final int CHUNK_FLOATS = 1 << 14;

    private SafeTensorsWriter() {
    }

    static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<SafeTensorsHeader.Entry> entries = new ArrayList<>(tensors.size());
        List<Tensor> sources = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Tensor tensor = Objects.requireNonNull(e.getValue(), () -> "tensor '" + name + "'");
            if (name.equals(SafeTensorsFile.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be called " + SafeTensorsFile.METADATA_KEY);
            }
            int[] shape = tensor.shape();
            long size = ArrayTensor.elementCount(shape);
            if (size != tensor.size()) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                        + " = " + size + " elements but size() " + tensor.size());
            }
            long end = offset + size * Float.BYTES;
            entries.add(new SafeTensorsHeader.Entry(name, shape, (int) size, offset, end));
            sources.add(tensor);
            offset = end;
        }
        metadata.forEach((k, v) -> {
            Objects.requireNonNull(k, "metadata key");
            Objects.requireNonNull(v, () -> "metadata '" + k + "'");
        });
        byte[] header = SafeTensorsHeader.encode(entries, metadata);
        if (header.length > SafeTensorsFile.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + header.length + " bytes, more than the "
                    + SafeTensorsFile.MAX_HEADER_BYTES + " readers accept");
        }

        try {
            AtomicFile.write(file, channel -> {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(header.length).flip();
                writeFully(channel, buffer);
                writeFully(channel, ByteBuffer.wrap(header));
                float[] chunk = new float[CHUNK_FLOATS];
                for (int t = 0; t < sources.size(); t++) {
                    writeTensor(channel, sources.get(t), entries.get(t).size(), buffer, chunk);
                }
            });
        } catch (IOException e) {
            throw AtomicFile.failure(file, e);
        }
    }

    private static void writeTensor(WritableByteChannel channel, Tensor tensor, int size, ByteBuffer buffer,
                                    float[] chunk) throws IOException {
        for (int from = 0; from < size; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, size - from);
            tensor.copyTo(from, chunk, 0, n);
            buffer.clear();
            buffer.asFloatBuffer().put(chunk, 0, n);
            buffer.limit(n * Float.BYTES);
            writeFully(channel, buffer);
        }
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
