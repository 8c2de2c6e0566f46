package dev.starling.node.cli;

import dev.starling.chaos.report.HtmlReport;
import dev.starling.chaos.report.ResultReader;
import dev.starling.chaos.report.ResultWriter;
import dev.starling.chaos.report.ScenarioResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code starling chaos report DIR... --out DIR}: one summary and report from the results of several runs. */
@Command(
        name = "report",
        description = "Merge the <scenario>.json results of one or more result directories into one "
                + "summary.csv, report.html and charts.")
final class ChaosReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--title", defaultValue = "Starling chaos results", paramLabel = "TEXT")
    String title;

    @Override
    public Integer call() throws Exception {
        List<ScenarioResult> results = new ResultReader().readAll(dirs);
        if (results.isEmpty()) {
            System.err.println("error: no result JSON in " + dirs);
            return ExitCodes.USAGE;
        }
        new ResultWriter().writeSummary(out, results);
        new HtmlReport()
                .write(
                        out,
                        title,
                        results,
                        "starling chaos report "
                                + String.join(
                                        " ", dirs.stream().map(Path::toString).toList()));
        System.out.println("merged " + results.size() + " results into " + out.resolve("summary.csv") + " and "
                + out.resolve("report.html"));
        return ExitCodes.OK;
    }
}
