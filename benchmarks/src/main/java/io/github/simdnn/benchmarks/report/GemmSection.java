package io.github.simdnn.benchmarks.report;

import io.github.simdnn.benchmarks.support.GemmProblem;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The GEMM part of the report: {@code GemmBenchmark} (simdnn) and {@code GemmBaselineBenchmark} results
 * converted to GFLOP/s ({@code ops/s · 2·m·n·k / 1e9}), as a fraction of the FMA peak for the same number of
 * threads, and as ratios to the baselines measured on the same problem; plus one chart per layout of GFLOP/s
 * against the size of square problems.
 */
final class GemmSection {

    static final String SIMDNN = "GemmBenchmark";
    static final String BASELINE = "GemmBaselineBenchmark";

    /** Baseline method → display name, in table order. */
    private static final Map<String, String> BASELINES = new LinkedHashMap<>();

    static {
        BASELINES.put("scalarKernel", "simdnn scalar kernels");
        BASELINES.put("ejml", "EJML");
        BASELINES.put("naive", "naive i-j-k loop");
    }

    private static final Comparator<GemmProblem> ORDER = Comparator
            .comparing(GemmProblem::layout)
            .thenComparing(p -> !p.square())
            .thenComparingDouble(GemmProblem::flops)
            .thenComparing(GemmProblem::spec);

    private record Point(GemmProblem problem, JmhResult result, double gflops) {
        double errorGflops() {
            return result.perSecond(result.error()) * problem.flops() / 1e9;
        }
    }

    private final List<Point> simdnn = new ArrayList<>();
    private final Map<String, Map<String, Point>> baselines = new LinkedHashMap<>(); // method → spec → point
    private final MachinePeak peak;

    GemmSection(List<JmhResult> results, MachinePeak peak) {
        this.peak = peak;
        for (JmhResult r : results) {
            if (r.className().equals(SIMDNN)) {
                simdnn.add(point(r, r.param("problem")));
            } else if (r.className().equals(BASELINE)) {
                baselines.computeIfAbsent(r.method(), m -> new LinkedHashMap<>())
                        .put(r.param("baselineProblem"), point(r, r.param("baselineProblem")));
            }
        }
        simdnn.sort(Comparator.comparing(Point::problem, ORDER)
                .thenComparingInt(p -> Integer.parseInt(p.result().param("threads"))));
    }

    static boolean owns(JmhResult r) {
        return r.className().equals(SIMDNN) || r.className().equals(BASELINE);
    }

    private static Point point(JmhResult r, String spec) {
        GemmProblem p = GemmProblem.parse(spec);
        return new Point(p, r, r.opsPerSecond() * p.flops() / 1e9);
    }

    boolean isEmpty() {
        return simdnn.isEmpty() && baselines.isEmpty();
    }

