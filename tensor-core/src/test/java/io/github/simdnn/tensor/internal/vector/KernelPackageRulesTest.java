package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
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
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The two rules that keep the Vector API kernels on C2's intrinsics, checked by reflection over every class
 * compiled into this package (so a new kernel class is covered as soon as it exists). Breaking either made
 * kernels run the API's allocating Java fallbacks for the rest of a run (docs/performance.md, "Allocation"):
 * <ul>
 *   <li>One species per element type: a second {@code FloatVector} shape puts a second class into the type
 *       profiles all float kernels share (see {@link VectorCrossEntropy}). Checked on every static constant that
 *       is, or holds, a species: species, vectors, masks, shuffles and arrays of them (null constants, which mark
 *       a kernel that does not run on this machine, aside).</li>
 *   <li>No method takes or returns a vector, mask or shuffle: a call C2 does not inline passes it boxed (see
 *       {@link Lanes}).</li>
 * </ul>
 * Species used only inside a method body, never stored, are not visible here; the package keeps its species in
 * constants.
 */
class KernelPackageRulesTest {

    @Test
    void eachElementTypeHasOneSpecies() throws Exception {
        Map<String, Set<String>> byType = new TreeMap<>();
        List<String> fields = new ArrayList<>();
        for (Class<?> type : packageClasses()) {
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !holdsSpecies(f.getType())) {
                    continue;
                }
                f.setAccessible(true);
                String name = type.getSimpleName() + "." + f.getName();
                fields.add(name);
                for (VectorSpecies<?> species : speciesOf(f.get(null))) {
                    byType.computeIfAbsent(species.elementType().getName(), k -> new TreeSet<>())
                            .add(species + " (" + name + ")");
                }
            }
        }
        // The kernels' own constants must have been found, or the scan saw nothing.
        assertTrue(fields.containsAll(List.of("MicroKernels.S", "VectorCrossEntropy.D", "Lanes.FOLDS")),
                "constants found: " + fields);
        for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
            long distinct = e.getValue().stream().map(s -> s.substring(0, s.indexOf(" ("))).distinct().count();
            assertEquals(1, distinct, "species of " + e.getKey() + ": " + e.getValue());
        }
    }

    @Test
    void noMethodTakesOrReturnsAVector() throws Exception {
        List<String> offenders = new ArrayList<>();
        int methods = 0;
        for (Class<?> type : packageClasses()) {
            for (Method m : type.getDeclaredMethods()) {
                if (m.isSynthetic()) {
                    continue;        // lambdas and bridges: none takes a vector today, and javac names them
                }
                methods++;
                boolean bad = isVectorType(m.getReturnType());
                for (Class<?> p : m.getParameterTypes()) {
                    bad |= isVectorType(p);
                }
                if (bad) {
                    offenders.add(m.toString());
                }
            }
        }
        assertTrue(methods > 100, "methods scanned: " + methods);
        assertEquals(List.of(), offenders, "methods that pass a vector, mask or shuffle across a call");
    }

    private static boolean isVectorType(Class<?> t) {
        Class<?> c = t.isArray() ? t.getComponentType() : t;
        return Vector.class.isAssignableFrom(c) || VectorMask.class.isAssignableFrom(c)
                || VectorShuffle.class.isAssignableFrom(c);
    }

    private static boolean holdsSpecies(Class<?> t) {
        Class<?> c = t.isArray() ? t.getComponentType() : t;
        return VectorSpecies.class.isAssignableFrom(c) || isVectorType(c);
    }

    /** The species of a constant: itself, a vector's, a mask's or a shuffle's, or each array element's. */
    private static List<VectorSpecies<?>> speciesOf(Object value) {
        List<VectorSpecies<?>> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.addAll(speciesOf(Array.get(value, i)));
            }
        } else if (value instanceof VectorSpecies<?> s) {
            out.add(s);
        } else if (value instanceof Vector<?> v) {
            out.add(v.species());
        } else if (value instanceof VectorMask<?> m) {
            out.add(m.vectorSpecies());
        } else if (value instanceof VectorShuffle<?> s) {
            out.add(s.vectorSpecies());
        }
        return out;
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
