/**
 * Test support shared by the modules' tests; a test-scope dependency, not part of the library. Reads the
 * per-thread allocation counter of {@code com.sun.management.ThreadMXBean} reflectively, so it requires nothing.
 */
module io.github.simdnn.testsupport {
    exports io.github.simdnn.testsupport;
}
