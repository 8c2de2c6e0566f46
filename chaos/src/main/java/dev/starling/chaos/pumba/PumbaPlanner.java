package dev.starling.chaos.pumba;

import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Quantities;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Target;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a scenario's timeline into Pumba command lines following Pumba's documented CLI:
 * {@code pumba netem --duration D [--interface I] [--target IP]... --tc-image IMG <sub> <flags> <containers>}
 * and {@code pumba pause|kill|stop ...}. Netem works on egress, so a directed link a->b becomes a
 * netem on a filtered to b's address, and a partition becomes 100% loss towards the other groups.
 */
public final class PumbaPlanner {
    private final PumbaOptions options;

    public PumbaPlanner(PumbaOptions options) {
        this.options = options;
    }

    public PumbaPlan plan(Scenario scenario, ComposeLayout layout) {
        List<TimedCommand> commands = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        List<NetemUse> netemUses = new ArrayList<>();
        boolean needsLeader = false;
        for (Fault f : scenario.faults()) {
            FaultAction a = f.action();
            if (a instanceof FaultAction.Reorder) {
                unsupported.add("line " + f.line()
                        + ": reorder — Pumba has no netem reorder command; use the fabric or netem backend");
                continue;
            }
            needsLeader |= f.target() instanceof Target.Nodes n && n.roles().contains(Role.LEADER);
            if (a instanceof FaultAction.Partition p) {
                for (int g = 0; g < p.groups().size(); g++) {
                    List<String> others = new ArrayList<>();
                    for (int h = 0; h < p.groups().size(); h++)
                        if (h != g) others.addAll(p.groups().get(h));
                    for (String member : p.groups().get(g)) {
                        commands.add(netem(
                                f,
                                netemSubcommand(new FaultAction.Loss(100, 0)),
                                others,
                                layout,
                                List.of(layout.container(member))));
                        netemUses.add(new NetemUse(f, Set.of(member)));
                    }
                }
            } else if (a instanceof FaultAction.Netem n) {
                List<String> sub = netemSubcommand(n);
                if (f.target() instanceof Target.Links links) {
                    Map<String, List<String>> byFrom = new LinkedHashMap<>();
                    for (Target.Link l : links.links())
                        byFrom.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l.to());
                    byFrom.forEach((from, tos) -> {
                        commands.add(netem(f, sub, tos, layout, List.of(layout.container(from))));
                        netemUses.add(new NetemUse(f, Set.of(from)));
                    });
                } else {
                    commands.add(netem(f, sub, List.of(), layout, containers(f.target(), layout)));
                    netemUses.add(new NetemUse(f, nodeIds(f.target(), layout)));
                }
            } else if (a instanceof FaultAction.Pause) {
                commands.add(new TimedCommand(
                        f.start(),
                        concat(
                                List.of("pumba", "pause", "--duration", go(f.duration())),
                                containers(f.target(), layout)),
                        f.line()));
            } else if (a instanceof FaultAction.Kill k) {
                List<String> targets = containers(f.target(), layout);
                commands.add(new TimedCommand(
                        f.start(), concat(List.of("pumba", "kill", "--signal", k.signal()), targets), f.line()));
                // Pumba only acts on running containers, so the way back is the engine's own start,
                // which takes names, not Pumba's re2: patterns.
                if (k.restart()) {
                    List<String> names = f.target() instanceof Target.All
                            ? layout.nodes().stream()
                                    .map(p -> layout.container(p.id()))
                                    .toList()
                            : targets;
                    commands.add(new TimedCommand(f.end(), concat(List.of("docker", "start"), names), f.line()));
                }
            } else if (a instanceof FaultAction.Stop s) {
                List<String> argv =
                        new ArrayList<>(List.of("pumba", "stop", "--time", Integer.toString(s.graceSeconds())));
                if (s.restart()) argv.addAll(List.of("--restart", "--duration", go(f.duration())));
                commands.add(new TimedCommand(f.start(), concat(argv, containers(f.target(), layout)), f.line()));
            }
        }
        commands.sort(Comparator.comparing(TimedCommand::at).thenComparing(TimedCommand::scenarioLine));
        return new PumbaPlan(commands, unsupported, conflicts(netemUses), needsLeader);
    }

    private TimedCommand netem(
            Fault f, List<String> sub, List<String> targetIds, ComposeLayout layout, List<String> containers) {
        List<String> argv = new ArrayList<>(
                List.of("pumba", "netem", "--duration", go(f.duration()), "--interface", options.networkInterface()));
        for (String id : targetIds) argv.addAll(List.of("--target", layout.address(id)));
        argv.addAll(List.of("--tc-image", options.tcImage()));
        argv.addAll(sub);
        argv.addAll(containers);
        return new TimedCommand(f.start(), argv, f.line());
    }

    /** Pumba's delay flags default to jitter 10 and correlation 20, so zeros are always spelled out. */
    static List<String> netemSubcommand(FaultAction.Netem n) {
        if (n instanceof FaultAction.Delay d) {
            List<String> out = new ArrayList<>(List.of(
                    "delay",
                    "--time",
                    Long.toString(d.time().toMillis()),
                    "--jitter",
                    Long.toString(d.jitter().toMillis()),
                    "--correlation",
                    num(d.correlation())));
            d.distribution().ifPresent(dist -> out.addAll(List.of("--distribution", dist.netemName())));
            return out;
        }
        if (n instanceof FaultAction.Loss l)
            return List.of("loss", "--percent", num(l.percent()), "--correlation", num(l.correlation()));
        if (n instanceof FaultAction.LossState s) {
            return List.of(
                    "loss-state",
                    "--p13",
                    num(s.p13()),
                    "--p31",
                    num(s.p31()),
                    "--p32",
                    num(s.p32()),
                    "--p23",
                    num(s.p23()),
                    "--p14",
                    num(s.p14()));
        }
        if (n instanceof FaultAction.LossGemodel g) {
            return List.of(
                    "loss-gemodel",
                    "--pg",
                    num(g.pg()),
                    "--pb",
                    num(g.pb()),
                    "--one-h",
                    num(g.oneH()),
                    "--one-k",
                    num(g.oneK()));
        }
        if (n instanceof FaultAction.Rate r) return List.of("rate", "--rate", Quantities.formatRate(r.bitsPerSecond()));
        if (n instanceof FaultAction.Duplicate d)
            return List.of("duplicate", "--percent", num(d.percent()), "--correlation", num(d.correlation()));
        if (n instanceof FaultAction.Corrupt c)
            return List.of("corrupt", "--percent", num(c.percent()), "--correlation", num(c.correlation()));
        throw new IllegalArgumentException("no Pumba netem command for " + n.keyword());
    }

    private static List<String> containers(Target t, ComposeLayout layout) {
        if (t instanceof Target.All) return List.of(layout.allContainersRegex());
        Target.Nodes n = (Target.Nodes) t;
        Set<String> out = new LinkedHashSet<>();
        for (Role r : List.of(Role.CLIENT, Role.MIXER)) {
            if (n.roles().contains(r)) layout.idsWithRole(r).forEach(id -> out.add(layout.container(id)));
        }
        n.peerIds().forEach(id -> out.add(layout.container(id)));
        if (n.roles().contains(Role.LEADER)) out.add(layout.leaderReference());
        return List.copyOf(out);
    }

    /** Statically known node ids (the leader is not). */
    private static Set<String> nodeIds(Target t, ComposeLayout layout) {
        Set<String> out = new LinkedHashSet<>();
        if (t instanceof Target.All) layout.nodes().forEach(p -> out.add(p.id()));
        if (t instanceof Target.Nodes n) {
            for (Role r : List.of(Role.CLIENT, Role.MIXER))
                if (n.roles().contains(r)) out.addAll(layout.idsWithRole(r));
            out.addAll(n.peerIds());
        }
        return out;
    }

    /** Pumba installs one root netem qdisc per container; a second one at the same time fails. */
    private static List<String> conflicts(List<NetemUse> uses) {
        Map<String, Set<String>> clashes = new LinkedHashMap<>(); // "lines a and b" -> nodes
        for (int i = 0; i < uses.size(); i++) {
            for (int j = i + 1; j < uses.size(); j++) {
                NetemUse a = uses.get(i), b = uses.get(j);
                if (a.fault() == b.fault() || !a.fault().overlaps(b.fault())) continue;
                Set<String> both = new java.util.TreeSet<>(a.nodes());
                both.retainAll(b.nodes());
                if (both.isEmpty()) continue;
                int first = Math.min(a.fault().line(), b.fault().line()),
                        second = Math.max(a.fault().line(), b.fault().line());
                clashes.computeIfAbsent("lines " + first + " and " + second, k -> new java.util.TreeSet<>())
                        .addAll(both);
            }
        }
        List<String> out = new ArrayList<>();
        clashes.forEach((lines, nodes) -> out.add(lines + " both need the netem qdisc of " + nodes
                + " at the same time; Pumba allows one per interface, the later command will fail"));
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String go(Duration d) {
        return Quantities.formatDuration(d);
    }

    static String num(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private record NetemUse(Fault fault, Set<String> nodes) {}
}
