package dev.starling.chaos.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a scenario's {@code faults}. Apart from the rest of the file because faults are where
 * most of the checking is: each action's fields follow Pumba's and tc's own limits (whole
 * milliseconds, seconds, signal names) so that every scenario can also be replayed by the
 * {@code pumba} backend, and targets, groups and timing are checked against the declared nodes
 * and the scenario's duration, each error at its own source mark.
 */
final class FaultParser {
    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]+");
    private static final Set<String> ACTIONS = Set.of(
            "delay",
            "loss",
            "loss-state",
            "loss-gemodel",
            "rate",
            "duplicate",
            "corrupt",
            "reorder",
            "pause",
            "kill",
            "stop",
            "partition");

    private final NodeIds nodes;

    /** @param nodes the scenario's nodes, which targets and partition groups must name */
    FaultParser(NodeIds nodes) {
        this.nodes = nodes;
    }

    /** The faults at the cursors, in order, for a scenario lasting {@code scenarioDuration}. */
    List<Fault> faults(List<YamlCursor> cursors, Duration scenarioDuration) {
        List<Fault> faults = new ArrayList<>();
        for (YamlCursor fc : cursors) faults.add(fault(fc, scenarioDuration));
        checkReorderHasDelay(faults, cursors);
        return faults;
    }

    private Fault fault(YamlCursor c, Duration scenarioDuration) {
        Set<String> allowed = new HashSet<>(ACTIONS);
        allowed.addAll(Set.of("start", "duration", "target"));
        var f = c.fields(allowed);
        List<String> given = ACTIONS.stream().filter(f::has).sorted().toList();
        if (given.size() != 1) {
            throw c.error(
                    given.isEmpty()
                            ? "a fault needs one action: "
                                    + ACTIONS.stream().sorted().toList()
                            : "one action per fault, got " + given);
        }
        String keyword = given.get(0);
        YamlCursor actionCursor = f.values().get(keyword);
        FaultAction action = action(keyword, actionCursor);

        Duration start = f.required("start").duration();
        Optional<YamlCursor> durationCursor = f.optional("duration");
        Duration duration = durationCursor.map(YamlCursor::duration).orElse(Duration.ZERO);
        boolean instant = (action instanceof FaultAction.Kill k && !k.restart())
                || (action instanceof FaultAction.Stop s && !s.restart());
        if (!instant && duration.isZero()) {
            throw durationCursor
                    .map(dc -> dc.error("must be longer than zero"))
                    .orElseGet(() -> f.required("duration").error("unreachable"));
        }
        if (instant && !duration.isZero()) {
            throw durationCursor
                    .get()
                    .error("a " + keyword + " without restart is instantaneous; add restart: true or drop duration");
        }
        if (start.plus(duration).compareTo(scenarioDuration) > 0) {
            throw (durationCursor.isPresent() ? durationCursor.get() : f.required("start"))
                    .error("fault ends at " + Quantities.formatDuration(start.plus(duration))
                            + ", after the scenario's " + Quantities.formatDuration(scenarioDuration));
        }

        Target target;
        if (action instanceof FaultAction.Partition) {
            if (f.has("target")) throw f.required("target").error("a partition's groups are its target; remove target");
            target = new Target.All();
        } else {
            target = target(f.required("target"));
            if (action instanceof FaultAction.Process && target instanceof Target.Links) {
                throw f.required("target").error(keyword + " acts on nodes, not links");
            }
        }
        return new Fault(start, duration, target, action, c.line());
    }

    private FaultAction action(String keyword, YamlCursor c) {
        return switch (keyword) {
            case "delay" -> delay(c);
            case "loss" -> {
                var f = c.fields(Set.of("percent", "correlation"));
                yield new FaultAction.Loss(f.required("percent").percent(), correlation(f));
            }
            case "loss-state" -> {
                var f = c.fields(Set.of("p13", "p31", "p32", "p23", "p14"));
                // Defaults are Pumba's flag defaults, so a scenario and its pumba command agree.
                double p13 = f.required("p13").percent();
                double p31 = f.optional("p31").map(YamlCursor::percent).orElse(100.0);
                double p32 = f.optional("p32").map(YamlCursor::percent).orElse(0.0);
                double p23 = f.optional("p23").map(YamlCursor::percent).orElse(100.0);
                double p14 = f.optional("p14").map(YamlCursor::percent).orElse(0.0);
                if (p13 + p14 > 100) throw c.error("p13 + p14 exceed 100% (both leave state 1)");
                if (p31 + p32 > 100) throw c.error("p31 + p32 exceed 100% (both leave state 3)");
                yield new FaultAction.LossState(p13, p31, p32, p23, p14);
            }
            case "loss-gemodel" -> {
                var f = c.fields(Set.of("pg", "pb", "one-h", "one-k"));
                yield new FaultAction.LossGemodel(
                        f.required("pg").percent(),
                        f.optional("pb").map(YamlCursor::percent).orElse(100.0),
                        f.optional("one-h").map(YamlCursor::percent).orElse(100.0),
                        f.optional("one-k").map(YamlCursor::percent).orElse(0.0));
            }
            case "rate" -> {
                var f = c.fields(Set.of("rate"));
                yield new FaultAction.Rate(f.required("rate").rate());
            }
            case "duplicate" -> {
                var f = c.fields(Set.of("percent", "correlation"));
                yield new FaultAction.Duplicate(f.required("percent").percent(), correlation(f));
            }
            case "corrupt" -> {
                var f = c.fields(Set.of("percent", "correlation"));
                yield new FaultAction.Corrupt(f.required("percent").percent(), correlation(f));
            }
            case "reorder" -> {
                var f = c.fields(Set.of("percent", "correlation", "gap"));
                int gap = f.optional("gap")
                        .map(g -> (int) g.integer(1, 1_000_000))
                        .orElse(1);
                yield new FaultAction.Reorder(f.required("percent").percent(), correlation(f), gap);
            }
            case "pause" -> {
                c.fields(Set.of());
                yield new FaultAction.Pause();
            }
            case "kill" -> {
                var f = c.fields(Set.of("signal", "restart"));
                String signal = f.optional("signal").map(YamlCursor::text).orElse("SIGKILL");
                if (!SIGNAL.matcher(signal).matches())
                    throw f.required("signal").error("expected a signal name like SIGKILL");
                yield new FaultAction.Kill(
                        signal, f.optional("restart").map(YamlCursor::bool).orElse(false));
            }
            case "stop" -> {
                var f = c.fields(Set.of("grace", "restart"));
                int grace = f.optional("grace").map(FaultParser::wholeSeconds).orElse(5);
                yield new FaultAction.Stop(
                        grace, f.optional("restart").map(YamlCursor::bool).orElse(false));
            }
            case "partition" -> partition(c);
            default -> throw c.error("unknown action " + keyword);
        };
    }

    private FaultAction.Delay delay(YamlCursor c) {
        var f = c.fields(Set.of("time", "jitter", "correlation", "distribution"));
        Duration time = wholeMillis(f.required("time"));
        Duration jitter = f.optional("jitter").map(this::wholeMillis).orElse(Duration.ZERO);
        Optional<Distribution> distribution = Optional.empty();
        Optional<YamlCursor> dc = f.optional("distribution");
        if (dc.isPresent()) {
            String t = dc.get().text();
            distribution = Optional.of(Distribution.fromNetemName(t)
                    .orElseThrow(() -> dc.get()
                            .error("unknown distribution '" + t
                                    + "'; expected uniform, normal, pareto or paretonormal")));
            if (jitter.isZero()) throw dc.get().error("a distribution shapes the jitter; set jitter too");
        }
        double correlation = correlation(f);
        if (correlation > 0 && jitter.isZero())
            throw f.required("correlation").error("correlation applies to jitter; set jitter too");
        return new FaultAction.Delay(time, jitter, correlation, distribution);
    }

    /** Pumba's --time/--jitter are integer milliseconds; finer values could not be replayed there. */
    private Duration wholeMillis(YamlCursor c) {
        Duration d = c.duration();
        if (d.toNanos() % 1_000_000 != 0) throw c.error("use whole milliseconds (Pumba and tc take ms)");
        return d;
    }

    /** Pumba's stop --time takes whole seconds. */
    private static int wholeSeconds(YamlCursor c) {
        Duration d = c.duration();
        if (d.toMillis() % 1000 != 0) throw c.error("use whole seconds (Pumba's stop --time takes seconds)");
        return (int) d.toSeconds();
    }

    private static double correlation(YamlCursor.Fields f) {
        return f.optional("correlation").map(YamlCursor::percent).orElse(0.0);
    }

    private FaultAction.Partition partition(YamlCursor c) {
        var f = c.fields(Set.of("groups"));
        YamlCursor gc = f.required("groups");
        List<List<String>> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlCursor group : gc.sequence()) {
            List<String> members = new ArrayList<>();
            for (YamlCursor mc : group.sequence()) {
                String id = nodes.known(mc);
                if (!seen.add(id)) throw mc.error("'" + id + "' is in two groups");
                members.add(id);
            }
            if (members.isEmpty()) throw group.error("a group needs at least one node");
            groups.add(members);
        }
        if (groups.size() < 2) throw gc.error("a partition needs at least two groups");
        return new FaultAction.Partition(groups);
    }

    private Target target(YamlCursor c) {
        List<YamlCursor> items = c.isScalar() ? List.of(c) : c.sequence();
        if (items.isEmpty()) throw c.error("target list is empty");
        List<String> ids = new ArrayList<>();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<Target.Link> links = new ArrayList<>();
        for (YamlCursor ic : items) {
            String t = ic.text().trim();
            if (t.equals("all")) {
                if (items.size() > 1) throw ic.error("'all' cannot be combined with other targets");
                return new Target.All();
            }
            if (t.contains("->")) {
                String[] ends = t.split("->", -1);
                if (ends.length != 2) throw ic.error("a link is written from->to");
                String from = nodes.known(ic, ends[0].trim());
                String to = nodes.known(ic, ends[1].trim());
                if (from.equals(to)) throw ic.error("a link needs two different nodes");
                links.add(new Target.Link(from, to));
            } else {
                Optional<Role> role = Role.fromYaml(t);
                if (role.isPresent()) roles.add(role.get());
                else ids.add(nodes.known(ic, t));
            }
        }
        if (!links.isEmpty() && (!ids.isEmpty() || !roles.isEmpty())) {
            throw c.error("links and nodes cannot be mixed in one target; use two faults");
        }
        return links.isEmpty() ? new Target.Nodes(ids, roles) : new Target.Links(links);
    }

    /** netem only reorders by letting some packets skip a delay, so a delay must be running. */
    private static void checkReorderHasDelay(List<Fault> faults, List<YamlCursor> cursors) {
        for (int i = 0; i < faults.size(); i++) {
            Fault r = faults.get(i);
            if (!(r.action() instanceof FaultAction.Reorder)) continue;
            boolean covered = faults.stream()
                    .anyMatch(d -> d.action() instanceof FaultAction.Delay
                            && d.target().equals(r.target())
                            && d.start().compareTo(r.start()) <= 0
                            && d.end().compareTo(r.end()) >= 0);
            if (!covered) {
                throw cursors.get(i).error("reorder needs a delay fault on the same target covering its whole time");
            }
        }
    }
}
