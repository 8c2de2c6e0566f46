package dev.starling.chaos.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.report.HtmlReport;
import dev.starling.chaos.report.LatencyCharts;
import dev.starling.chaos.report.ResultWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The study's files: {@code study.json} (every run and the summary), {@code runs.csv} (a row per
 * run and peer class), {@code summary.csv} (a row per arm, class and figure) and a self-contained
 * {@code report.html} whose charts are also written as PNGs. The command keeps every lab's own
 * report beside them, in {@code runs/}.
 */
public final class StudyFiles {
    /** The charts, one per figure: the arms side by side, a bar per peer class. */
    private static final List<Figure> CHARTED =
            List.of(Figure.AUDIO_P50, Figure.AUDIBLE, Figure.FPS, Figure.UPLOAD, Figure.CPU);

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @return the files written */
    public List<Path> write(Path dir, String command, List<RunDigest> runs, List<String> failures, StudySummary summary)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(
                write(dir.resolve("study.json"), json.writeValueAsString(toJson(command, runs, failures, summary))));
        written.add(write(dir.resolve("runs.csv"), runsCsv(runs, summary.room())));
        written.add(write(dir.resolve("summary.csv"), summaryCsv(summary)));
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Election study</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}.bad{color:#b00}</style>")
                .append("</head><body>\n<h1>Election study</h1>\n<p>Command: <code>")
                .append(HtmlReport.esc(command))
                .append("</code></p>\n<p>Peer classes, strongest first: ")
                .append(HtmlReport.esc(String.join(", ", summary.room().strongestFirst())))
                .append(". A pair counts for its receiver's class. Each cell: the median over the arm's runs, and")
                .append(" their range.</p>\n")
                .append(picksHtml(summary))
                .append(comparisonsHtml(summary));
        for (Figure f : CHARTED) {
            byte[] png = LatencyCharts.png(chart(summary, f));
            Path file = dir.resolve(f.key() + ".png");
            Files.write(file, png);
            written.add(file);
            html.append("<h2>")
                    .append(HtmlReport.esc(f.title()))
                    .append("</h2>\n<img alt=\"")
                    .append(HtmlReport.esc(f.title()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png))
                    .append("\">\n")
                    .append(table(summary, f));
        }
        for (Figure f : Figure.values()) {
            if (!CHARTED.contains(f)) {
                html.append("<h2>")
                        .append(HtmlReport.esc(f.title()))
                        .append("</h2>\n")
                        .append(table(summary, f));
            }
        }
        html.append("</body></html>\n");
        written.add(write(dir.resolve("report.html"), html.toString()));
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    ObjectNode toJson(String command, List<RunDigest> runs, List<String> failures, StudySummary summary) {
        ObjectNode root = json.createObjectNode();
        root.put("command", command);
        failures.forEach(root.putArray("failed_runs")::add);
        root.putArray("classes")
                .addAll(summary.room().strongestFirst().stream()
                        .map(json.getNodeFactory()::textNode)
                        .toList());
        ArrayNode runList = root.putArray("runs");
        for (RunDigest run : runs) {
            ObjectNode r = runList.addObject();
            r.put("repeat", run.repeat()).put("arm", run.arm().label());
            run.mixers().forEach(r.putArray("mixers")::add);
            run.ranking().forEach(r.putArray("ranking")::add);
            ObjectNode classes = r.putObject("classes");
            for (String c : summary.room().strongestFirst()) {
                ObjectNode figures = classes.putObject(c);
                for (Figure f : Figure.values()) {
                    putNumber(figures, f.key(), run.figure(c, f));
                }
            }
        }
        ObjectNode arms = root.putObject("summary");
        for (StudyArm arm : summary.arms()) {
            ObjectNode classes = arms.putObject(arm.label());
            for (String c : summary.room().strongestFirst()) {
                ObjectNode figures = classes.putObject(c);
                for (Figure f : Figure.values()) {
                    StudySummary.Spread s = summary.spread(arm, c, f);
                    ObjectNode cell = figures.putObject(f.key());
                    putNumber(cell, "median", s.median());
                    putNumber(cell, "min", s.min());
                    putNumber(cell, "max", s.max());
                    cell.put("runs", s.runs());
                }
            }
        }
        ArrayNode picks = root.putArray("strong_peers_elected");
        for (StudySummary.Picks p : summary.picks()) {
            picks.addObject()
                    .put("arm", p.arm().label())
                    .put("runs", p.strong())
                    .put("of", p.runs());
        }
        ArrayNode comparisons = root.putArray("weakest_class_vs_baselines");
        for (StudySummary.Comparison c : summary.comparisons()) {
            ObjectNode o = comparisons
                    .addObject()
                    .put("arm", c.arm().label())
                    .put("baseline", c.baseline().label())
                    .put("figure", c.figure().key());
            putNumber(o, "margin", c.margin());
            putNumber(o, "spread", c.spread());
            o.put("holds", c.holds());
        }
        return root;
    }

    private static void putNumber(ObjectNode into, String key, double value) {
        if (Double.isNaN(value)) {
            into.putNull(key);
        } else {
            into.put(key, Math.round(value * 100) / 100.0);
        }
    }

    static String runsCsv(List<RunDigest> runs, PeerClasses room) {
        StringBuilder csv = new StringBuilder("repeat,arm,mixers,class");
        for (Figure f : Figure.values()) {
            csv.append(',').append(f.key());
        }
        csv.append('\n');
        for (RunDigest run : runs) {
            for (String c : room.strongestFirst()) {
                csv.append(run.repeat())
                        .append(',')
                        .append(run.arm().label())
                        .append(',')
                        .append(String.join(
                                " ", run.mixers().stream().map(k -> "peer" + k).toList()))
                        .append(',')
                        .append(c);
                for (Figure f : Figure.values()) {
                    csv.append(',').append(ResultWriter.number(run.figure(c, f)));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    static String summaryCsv(StudySummary summary) {
        StringBuilder csv = new StringBuilder("arm,class,figure,median,min,max,runs\n");
        for (StudyArm arm : summary.arms()) {
            for (String c : summary.room().strongestFirst()) {
                for (Figure f : Figure.values()) {
                    StudySummary.Spread s = summary.spread(arm, c, f);
                    csv.append(arm.label()).append(',').append(c).append(',').append(f.key());
                    csv.append(',').append(ResultWriter.number(s.median()));
                    csv.append(',').append(ResultWriter.number(s.min()));
                    csv.append(',').append(ResultWriter.number(s.max()));
                    csv.append(',').append(s.runs()).append('\n');
                }
            }
        }
        return csv.toString();
    }

    private static String picksHtml(StudySummary summary) {
        StringBuilder html = new StringBuilder();
        for (StudySummary.Picks p : summary.picks()) {
            html.append("<p>")
                    .append(p.arm().label())
                    .append(": the strong peers (")
                    .append(HtmlReport.esc(summary.room().strongest()))
                    .append(") elected in ")
                    .append(p.strong())
                    .append(" of ")
                    .append(p.runs())
                    .append(" runs.</p>\n");
        }
        return html.toString();
    }

    private static String comparisonsHtml(StudySummary summary) {
        if (summary.comparisons().isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>The weakest peers (")
                .append(HtmlReport.esc(summary.room().weakest()))
                .append(") under the elected mixers</h2>\n<table><tr><th>arm</th><th>against</th><th>figure</th>")
                .append("<th>better by</th><th>run-to-run spread</th><th>beyond the spread</th></tr>\n");
        for (StudySummary.Comparison c : summary.comparisons()) {
            html.append("<tr><td>")
                    .append(c.arm().label())
                    .append("</td><td>")
                    .append(c.baseline().label())
                    .append("</td><td>")
                    .append(HtmlReport.esc(c.figure().title()))
                    .append("</td><td>")
                    .append(ResultWriter.number(c.margin()))
                    .append("</td><td>")
                    .append(ResultWriter.number(c.spread()))
                    .append("</td><td")
                    .append(c.holds() ? ">yes" : " class=\"bad\">no")
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static String table(StudySummary summary, Figure figure) {
        StringBuilder html = new StringBuilder("<table><tr><th>arm</th>");
        for (String c : summary.room().strongestFirst()) {
            html.append("<th>").append(HtmlReport.esc(c)).append("</th>");
        }
        html.append("</tr>\n");
        for (StudyArm arm : summary.arms()) {
            html.append("<tr><td>").append(arm.label()).append("</td>");
            for (String c : summary.room().strongestFirst()) {
                StudySummary.Spread s = summary.spread(arm, c, figure);
                html.append("<td>");
                if (s.runs() > 0) {
                    html.append(ResultWriter.number(s.median()))
                            .append(" (")
                            .append(ResultWriter.number(s.min()))
                            .append("–")
                            .append(ResultWriter.number(s.max()))
                            .append(")");
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static CategoryChart chart(StudySummary summary, Figure figure) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(400)
                .title(figure.title() + ", median over runs")
                .xAxisTitle("arm")
                .yAxisTitle(figure.title())
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> arms = summary.arms().stream().map(StudyArm::label).toList();
        for (String c : summary.room().strongestFirst()) {
            List<Double> medians = summary.arms().stream()
                    .map(arm -> summary.spread(arm, c, figure).median())
                    .map(v -> Double.isNaN(v) ? 0.0 : v)
                    .toList();
            chart.addSeries(c, arms, medians);
        }
        return chart;
    }
}
