/** Optimizers, the training loop, data loaders, model files and the command-line trainer. */
module io.github.simdnn.training {
    requires transitive io.github.simdnn.nn;
    requires com.fasterxml.jackson.databind;
    requires static info.picocli;
    exports io.github.simdnn.training;
    exports io.github.simdnn.training.data;
    exports io.github.simdnn.training.io;
}
