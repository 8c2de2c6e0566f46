package dev.starling.chaos.lab;

import java.util.List;

/**
 * Where a lab's nodes run and how the lab reaches them. The default is a {@link LabNetwork}
 * (namespaces joined by a kernel bridge, API and room on one address); the chaos runner supplies
 * namespaces joined by its impairment fabric, with the API on a separate management link so that
 * the lab's own polling never crosses (or is slowed by) the impaired network.
 */
public interface LabHosts extends AutoCloseable {

    /** Short id of this network, part of the room id and of log lines. */
    String id();

    /** The room name of node {@code index} (1-based). */
    String nodeName(int index);

    /** Where node {@code index} binds its room (JGroups) port; media uses the same interface. */
    String roomAddress(int index);

    /** Where the lab reaches node {@code index}'s HTTP API. */
    String apiAddress(int index);

    /** Where node {@code index}'s HTTP API listens: where the lab reaches it, unless a NAT forwards it. */
    default String apiBindAddress(int index) {
        return apiAddress(index);
    }

    /** Command prefix that runs a program in node {@code index}'s namespace. */
    List<String> execIn(int index);

    /** Removes everything this network created. Idempotent; never throws. */
    @Override
    void close();

    /** The plain lab network: one bridge, one address per node for everything. */
    static LabHosts bridge(LabNetwork network) {
        return new LabHosts() {
            @Override
            public String id() {
                return network.id();
            }

            @Override
            public String nodeName(int index) {
                return "peer" + index;
            }

            @Override
            public String roomAddress(int index) {
                return network.nodeAddress(index);
            }

            @Override
            public String apiAddress(int index) {
                return network.reachableAddress(index);
            }

            @Override
            public String apiBindAddress(int index) {
                return network.nodeAddress(index);
            }

            @Override
            public List<String> execIn(int index) {
                return network.execIn(index);
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }
}
