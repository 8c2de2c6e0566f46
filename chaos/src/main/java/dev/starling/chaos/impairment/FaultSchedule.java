package dev.starling.chaos.impairment;

import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which packet faults apply to a directed link at a moment of the scenario, with Pumba's meaning:
 * a node target impairs that node's egress to everyone, a link target only from->to. Like a
 * netem qdisc holds one setting per option, the later fault in the file wins per kind. The
 * leader is passed in because only the running room knows it.
 */
public final class FaultSchedule {
    private final List<Fault> faults;
    private final Map<String, Role> roles = new LinkedHashMap<>();

    public FaultSchedule(Scenario scenario) {
        this.faults = scenario.faults();
        for (Peer p : scenario.nodes()) roles.put(p.id(), p.role());
    }

    /** Start and end of every packet fault: between two of these the active set cannot change. */
    public List<Duration> changePoints() {
        TreeSet<Duration> points = new TreeSet<>();
        for (Fault f : faults) {
            if (f.action() instanceof FaultAction.Netem || f.action() instanceof FaultAction.Partition) {
                points.add(f.start());
                points.add(f.end());
            }
        }
        return List.copyOf(points);
    }

    public List<FaultAction.Netem> activeOn(String from, String to, Duration at, Set<String> leaders) {
        Map<String, FaultAction.Netem> byKind = new LinkedHashMap<>();
        for (Fault f : faults) {
            if (f.action() instanceof FaultAction.Netem n && active(f, at) && hits(f.target(), from, to, leaders)) {
                byKind.remove(n.keyword()); // re-insert so the winner also takes the later position
                byKind.put(n.keyword(), n);
            }
        }
        return new ArrayList<>(byKind.values());
    }

    /** True while a partition puts the two nodes in different groups; such packets never arrive. */
    public boolean blocked(String from, String to, Duration at) {
        for (Fault f : faults) {
            if (f.action() instanceof FaultAction.Partition p && active(f, at)) {
                int a = groupOf(p, from), b = groupOf(p, to);
                if (a >= 0 && b >= 0 && a != b) return true;
            }
        }
        return false;
    }

    private static boolean active(Fault f, Duration at) {
        return f.start().compareTo(at) <= 0 && at.compareTo(f.end()) < 0;
    }

    private boolean hits(Target t, String from, String to, Set<String> leaders) {
        if (t instanceof Target.All) return true;
        if (t instanceof Target.Links links) {
            return links.links().stream().anyMatch(l -> l.from().equals(from) && l.to().equals(to));
        }
        Target.Nodes n = (Target.Nodes) t;
        return n.peerIds().contains(from)
                || n.roles().contains(roles.get(from))
                || (n.roles().contains(Role.LEADER) && leaders.contains(from));
    }

    private static int groupOf(FaultAction.Partition p, String node) {
        for (int i = 0; i < p.groups().size(); i++) if (p.groups().get(i).contains(node)) return i;
        return -1;
    }
}
