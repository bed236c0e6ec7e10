package io.github.simdnn.benchmarks.report;

import io.github.simdnn.benchmarks.ElementwiseBenchmark;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The element-wise part of the report: {@code ElementwiseBenchmark} calls/s converted to elements/s
 * ({@code × size}) and GB/s ({@code × size × bytes per element}, see
 * {@link ElementwiseBenchmark#BYTES_PER_ELEMENT}), compared with the memory bandwidth measured in the same
 * session, and the vector path's speed-up over the scalar one; plus a chart of GB/s against size.
 */
final class ElementwiseSection {

    static final String CLASS = "ElementwiseBenchmark";
    private static final String SCALAR_SUFFIX = "Scalar";
    private static final long L1 = 32 * 1024;
    private static final long L2 = 1024 * 1024;
    private static final long L3 = 32 * 1024 * 1024;

    private record Point(String op, boolean scalar, long size, JmhResult result) {
        double elementsPerSecond() {
            return result.opsPerSecond() * size;
        }

        double gbPerSecond() {
            return elementsPerSecond() * bytesPerElement(op) / 1e9;
        }
    }

    private final List<Point> points = new ArrayList<>();
    private final MachinePeak peak;

    ElementwiseSection(List<JmhResult> results, MachinePeak peak) {
        this.peak = peak;
        for (JmhResult r : results) {
            if (owns(r)) {
                String method = r.method();
                boolean scalar = method.endsWith(SCALAR_SUFFIX);
                String op = scalar ? method.substring(0, method.length() - SCALAR_SUFFIX.length()) : method;
                points.add(new Point(op, scalar, Long.parseLong(r.param("size")), r));
            }
        }
        points.sort(Comparator.comparing(Point::op).thenComparingLong(Point::size).thenComparing(Point::scalar));
    }

    static boolean owns(JmhResult r) {
        return r.className().equals(CLASS);
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    private static int bytesPerElement(String op) {
        Integer bytes = ElementwiseBenchmark.BYTES_PER_ELEMENT.get(op);
        if (bytes == null) {
            throw new IllegalStateException("ElementwiseBenchmark.BYTES_PER_ELEMENT has no entry for '" + op + "'");
        }
        return bytes;
    }

    /** Where the arrays a call touches fit: bytes moved per call against this machine's cache sizes. */
    private static String level(Point p) {
        long bytes = p.size() * bytesPerElement(p.op());
        return bytes <= L1 ? "L1" : bytes <= L2 ? "L2" : bytes <= L3 ? "L3" : "memory";
    }

    /** The bandwidth this op's traffic compares with: read-only for row sums, the triad otherwise. */
    private OptionalDouble bandwidth(String op) {
        return op.equals("rowSums") ? peak.readGBs(1) : peak.triadGBs(1);
    }

    void appendTo(StringBuilder out, Path dir) {
        out.append("## Element-wise kernels (1 thread)\n\n");
        out.append("Elements/s = JMH calls/s × size; GB/s = elements/s × minimum bytes moved per element (4 per float "
                + "read + 4 per float written: ");
        ElementwiseBenchmark.BYTES_PER_ELEMENT.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append('`').append(e.getKey()).append("` ").append(e.getValue()).append(" B, "));
        out.setLength(out.length() - 2);
        out.append("). \"vector\" is the public `Ops` call, \"scalar\" simdnn's scalar kernels on the same data. "
                + "% of memory bandwidth compares with peakflops' single-thread triad (read-sum for `rowSums`); it "
                + "is meaningful beyond the caches (level \"memory\"), where the kernels should run at bandwidth. The triad "
                + "figure counts 12 B per element (2 reads, 1 write) while the hardware also reads the written line "
                + "(write-allocate), so an in-place update such as `addColumn`, which needs no write-allocate, can exceed "
                + "100 %.\n\n");
        Map<String, Double> scalarRate = new HashMap<>();
        for (Point p : points) {
            if (p.scalar()) {
                scalarRate.put(p.op() + "/" + p.size(), p.elementsPerSecond());
            }
        }
        MarkdownTable t = new MarkdownTable("op", "elements", "level", "path", "Gelem/s", "GB/s",
                "% of memory bandwidth", "vector ÷ scalar", "spread");
        for (Point p : points) {
            Double scalar = scalarRate.get(p.op() + "/" + p.size());
            t.row(p.op(), p.size(), level(p), p.scalar() ? "scalar" : "vector",
                    MarkdownTable.num(p.elementsPerSecond() / 1e9), MarkdownTable.num(p.gbPerSecond()),
                    MarkdownTable.percent(p.gbPerSecond(), bandwidth(p.op())),
                    p.scalar() || scalar == null ? "–" : MarkdownTable.times(p.elementsPerSecond() / scalar),
                    MarkdownTable.percent(p.result().spread()));
        }
        t.appendTo(out);
        try {
            if (chart(dir.resolve("elementwise.png"))) {
                out.append("![Element-wise: GB/s against size](elementwise.png)\n\n");
            }
        } catch (IOException | RuntimeException e) {
            out.append("(chart elementwise.png could not be drawn: ").append(e).append(")\n\n");
        }
    }

    private boolean chart(Path png) throws IOException {
        Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        for (Point p : points) {
            series.computeIfAbsent(p.op() + (p.scalar() ? " (scalar)" : " (vector)"), s -> new TreeMap<>())
                    .put(p.size(), p.gbPerSecond());
        }
        if (series.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title("Element-wise kernels, 1 thread: GB/s (minimum traffic) against elements per call")
                .xAxisTitle("elements per call").yAxisTitle("GB/s").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Map.Entry<String, TreeMap<Long, Double>> s : series.entrySet()) {
            min = Math.min(min, s.getValue().firstKey());
            max = Math.max(max, s.getValue().lastKey());
            chart.addSeries(s.getKey(), s.getValue().keySet().stream().mapToDouble(Long::doubleValue).toArray(),
                    s.getValue().values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        OptionalDouble triad = peak.triadGBs(1);
        if (triad.isPresent()) {
            XYSeries line = chart.addSeries("memory triad, 1 thread", new double[] {min, Math.max(max, min + 1)},
                    new double[] {triad.getAsDouble(), triad.getAsDouble()});
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setMarker(SeriesMarkers.NONE);
        }
        String base = png.toString();
        BitmapEncoder.saveBitmap(chart, base.substring(0, base.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
