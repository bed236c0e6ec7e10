package io.github.simdnn.training.io;

import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.SoftmaxCrossEntropy;
import io.github.simdnn.training.data.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files are data only: loading one never loads, initializes or instantiates a class it names, whatever the
 * metadata says. Class names in the structural metadata (architecture, normalization, tensor names) are rejected
 * as unknown values; in free-form metadata (info, class names) they stay plain strings. And no source file of the
 * library uses Java serialization or another way to turn data into code.
 */
class NoCodeFromDataTest {

    /** Counts initializations of {@link Canary}; a loader that did Class.forName(name) on a file's text would. */
    static final AtomicInteger CANARY_INITIALIZED = new AtomicInteger();

    /** A class whose name the hostile files carry; it must never be initialized or instantiated. */
    public static final class Canary {
        static {
            CANARY_INITIALIZED.incrementAndGet();
        }

        public Canary() {
            CANARY_INITIALIZED.incrementAndGet();
        }
    }

    private static final String CANARY = Canary.class.getName(); // a class literal does not initialize the class

    @TempDir
    Path dir;

    private Map<String, Tensor> tensors;
    private Map<String, String> metadata;

    /** A valid two-class model's tensors and metadata, to be edited by each case. */
    private void validModel() throws IOException {
        Network network = Network.builder(3).dense(2).softmax().seed(4).build(new SoftmaxCrossEntropy(), 1);
        Path file = dir.resolve("valid.safetensors");
        ModelFile.save(file, new SavedModel(network, Normalization.identity(3), List.of("a", "b"), Map.of()));
        SafeTensorsFile contents = SafeTensorsFile.read(file);
        tensors = new LinkedHashMap<>(contents.tensors());
        metadata = new LinkedHashMap<>(contents.metadata());
    }

    private Path write(Consumer<Map<String, Tensor>> editTensors, Consumer<Map<String, String>> editMetadata)
            throws IOException {
        validModel();
        editTensors.accept(tensors);
        editMetadata.accept(metadata);
        Path file = dir.resolve("hostile.safetensors");
        SafeTensorsFile.write(file, tensors, metadata);
        return file;
    }

    private void assertRejected(Consumer<Map<String, Tensor>> editTensors, Consumer<Map<String, String>> editMetadata,
                                String expected) throws IOException {
        Path file = write(editTensors, editMetadata);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file, 1));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    private static Consumer<Map<String, String>> replace(String key, String from, String to) {
        return m -> m.put(key, m.get(key).replace(from, to));
    }

    @Test
    void classNamesInStructuralMetadataAreRejectedAsUnknownValues() throws IOException {
        Consumer<Map<String, Tensor>> keep = t -> { };
        assertRejected(keep, replace(ModelFile.ARCHITECTURE, "{\"input_size\"", "{\"@class\":\"" + CANARY
                + "\",\"input_size\""), "architecture must have exactly the fields");
        assertRejected(keep, replace(ModelFile.ARCHITECTURE, "\"type\":\"softmax\"", "\"type\":\"" + CANARY + "\""),
                "unknown layer type \"" + CANARY + "\"");
        assertRejected(keep, replace(ModelFile.ARCHITECTURE, "softmax_cross_entropy", CANARY),
                "unknown loss \"" + CANARY + "\"");
        assertRejected(keep, replace(ModelFile.NORMALIZATION, "\"none\"", "\"" + CANARY + "\""),
                "unknown normalization '" + CANARY + "'");
        assertRejected(keep, replace(ModelFile.NORMALIZATION, "{\"kind\"", "{\"@type\":\"" + CANARY + "\",\"kind\""),
                "unknown field '@type'");
        assertRejected(t -> t.put(CANARY, Tensor.of(new float[] {1}, 1)), m -> { },
                "unexpected tensor '" + CANARY + "'");
        assertEquals(0, CANARY_INITIALIZED.get(), "no class named by a file was initialized");
    }

    @Test
    void classNamesAndSerializedObjectsInFreeFormMetadataStayStrings() throws IOException {
        // "rO0AB" is the base64 of a Java serialization stream's magic bytes AC ED 00 05.
        String serialized = "rO0ABXNyAA" + CANARY;
        Path file = write(t -> { }, m -> {
            m.put(ModelFile.CLASS_NAMES, "[\"" + CANARY + "\",\"java.lang.Runtime\"]");
            m.put("class", CANARY);
            m.put("@type", CANARY);
            m.put("payload", serialized);
        });
        SavedModel model = ModelFile.load(file, 1);
        assertEquals(List.of(CANARY, "java.lang.Runtime"), model.classNames());
        assertEquals(Map.of("class", CANARY, "@type", CANARY, "payload", serialized), model.info());
        assertEquals(0, CANARY_INITIALIZED.get(), "no class named by a file was initialized");
    }

    /** Ways to turn data into code; none may appear in the library's (main) sources. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "ObjectInputStream|ObjectOutputStream|readObject\\s*\\(|readResolve\\s*\\(|Externalizable"
                    + "|implements[^{]*\\bSerializable\\b|XMLDecoder|enableDefaultTyping|activateDefaultTyping"
                    + "|JsonTypeInfo|ScriptEngine|URLClassLoader|defineClass|Runtime\\.getRuntime\\(\\)\\.exec"
                    + "|Class\\.forName\\s*\\(|\\.newInstance\\s*\\(");

    /**
     * The one reflective load in the library: tensor-core picks its Vector API kernels by a constant class name,
     * so that it still loads without jdk.incubator.vector.
     */
    private static final String ALLOWED = "tensor-core/src/main/java/io/github/simdnn/tensor/internal/Implementations.java:"
            + "return (KernelProvider) Class.forName(VECTOR_PROVIDER).getConstructor().newInstance();";

    @Test
    void noSourceFileOfTheLibraryDeserializesOrLoadsClassesByName() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> modules = List.of("tensor-core", "nn-layers", "training", "benchmarks");
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        for (String module : modules) {
            Path sources = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(sources), "sources of " + module + " at " + sources);
            List<Path> files;
            try (Stream<Path> s = Files.walk(sources)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : files) {
                scanned++;
                List<String> lines = Files.readAllLines(file);
                for (String line : lines) {
                    Matcher m = FORBIDDEN.matcher(line);
                    String where = root.relativize(file).toString().replace('\\', '/') + ":" + line.strip();
                    if (m.find() && !where.equals(ALLOWED)) {
                        violations.add(where);
                    }
                }
            }
        }
        assertTrue(scanned > 50, "scanned " + scanned + " source files");
        assertEquals(List.of(), violations);
    }
}
