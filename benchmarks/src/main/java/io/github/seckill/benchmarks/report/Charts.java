package io.github.seckill.benchmarks.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws {@link ChartSpec}s from a run's results as PNG files, with XChart. */
public final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private Charts() {
    }

    /**
     * Draws every chart whose benchmark has results.
     *
     * @param specs the charts
     * @param measurements the run's JMH results
     * @param figures the run's figures by id (for the ceilings)
     * @param directory where to write them
     * @return the file names written
     * @throws IOException if a file cannot be written
     */
    public static List<String> draw(
            List<ChartSpec> specs, Collection<Measurement> measurements, Map<String, Figure> figures, Path directory)
            throws IOException {
        List<String> written = new ArrayList<>();
        for (ChartSpec spec : specs) {
            Optional<XYChart> chart = chart(spec, measurements, figures);
            if (chart.isPresent()) {
                try (OutputStream out = Files.newOutputStream(directory.resolve(spec.file()))) {
                    BitmapEncoder.saveBitmap(chart.get(), out, BitmapEncoder.BitmapFormat.PNG);
                }
                written.add(spec.file());
            }
        }
        return written;
    }

    /**
     * @param spec the chart
     * @param measurements the run's JMH results
     * @param figures the run's figures by id
     * @return the chart, empty when its benchmark has no results
     */
    static Optional<XYChart> chart(ChartSpec spec, Collection<Measurement> measurements, Map<String, Figure> figures) {
        // line name -> x -> y
        Map<String, TreeMap<Double, Double>> lines = new TreeMap<>();
        for (Measurement m : measurements) {
            if (!m.benchmark().equals(spec.benchmark())) {
                continue;
            }
            Optional<Double> x = m.param(spec.x()).map(Double::parseDouble);
            Optional<Metric> y = m.metric(spec.metric());
            if (x.isEmpty() || y.isEmpty()) {
                continue;
            }
            String name = spec.series().stream().map(p -> m.param(p).orElse("?")).collect(Collectors.joining(" "));
            lines.computeIfAbsent(name, k -> new TreeMap<>()).merge(x.get(), y.get().score(), Math::max);
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);

        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (Map.Entry<String, TreeMap<Double, Double>> line : lines.entrySet()) {
            TreeMap<Double, Double> points = line.getValue();
            minX = Math.min(minX, points.firstKey());
            maxX = Math.max(maxX, points.lastKey());
            chart.addSeries(line.getKey(), toArray(points.keySet()), toArray(points.values()));
        }
        for (Map.Entry<String, String> series : new TreeMap<>(spec.ceilingSeries()).entrySet()) {
            TreeMap<Double, Double> points = new TreeMap<>();
            figures.forEach((id, f) -> {
                if (id.startsWith(series.getValue())) {
                    try {
                        points.put(Double.parseDouble(id.substring(series.getValue().length())), f.value());
                    } catch (NumberFormatException e) {
                        // not a concurrency-level figure
                    }
                }
            });
            if (!points.isEmpty()) {
                XYSeries s = chart.addSeries("ceiling: " + series.getKey(), toArray(points.keySet()),
                        toArray(points.values()));
                s.setLineStyle(dashed());
            }
        }
        if (minX == maxX) {
            maxX = minX * 2;
        }
        for (String id : spec.ceilingLines()) {
            Figure f = figures.get(id);
            if (f != null && f.value() > 0) {
                XYSeries s = chart.addSeries("ceiling: " + f.label(), new double[] {minX, maxX},
                        new double[] {f.value(), f.value()});
                s.setLineStyle(dashed());
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        return Optional.of(chart);
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static double[] toArray(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
