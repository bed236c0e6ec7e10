/** Layers, losses and networks on tensor-core. */
module io.github.simdnn.nn {
    requires transitive io.github.simdnn.tensor;
    // exports io.github.simdnn.nn;  (enable with the first class)
}
