package dev.starling.chaos.scenario;

import java.util.List;
import java.util.Set;

/** Which traffic or processes a fault hits. */
public sealed interface Target {

    /** Every node (for netem faults: every node's egress). */
    record All() implements Target {}

    /** Named nodes plus every node holding one of the roles (leader resolved when the fault fires). */
    record Nodes(List<String> peerIds, Set<Role> roles) implements Target {
        public Nodes {
            peerIds = List.copyOf(peerIds);
            roles = Set.copyOf(roles);
        }
    }

    /** Directed links: only packets sent by {@code from} towards {@code to} are impaired. */
    record Links(List<Link> links) implements Target {
        public Links {
            links = List.copyOf(links);
        }
    }

    record Link(String from, String to) {
        @Override
        public String toString() {
            return from + "->" + to;
        }
    }
}
