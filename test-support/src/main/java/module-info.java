/**
 * Test support shared by the modules' tests; a test-scope dependency, not part of the library: the per-thread
 * allocation counter (read from {@code com.sun.management.ThreadMXBean} reflectively, so the module requires
 * nothing) and an executor that allocates nothing per task.
 */
module io.github.simdnn.testsupport {
    exports io.github.simdnn.testsupport;
}
