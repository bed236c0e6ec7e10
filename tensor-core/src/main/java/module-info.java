module io.github.simdnn.tensor {
    requires static jdk.incubator.vector;
    exports io.github.simdnn.tensor;
}
