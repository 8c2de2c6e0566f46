package dev.starling.chaos.pumba;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pumba's documented command line, written down as a checker (docs/network-chaos.md and
 * docs/guide.md of alexei-led/pumba, plus the flag types of its cmd/*.go): global options come
 * before the command; netem options before the netem sub-command; containers last, as names, a
 * {@code re2:} regex or a shell variable. Returns the problems found, empty when valid.
 */
final class PumbaSyntax {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+");
    private static final Pattern INT = Pattern.compile("\\d+");
    private static final Pattern FLOAT = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern RATE = Pattern.compile("\\d+(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)");
    private static final Pattern IP_OR_CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?");
    private static final Pattern IFACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9.:_-]*");
    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*}");
    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]+");

    private static final Map<String, Pattern> NETEM_FLAGS = Map.of(
            "--duration",
            GO_DURATION,
            "--interface",
            IFACE,
            "--target",
            IP_OR_CIDR,
            "--tc-image",
            Pattern.compile("[a-z0-9./:_-]+"));
    private static final Map<String, Map<String, Pattern>> NETEM_SUB = Map.of(
            "delay",
                    Map.of(
                            "--time",
                            INT,
                            "--jitter",
                            INT,
                            "--correlation",
                            FLOAT,
                            "--distribution",
                            Pattern.compile("uniform|normal|pareto|paretonormal")),
            "loss", Map.of("--percent", FLOAT, "--correlation", FLOAT),
            "loss-state", Map.of("--p13", FLOAT, "--p31", FLOAT, "--p32", FLOAT, "--p23", FLOAT, "--p14", FLOAT),
            "loss-gemodel", Map.of("--pg", FLOAT, "--pb", FLOAT, "--one-h", FLOAT, "--one-k", FLOAT),
            "rate", Map.of("--rate", RATE, "--packetoverhead", INT, "--cellsize", INT, "--celloverhead", INT),
            "duplicate", Map.of("--percent", FLOAT, "--correlation", FLOAT),
            "corrupt", Map.of("--percent", FLOAT, "--correlation", FLOAT));
    private static final Map<String, Map<String, Pattern>> COMMANDS = Map.of(
            "pause", Map.of("--duration", GO_DURATION),
            "kill", Map.of("--signal", SIGNAL, "--limit", INT),
            "stop", Map.of("--time", INT, "--limit", INT, "--duration", GO_DURATION));
    private static final Set<String> BOOLEAN_FLAGS = Set.of("--restart");

    private PumbaSyntax() {}

    static List<String> problems(List<String> argv) {
        List<String> out = new ArrayList<>();
        if (argv.isEmpty() || !argv.get(0).equals("pumba")) {
            out.add("not a pumba command");
            return out;
        }
        int i = 1;
        if (i >= argv.size()) {
            out.add("no command");
            return out;
        }
        String command = argv.get(i++);
        if (command.equals("netem")) {
            i = flags(argv, i, NETEM_FLAGS, Set.of(), out);
            if (!argv.subList(1, i).contains("--duration")) out.add("netem needs --duration");
            if (i >= argv.size() || !NETEM_SUB.containsKey(argv.get(i))) {
                out.add("unknown netem sub-command at " + i);
                return out;
            }
            String sub = argv.get(i++);
            i = flags(argv, i, NETEM_SUB.get(sub), Set.of(), out);
        } else if (COMMANDS.containsKey(command)) {
            i = flags(argv, i, COMMANDS.get(command), BOOLEAN_FLAGS, out);
            if (command.equals("pause") && !argv.contains("--duration")) out.add("pause needs --duration");
            if (command.equals("stop") && argv.contains("--duration") && !argv.contains("--restart")) {
                out.add("stop --duration only works with --restart");
            }
        } else {
            out.add("unknown command " + command);
            return out;
        }
        if (i >= argv.size()) out.add("no target containers");
        for (String c : argv.subList(Math.min(i, argv.size()), argv.size())) {
            boolean ok = CONTAINER.matcher(c).matches()
                    || VARIABLE.matcher(c).matches()
                    || (c.startsWith("re2:") && compiles(c.substring(4)));
            if (!ok) out.add("bad container argument " + c);
        }
        return out;
    }

    private static int flags(
            List<String> argv, int i, Map<String, Pattern> allowed, Set<String> booleans, List<String> out) {
        while (i < argv.size() && argv.get(i).startsWith("--")) {
            String flag = argv.get(i);
            if (booleans.contains(flag)) {
                i++;
                continue;
            }
            Pattern p = allowed.get(flag);
            if (p == null) out.add("flag " + flag + " not accepted here");
            if (i + 1 >= argv.size()) {
                out.add(flag + " has no value");
                return i + 1;
            }
            String value = argv.get(i + 1);
            if (p != null && !p.matcher(value).matches()) out.add(flag + " value '" + value + "' does not match " + p);
            i += 2;
        }
        return i;
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
