package io.github.simdnn.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's limits as measured by {@code shared/tools/peakflops.c} in the same session as the benchmarks:
 * lines such as {@code "fp32 FMA zmm (512b) 1 thread   best  115.20  median  114.90 GFLOP/s  (n=3)"}. The best
 * value of each figure is used, since a peak is an upper bound and noise only lowers it.
 */
public final class MachinePeak {

    private static final Pattern LINE = Pattern.compile("^(.+?)\\s+best\\s+([0-9.]+)\\s+median\\s+([0-9.]+)\\s+(\\S+).*$");

    private final Map<String, Double> best;

    private MachinePeak(Map<String, Double> best) {
        this.best = best;
    }

    /** No measurement: every figure is empty. */
    public static MachinePeak none() {
        return new MachinePeak(Map.of());
    }

    /** Parses peakflops' output; a missing or unreadable file gives {@link #none()}. */
    public static MachinePeak read(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return none();
        }
        Map<String, Double> best = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                best.put(m.group(1).trim(), Double.parseDouble(m.group(2)));
            }
        }
        return new MachinePeak(best);
    }

    /** Every figure found, by peakflops' label, with its best value. */
    public Map<String, Double> figures() {
        return best;
    }

    public boolean measured() {
        return !best.isEmpty();
    }

    /**
     * Peak FP32 GFLOP/s with {@code threads} threads: the better of the 512- and 256-bit FMA loops for one; for
     * more, the 512-bit total, or the 256-bit total when only that was measured (a build of peakflops for a CPU
     * without AVX-512, whose all-thread line reads {@code "fp32 FMA ymm 2 threads (total)"}).
     */
    public OptionalDouble gflops(int threads) {
        if (threads == 1) {
            return max(find("fp32 FMA zmm (512b) 1 thread"), find("fp32 FMA ymm (256b) 1 thread"));
        }
        OptionalDouble zmm = find("fp32 FMA zmm " + threads + " threads (total)");
        return zmm.isPresent() ? zmm : find("fp32 FMA ymm " + threads + " threads (total)");
    }

    /** STREAM-like triad bandwidth (2 reads + 1 write) in GB/s with {@code threads} threads. */
    public OptionalDouble triadGBs(int threads) {
        return find("triad a=b+s*c " + threads + " thread(s)");
    }

    /** Read-only bandwidth in GB/s with {@code threads} threads. */
    public OptionalDouble readGBs(int threads) {
        return find("read-sum " + threads + " thread(s)");
    }

    private OptionalDouble find(String label) {
        Double v = best.get(label);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static OptionalDouble max(OptionalDouble a, OptionalDouble b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalDouble.of(Math.max(a.getAsDouble(), b.getAsDouble()));
    }
}
