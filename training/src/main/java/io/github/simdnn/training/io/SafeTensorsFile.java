package io.github.simdnn.training.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Named float32 tensors and string metadata in the safetensors format, as written by Hugging Face's
 * {@code safetensors} library and read by PyTorch, NumPy, JAX and others.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8 JSON
 * {@code {"__metadata__": {"key": "value", ...}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin,
 * end]}, ...}}, padded with spaces to a multiple of 8 bytes; then the data section, each tensor's values
 * little-endian and row-major at {@code [begin, end)} relative to the start of the data section. Tensors are
 * contiguous, do not overlap and cover the data section exactly. Only dtype {@code F32} is supported.
 *
 * <p>{@link #write} replaces a file atomically ({@link AtomicFile}): it writes a temporary file in the same directory,
 * forces it to disk and renames it over the target, so a failure part-way leaves the previous file as it was and no
 * temporary file behind, and a crash leaves the previous file too (and at worst the temporary one). A symbolic link
 * at the path is replaced, not followed; a directory, device or pipe there is refused. {@link #read} validates every
 * structural rule before it allocates more than the header, and reports any violation as
 * {@link ModelFormatException}.
 */
public final class SafeTensorsFile {

    /** The name under which the header keeps the string metadata; no tensor may have it. */
    public static final String METADATA_KEY = "__metadata__";

    /** The largest header accepted, in bytes (the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Reads and validates a safetensors file.
     *
     * @throws ModelFormatException if the file is not a valid safetensors file of F32 tensors
     * @throws IOException          if it cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return SafeTensorsReader.read(file);
    }

    /**
     * Writes {@code tensors} (in the map's iteration order) and {@code metadata} to {@code file}, replacing it
     * atomically; see the class description. Each tensor's values are read once, while the file is written.
     *
     * @throws IllegalArgumentException if a name is {@value #METADATA_KEY} or the header would exceed
     *                                  {@link #MAX_HEADER_BYTES}
     * @throws IOException              if writing fails, or a directory, device or pipe is at {@code file} (a
     *                                  symbolic link there is replaced); {@code file} is then unchanged
     */
    public static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    /** @return the tensors by name, in the order of their data in the file */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** @return the string metadata ({@value #METADATA_KEY}); empty if the file has none */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * @return the tensor called {@code name}
     * @throws NoSuchElementException if there is none
     */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new NoSuchElementException("no tensor '" + name + "'; the file has " + tensors.keySet());
        }
        return tensor;
    }
}
