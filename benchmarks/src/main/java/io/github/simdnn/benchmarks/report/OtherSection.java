package io.github.simdnn.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every result no dedicated section claims (for example layer, network, training or inference benchmarks
 * added later), shown as JMH reports it: score, error and unit, the iteration spread, and for
 * {@code Mode.SampleTime} the p50 / p99 / p99.9 latencies. A suite that needs derived units (GFLOP/s,
 * samples/s from a batch size, ...) gets its own section class beside {@link GemmSection}.
 */
final class OtherSection {

    private final List<JmhResult> results = new ArrayList<>();

    OtherSection(List<JmhResult> all) {
        for (JmhResult r : all) {
            if (!GemmSection.owns(r) && !ElementwiseSection.owns(r) && !NetworkSection.owns(r)) {
                results.add(r);
            }
        }
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    void appendTo(StringBuilder out) {
        out.append("## Other benchmarks\n\n");
        MarkdownTable t = new MarkdownTable("benchmark", "params", "mode", "score", "±", "unit", "p50", "p99",
                "p99.9", "spread");
        for (JmhResult r : results) {
            Map<String, Double> pct = r.percentiles();
            t.row(r.className() + "." + r.method(),
                    r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")),
                    r.mode(), MarkdownTable.num(r.score()), MarkdownTable.num(r.error()), r.unit(),
                    percentile(r, pct, "50.0"), percentile(r, pct, "99.0"), percentile(r, pct, "99.9"),
                    MarkdownTable.percent(r.spread()));
        }
        t.appendTo(out);
    }

    private static String percentile(JmhResult r, Map<String, Double> pct, String key) {
        return r.mode().equals("sample") && pct.containsKey(key) ? MarkdownTable.num(pct.get(key)) : "–";
    }
}
