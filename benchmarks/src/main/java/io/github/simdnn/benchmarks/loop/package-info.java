/**
 * Plain timed loops, for hosts too noisy for JMH's averages: every call is timed and the best and the median are
 * printed ({@link io.github.simdnn.benchmarks.loop.BestOfLoops}). On a shared machine the best call is what the
 * code does when the host leaves the core alone; compare two builds by running them one after the other, a few
 * times each. JMH remains the reference for the report's figures.
 */
package io.github.simdnn.benchmarks.loop;
