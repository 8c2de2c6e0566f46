package dev.starling.chaos.run;

import dev.starling.chaos.lab.LabHosts;
import dev.starling.chaos.network.ImpairedNetwork;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How a chaos run builds its nodes' network: where the nodes run ({@link LabHosts}) and where the
 * timeline's packet faults and partitions take effect ({@link ImpairedNetwork}). Process faults
 * are the same on every backend.
 */
public interface ChaosBackend {

    /** The network of one scenario run; closing the hosts removes all of it. */
    record Network(LabHosts hosts, ImpairedNetwork impairments) {}

    /** The {@code --backend} name, also written into every result. */
    String name();

    /** Why this backend cannot run on this host, or empty when it can. */
    Optional<String> unavailable();

    /** Removes what runs of this backend that were killed left behind; returns what it removed. */
    List<String> sweepStale();

    /** Builds the network for the scenario's nodes; on failure removes what it built and throws. */
    Network build(List<String> nodes, long seed) throws IOException;
}
