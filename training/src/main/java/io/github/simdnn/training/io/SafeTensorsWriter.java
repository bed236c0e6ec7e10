package io.github.simdnn.training.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a safetensors file atomically: temporary file in the same directory, fsync, rename. */
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

        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean created = false;
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                created = true;
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(header.length).flip();
                writeFully(channel, buffer);
                writeFully(channel, ByteBuffer.wrap(header));
                float[] chunk = new float[CHUNK_FLOATS];
                for (int t = 0; t < sources.size(); t++) {
                    writeTensor(channel, sources.get(t), entries.get(t).size(), buffer, chunk);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(directory);
        } catch (IOException e) {
            // The bare exceptions do not say which model failed (a full disk is just "No space left on device") or
            // name only the temporary file.
            throw new IOException("cannot write " + target + ": " + reason(e, directory), e);
        } finally {
            if (created && !moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static String reason(IOException e, Path directory) {
        if (e instanceof NoSuchFileException && !Files.isDirectory(directory)) {
            return "directory " + directory + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void writeTensor(FileChannel channel, Tensor tensor, int size, ByteBuffer buffer, float[] chunk)
            throws IOException {
        for (int from = 0; from < size; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, size - from);
            tensor.copyTo(from, chunk, 0, n);
            buffer.clear();
            buffer.asFloatBuffer().put(chunk, 0, n);
            buffer.limit(n * Float.BYTES);
            writeFully(channel, buffer);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory; elsewhere a no-op. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform or file system; the file itself is already on disk.
        }
    }
}
