/** Optimizers and the training loop. */
package io.github.simdnn.training;
