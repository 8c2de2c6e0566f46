package dev.starling.chaos.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart (headless, no display needed) and encoded as PNG. */
public final class LatencyCharts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** p50 (solid) and p95 (dashed) one-way latency vs mixers, one colour per profile; null if no suite rows. */
    public XYChart latencyVsMixers(List<ScenarioResult> results) {
        Map<String, TreeMap<Integer, ScenarioResult>> byProfile = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            if (!r.scenario().equals(r.profile() + "-" + r.mixers() + "-mixers") || r.samples() == 0) continue;
            byProfile.computeIfAbsent(r.profile(), k -> new TreeMap<>()).put(r.mixers(), r);
        }
        if (byProfile.isEmpty()) return null;
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Audio one-way latency vs mixers")
                .xAxisTitle("mixers in the room (2 clients + M)")
                .yAxisTitle("latency, ms")
                .build();
        style(chart);
        chart.getStyler().setXAxisDecimalPattern("0");
        java.awt.Color[] palette = chart.getStyler().getSeriesColors();
        int[] next = {0};
        byProfile.forEach((profile, rows) -> {
            java.awt.Color colour = palette[next[0]++ % palette.length]; // p50 and p95 of a profile share it
            List<Double> x = new ArrayList<>(), p50 = new ArrayList<>(), p95 = new ArrayList<>();
            rows.forEach((m, r) -> {
                x.add((double) m);
                p50.add(r.p50Ms());
                p95.add(r.p95Ms());
            });
            XYSeries s = chart.addSeries(profile + " p50", x, p50);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            XYSeries s95 = chart.addSeries(profile + " p95", x, p95);
            s95.setMarker(SeriesMarkers.NONE);
            s95.setLineStyle(new java.awt.BasicStroke(
                    1.5f,
                    java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {6f, 4f},
                    0f));
            s95.setLineColor(colour);
        });
        return chart;
    }

    /** Cumulative distribution of every result's window samples; null if none has samples. */
    public XYChart cdf(String title, List<ScenarioResult> results) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("one-way latency, ms")
                .yAxisTitle("fraction of markers")
                .build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        boolean any = false;
        for (ScenarioResult r : results) {
            if (r.cdf().isEmpty()) continue;
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (double[] p : r.cdf()) {
                x.add(p[0]);
                y.add(p[1]);
            }
            chart.addSeries(r.scenario(), x, y).setMarker(SeriesMarkers.NONE);
            any = true;
        }
        return any ? chart : null;
    }

    /** Live p50 over the run with the faults' moments in the title; null without points. */
    public XYChart live(ScenarioResult r) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (double[] p : r.live()) {
            if (Double.isNaN(p[1])) continue;
            x.add(p[0]);
            y.add(p[1]);
        }
        if (x.isEmpty()) return null;
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(300)
                .title(r.scenario() + ": latency over time")
                .xAxisTitle("seconds into the scenario")
                .yAxisTitle("p50 of the last second, ms")
                .build();
        style(chart);
        chart.addSeries(r.from() + " -> " + r.to(), x, y).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
    }

    public static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
