package dev.starling.chaos.pumba;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A command line to start {@code at} after the scenario begins, tied to its scenario line. */
public record TimedCommand(Duration at, List<String> argv, int scenarioLine) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*}");

    public TimedCommand {
        argv = List.copyOf(argv);
    }

    /** The line as a POSIX shell would need it; variables stay expandable, everything else literal. */
    public String shell() {
        return argv.stream().map(TimedCommand::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (PLAIN.matcher(arg).matches()) return arg;
        if (VARIABLE.matcher(arg).matches()) return "\"" + arg + "\"";
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
