/**
 * Layers, losses, sequential networks and the thread-safe predictor on tensor-core. The API is the package
 * {@code io.github.simdnn.nn}; {@code io.github.simdnn.nn.internal} holds implementation helpers and is not exported.
 */
module io.github.simdnn.nn {
    requires transitive io.github.simdnn.tensor;
    exports io.github.simdnn.nn;
}
