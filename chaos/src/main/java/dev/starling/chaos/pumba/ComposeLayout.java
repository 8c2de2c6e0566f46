package dev.starling.chaos.pumba;

import dev.starling.chaos.scenario.Peer;
import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Deterministic names and addresses for a scenario's containers: project {@code starling-<name>},
 * container {@code starling-<name>-<node>}, node i at {@code <subnet>.(10+i)}.
 */
public final class ComposeLayout {
    /** Shell variable the user sets to the leader's container, since the election picks it at run time. */
    public static final String LEADER_VARIABLE = "STARLING_LEADER";

    private final String project;
    private final List<Peer> nodes;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final String subnetPrefix;

    public ComposeLayout(Scenario scenario, PumbaOptions options) {
        this.project = "starling-" + scenario.name();
        this.nodes = scenario.nodes();
        this.subnetPrefix = options.subnetPrefix();
        if (nodes.size() > 200) throw new IllegalArgumentException("too many nodes for one /24");
        for (int i = 0; i < nodes.size(); i++) addresses.put(nodes.get(i).id(), subnetPrefix + "." + (10 + i));
    }

    public String project() {
        return project;
    }

    public List<Peer> nodes() {
        return nodes;
    }

    public String subnet() {
        return subnetPrefix + ".0/24";
    }

    public String container(String nodeId) {
        if (!addresses.containsKey(nodeId)) throw new IllegalArgumentException("unknown node " + nodeId);
        return project + "-" + nodeId;
    }

    public String address(String nodeId) {
        String ip = addresses.get(nodeId);
        if (ip == null) throw new IllegalArgumentException("unknown node " + nodeId);
        return ip;
    }

    /** Pumba's RE2 form naming exactly this project's containers, and nothing of other projects. */
    public String allContainersRegex() {
        return "re2:^" + project.replace(".", "\\.") + "-("
                + nodes.stream().map(Peer::id).collect(Collectors.joining("|")) + ")$";
    }

    public List<String> idsWithRole(Role role) {
        return nodes.stream().filter(p -> p.role() == role).map(Peer::id).toList();
    }

    public String leaderReference() {
        return "${" + LEADER_VARIABLE + "}";
    }
}
