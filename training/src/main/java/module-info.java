/** Optimizers, the training loop, data loaders, model files and the command-line trainer. */
module io.github.simdnn.training {
    requires transitive io.github.simdnn.nn;
    requires com.fasterxml.jackson.databind;
    // The command-line trainer's libraries: optional, so that library users of this module do not get them.
    requires static info.picocli;
    requires static me.tongfei.progressbar;
    requires static org.knowm.xchart;
    requires static java.desktop;
    exports io.github.simdnn.training;
    exports io.github.simdnn.training.data;
    exports io.github.simdnn.training.io;
    // Not exported: the command-line trainer. picocli reads and sets its option fields by reflection.
    opens io.github.simdnn.training.cli to info.picocli;
}
