package dev.starling.chaos.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * One self-contained {@code report.html} (charts embedded as base64 PNG, no external files or
 * scripts) plus the charts as separate PNGs for the README: {@code latency-vs-mixers.png},
 * {@code latency-cdf.png}.
 */
public final class HtmlReport {
    private final LatencyCharts charts = new LatencyCharts();

    /** @return the files written */
    public List<Path> write(Path dir, String title, List<ScenarioResult> results, String command) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title>\n")
                .append(
                        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(".bad{color:#b00}</style></head><body>\n<h1>")
                .append(esc(title))
                .append("</h1>\n")
                .append("<p>Command: <code>")
                .append(esc(command))
                .append("</code></p>\n");
        if (!results.isEmpty())
            html.append("<p>Machine load at the end: <code>")
                    .append(esc(results.get(results.size() - 1).load()))
                    .append("</code></p>\n");
        html.append(table(results));

        XYChart vsMixers = charts.latencyVsMixers(results);
        if (vsMixers != null)
            written.add(chart(dir, "latency-vs-mixers.png", vsMixers, html, "Latency vs number of mixers"));
        XYChart cdf = charts.cdf("Latency CDF per scenario", results);
        if (cdf != null) written.add(chart(dir, "latency-cdf.png", cdf, html, "Latency CDFs"));
        for (ScenarioResult r : results) {
            XYChart live = charts.live(r);
            if (live != null) {
                html.append("<h3>").append(esc(r.scenario())).append("</h3>\n<p>");
                r.events().forEach(e -> html.append(esc(e)).append("<br>"));
                html.append("</p>\n").append(img(LatencyCharts.png(live)));
            }
        }
        html.append("</body></html>\n");
        Path report = dir.resolve("report.html");
        Files.writeString(report, html.toString(), StandardCharsets.UTF_8);
        written.add(report);
        return written;
    }

    private static Path chart(Path dir, String name, XYChart chart, StringBuilder html, String heading)
            throws IOException {
        byte[] png = LatencyCharts.png(chart);
        Path file = dir.resolve(name);
        Files.write(file, png);
        html.append("<h2>").append(esc(heading)).append("</h2>\n").append(img(png));
        return file;
    }

    private static String img(byte[] png) {
        return "<img alt=\"chart\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">\n";
    }

    static String table(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder(
                "<table>\n<tr><th>scenario</th><th>mixers</th><th>hops</th><th>samples</th>"
                        + "<th>p50 ms</th><th>p95 ms</th><th>max ms</th><th>packets lost</th><th>concealed</th>"
                        + "<th>audio gap ms</th><th>elections</th><th>room recovered ms</th><th>roles</th><th>status</th></tr>\n");
        for (ScenarioResult r : results) {
            t.append("<tr><td>")
                    .append(esc(r.scenario()))
                    .append("</td><td>")
                    .append(r.mixers())
                    .append("</td><td>")
                    .append(r.hops() == null ? "" : r.hops())
                    .append("</td><td>")
                    .append(r.samples())
                    .append("</td><td>")
                    .append(ResultWriter.number(r.p50Ms()))
                    .append("</td><td>")
                    .append(ResultWriter.number(r.p95Ms()))
                    .append("</td><td>")
                    .append(ResultWriter.number(r.maxMs()))
                    .append("</td><td>")
                    .append(r.packetsLost())
                    .append("</td><td>")
                    .append(r.concealedSamples())
                    .append("</td><td>")
                    .append(r.audioGapMs())
                    .append("</td><td>")
                    .append(r.elections().size())
                    .append("</td><td>")
                    .append(r.roomRecoveredMs() == null ? "" : r.roomRecoveredMs())
                    .append("</td><td>")
                    .append(esc(roles(r.roles())))
                    .append("</td><td")
                    .append(r.ok() ? ">" : " class=\"bad\">")
                    .append(esc(r.status()))
                    .append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String roles(Map<String, String> roles) {
        StringBuilder s = new StringBuilder();
        new java.util.TreeMap<>(roles)
                .forEach((k, v) -> s.append(s.length() == 0 ? "" : " ")
                        .append(k)
                        .append('=')
                        .append(v));
        return s.toString();
    }

    public static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
