/**
 * JMH benchmarks of simdnn, each against baselines measured in the same run; run them with
 * {@code benchmarks/run.sh quick|full|smoke} (see {@code benchmarks/README.md}).
 *
 * <h2>Adding a benchmark (layers, network, training, inference)</h2>
 * Follow the conventions of {@link io.github.simdnn.benchmarks.GemmBenchmark}:
 * <ul>
 *   <li>{@code @Fork(jvmArgsAppend = {Jvm.VECTOR_MODULE, Jvm.HEAP_MIN, Jvm.HEAP_MAX})} and
 *       {@link io.github.simdnn.benchmarks.support.Jvm#requireVectorKernels()} in {@code @Setup}, so no fork
 *       measures the scalar fallback by accident;</li>
 *   <li>inputs from {@link io.github.simdnn.benchmarks.support.Inputs} (fixed seeds), built in
 *       {@code @Setup(Level.Trial)}; threads from {@link io.github.simdnn.benchmarks.support.CallerThreads},
 *       closed in {@code @TearDown};</li>
 *   <li>verify the measured code's result once in {@code @Setup} against an independent reference, and
 *       return or sink every result;</li>
 *   <li>give parameters names of their own (not {@code problem} or {@code size}) unless the run script should
 *       set them together with the existing suites' ({@code -p name=...} applies to every benchmark that has
 *       the parameter);</li>
 *   <li>add the benchmark's regular expression and parameters to the modes of {@code run.sh}; results without a
 *       dedicated report section appear in the report's generic table (score, unit, spread and for
 *       {@code Mode.SampleTime} p50/p99/p99.9); a suite with derived units adds a section class in
 *       {@code io.github.simdnn.benchmarks.report}.</li>
 * </ul>
 */
package io.github.simdnn.benchmarks;
