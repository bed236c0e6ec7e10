package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * Every species constant of this package, per element type, is the same species (null constants, which mark a
 * kernel that does not run on this machine, aside). A second float shape in the process puts a second vector class
 * into the type profiles that all float kernels share, and C2 then compiles kernels with type switches whose paths
 * run the Vector API's allocating Java fallbacks (see {@link VectorCrossEntropy}). The check reads the static
 * {@code VectorSpecies} fields of every class compiled into this package, so a new kernel class is covered as soon
 * as it exists.
 */
class OneSpeciesPerElementTypeTest {

    @Test
    void eachElementTypeHasOneSpecies() throws Exception {
        Map<String, Set<String>> byType = new TreeMap<>();
        List<String> fields = new ArrayList<>();
        for (Class<?> type : packageClasses()) {
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !VectorSpecies.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                f.setAccessible(true);
                VectorSpecies<?> species = (VectorSpecies<?>) f.get(null);
                fields.add(type.getSimpleName() + "." + f.getName());
                if (species != null) {
                    byType.computeIfAbsent(species.elementType().getName(), k -> new TreeSet<>())
                            .add(species + " (" + type.getSimpleName() + "." + f.getName() + ")");
                }
            }
        }
        // The kernels' own constants must have been found, or the scan saw nothing.
        assertTrue(fields.contains("MicroKernels.S") && fields.contains("VectorCrossEntropy.D"),
                "species constants found: " + fields);
        for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
            long distinct = e.getValue().stream().map(s -> s.substring(0, s.indexOf(" ("))).distinct().count();
            assertEquals(1, distinct, "species of " + e.getKey() + ": " + e.getValue());
        }
    }

    /** The classes (nested ones included) compiled into this package's directory of the test class path. */
    private static List<Class<?>> packageClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(MicroKernels.class.getResource("MicroKernels.class").toURI()).getParent();
        String pkg = MicroKernels.class.getPackageName();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                classes.add(Class.forName(pkg + "." + simple, false, MicroKernels.class.getClassLoader()));
            }
        }
        return classes;
    }
}
