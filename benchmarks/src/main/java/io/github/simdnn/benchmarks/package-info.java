/** JMH benchmarks. */
package io.github.simdnn.benchmarks;