    /** Writes the tables, draws the charts into {@code dir} and links them. */
    void appendTo(StringBuilder out, Path dir) {
        out.append("## GEMM\n\n");
        out.append("`C = op(A)·op(B)` (alpha 1, beta 0), float32, row-major. Problems are `layout:M×K×N` (or `layout:n` "
                + "for M = K = N); N/T say whether A and B are used as stored or transposed. GFLOP/s = JMH ops/s × "
                + "2·M·N·K / 1e9. % of peak: against the FP32 FMA peak with the same number of threads, measured by "
                + "peakflops in this session. Ratios divide simdnn's GFLOP/s (at its thread count) by a single-thread "
                + "baseline on the same problem and inputs. Spread: (max − min) / median of the measured iterations.\n\n");
        if (!simdnn.isEmpty()) {
            MarkdownTable t = new MarkdownTable("problem", "M×K×N", "threads", "GFLOP/s", "±", "% of peak",
                    "vs 1 thread", "vs scalar kernels", "vs EJML", "vs naive", "spread");
            Map<String, Double> oneThread = new TreeMap<>();
            for (Point p : simdnn) {
                if (p.result().param("threads").equals("1")) {
                    oneThread.put(p.problem().spec(), p.gflops());
                }
            }
            for (Point p : simdnn) {
                int threads = Integer.parseInt(p.result().param("threads"));
                Double single = oneThread.get(p.problem().spec());
                t.row(p.problem().spec(), shape(p.problem()), threads, MarkdownTable.num(p.gflops()),
                        MarkdownTable.num(p.errorGflops()),
                        MarkdownTable.percent(p.gflops(), peak.gflops(threads)),
                        threads == 1 || single == null ? "–" : MarkdownTable.times(p.gflops() / single),
                        ratio(p, "scalarKernel"), ratio(p, "ejml"), ratio(p, "naive"),
                        MarkdownTable.percent(p.result().spread()));
            }
            out.append("### simdnn `Blas.sgemm`\n\n");
            t.appendTo(out);
        }
        if (!baselines.isEmpty()) {
            MarkdownTable t = new MarkdownTable("problem", "M×K×N", "implementation", "GFLOP/s", "±",
                    "% of 1-core peak", "spread");
            List<Point> all = new ArrayList<>();
            baselines.values().forEach(m -> all.addAll(m.values()));
            all.sort(Comparator.comparing(Point::problem, ORDER)
                    .thenComparing(p -> List.copyOf(BASELINES.keySet()).indexOf(p.result().method())));
            for (Point p : all) {
                t.row(p.problem().spec(), shape(p.problem()), BASELINES.getOrDefault(p.result().method(), p.result().method()),
                        MarkdownTable.num(p.gflops()), MarkdownTable.num(p.errorGflops()),
                        MarkdownTable.percent(p.gflops(), peak.gflops(1)), MarkdownTable.percent(p.result().spread()));
            }
            out.append("### Baselines (1 thread)\n\n");
            t.appendTo(out);
        }
        for (String layout : List.of("NN", "NT", "TN", "TT")) {
            String file = "gemm-" + layout.toLowerCase(Locale.ROOT) + ".png";
            try {
                if (chart(layout, dir.resolve(file))) {
                    out.append("![GEMM ").append(layout).append(": GFLOP/s against size](").append(file).append(")\n\n");
                }
            } catch (IOException | RuntimeException e) {
                out.append("(chart ").append(file).append(" could not be drawn: ").append(e).append(")\n\n");
            }
        }
    }

    private String ratio(Point p, String baseline) {
        Point b = baselines.getOrDefault(baseline, Map.of()).get(p.problem().spec());
        return b == null ? "–" : MarkdownTable.times(p.gflops() / b.gflops());
    }

    private static String shape(GemmProblem p) {
        return p.m() + "×" + p.k() + "×" + p.n();
    }

    /** Draws GFLOP/s against n for the square problems of one layout; false if there are fewer than one. */
    private boolean chart(String layout, Path png) throws IOException {
        Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
        for (Point p : simdnn) {
            if (p.problem().square() && p.problem().layout().equals(layout)) {
                series.computeIfAbsent("simdnn, " + p.result().param("threads") + " thread(s)", s -> new TreeMap<>())
                        .put(p.problem().m(), p.gflops());
            }
        }
        for (Map.Entry<String, String> b : BASELINES.entrySet()) {
            for (Point p : baselines.getOrDefault(b.getKey(), Map.of()).values()) {
                if (p.problem().square() && p.problem().layout().equals(layout)) {
                    series.computeIfAbsent(b.getValue(), s -> new TreeMap<>()).put(p.problem().m(), p.gflops());
                }
            }
        }
        if (series.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title("sgemm " + layout + " (square, M = K = N): GFLOP/s against N")
                .xAxisTitle("N").yAxisTitle("GFLOP/s").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        int minN = Integer.MAX_VALUE;
        int maxN = Integer.MIN_VALUE;
        for (Map.Entry<String, TreeMap<Integer, Double>> s : series.entrySet()) {
            TreeMap<Integer, Double> points = s.getValue();
            minN = Math.min(minN, points.firstKey());
            maxN = Math.max(maxN, points.lastKey());
            chart.addSeries(s.getKey(), points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    points.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (int threads : new int[] {1, 2}) {
            OptionalDouble limit = peak.gflops(threads);
            if (limit.isPresent()) {
                double v = limit.getAsDouble();
                XYSeries line = chart.addSeries("FMA peak, " + threads + " core(s)",
                        new double[] {minN, Math.max(maxN, minN + 1)}, new double[] {v, v});
                line.setLineStyle(SeriesLines.DASH_DASH);
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        String base = png.toString();
        BitmapEncoder.saveBitmap(chart, base.substring(0, base.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
