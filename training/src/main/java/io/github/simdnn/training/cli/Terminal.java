package io.github.simdnn.training.cli;

import java.io.Console;

/** Whether standard output is an interactive terminal (then progress is drawn as a bar in place). */
final class Terminal {

    private Terminal() {
    }

    static boolean isInteractive() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
