package dev.starling.chaos.run;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.report.HtmlReport;
import dev.starling.chaos.report.ResultWriter;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs scenarios one after another on one backend and writes everything into one directory:
 * per scenario {@code <name>.json} and {@code <name>.csv}, then {@code summary.csv},
 * {@code report.html} and the PNG charts. Results are written as each scenario ends, so an
 * interrupted suite keeps what it measured.
 */
public final class ChaosSession {
    /** One scenario with its display label and profile. */
    public record Item(Scenario scenario, String label, String profile) {}

    private final CommandRunner runner;
    private final ChaosBackend backend;
    private final PrintStream log;
    private final ResultWriter writer = new ResultWriter();

    public ChaosSession(CommandRunner runner, ChaosBackend backend, PrintStream log) {
        this.runner = runner;
        this.backend = backend;
        this.log = log;
    }

    public List<ScenarioResult> run(List<Item> items, Path out, String title, String command)
            throws IOException, InterruptedException {
        List<ScenarioResult> results = new ArrayList<>();
        List<Item> ordered = groupedByRoom(items);
        ProgressLine progress = ProgressLine.stderr("");
        try (ScenarioRun run = new ScenarioRun(runner, backend, log, progress)) {
            for (int i = 0; i < ordered.size(); i++) {
                Item item = ordered.get(i);
                String prefix = String.format(Locale.ROOT, "[%d/%d] ", i + 1, ordered.size());
                progress.nextScenario(prefix);
                log.println(prefix + "scenario " + item.scenario().name() + ": " + item.label());
                ScenarioResult r = run.run(item.scenario(), item.label(), item.profile());
                results.add(r);
                writer.write(out, r);
                writer.writeSummary(out, results);
                log.println(prefix + summaryLine(r));
                new HtmlReport()
                        .write(out, title, results, command); // after each: an interrupted suite keeps its report
            }
        }
        log.println(
                "wrote " + out.resolve("summary.csv") + ", per-scenario JSON/CSV, report.html and charts in " + out);
        return results;
    }

    /**
     * Scenarios that can share a room ({@link RoomPlan#shareKey}) moved next to each other, in
     * the order their first member had; otherwise the given order.
     */
    static List<Item> groupedByRoom(List<Item> items) {
        java.util.Map<String, List<Item>> groups = new java.util.LinkedHashMap<>();
        for (Item item : items)
            groups.computeIfAbsent(RoomPlan.shareKey(item.scenario()), k -> new ArrayList<>())
                    .add(item);
        return groups.values().stream().flatMap(List::stream).toList();
    }

    static String summaryLine(ScenarioResult r) {
        return String.format(
                Locale.ROOT,
                "%s: %s, %d markers, p50 %s ms, p95 %s ms, max %s ms, audio gap %d ms, lost %d, concealed %d",
                r.scenario(),
                r.status(),
                r.samples(),
                ResultWriter.number(r.p50Ms()),
                ResultWriter.number(r.p95Ms()),
                ResultWriter.number(r.maxMs()),
                r.audioGapMs(),
                r.packetsLost(),
                r.concealedSamples());
    }
}
