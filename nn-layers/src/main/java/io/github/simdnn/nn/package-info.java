/** Layers, losses, sequential networks and the thread-safe predictor. One sample per column. */
package io.github.simdnn.nn;
