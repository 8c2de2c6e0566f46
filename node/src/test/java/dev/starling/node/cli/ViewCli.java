package dev.starling.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs `starling view` in-process with a chosen Chromium binary, keeping what it printed. */
final class ViewCli {
    private StringWriter out = new StringWriter();
    private StringWriter errors = new StringWriter();

    int run(Path chromium, String... args) {
        out = new StringWriter();
        errors = new StringWriter();
        CommandLine cli = StarlingCommand.commandLine();
        cli.setErr(new PrintWriter(errors));
        cli.setOut(new PrintWriter(out));
        ((ViewCommand) cli.getSubcommands().get("view").getCommand()).chromium = chromium;
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String errors() {
        return errors.toString();
    }
}
