package dev.starling.chaos.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a fault does. The netem family mirrors {@code pumba netem <cmd>} and {@code tc netem};
 * percentages are kept as 0..100 like both tools so numbers copy over unchanged.
 */
public sealed interface FaultAction {

    /** The YAML key that introduced the action, also the Pumba sub-command where one exists. */
    String keyword();

    /** Packet-level impairments applied to a node's egress or a directed link. */
    sealed interface Netem extends FaultAction {}

    /** Process-level faults; they need nodes, never links. */
    sealed interface Process extends FaultAction {}

    record Delay(Duration time, Duration jitter, double correlation, Optional<Distribution> distribution)
            implements Netem {
        @Override
        public String keyword() {
            return "delay";
        }
    }

    record Loss(double percent, double correlation) implements Netem {
        @Override
        public String keyword() {
            return "loss";
        }
    }

    /** 4-state Markov loss, probabilities in percent; state names follow netem's documentation. */
    record LossState(double p13, double p31, double p32, double p23, double p14) implements Netem {
        @Override
        public String keyword() {
            return "loss-state";
        }
    }

    /** Gilbert-Elliott: pg good->bad, pb bad->good, oneH loss in bad, oneK loss in good (percent). */
    record LossGemodel(double pg, double pb, double oneH, double oneK) implements Netem {
        @Override
        public String keyword() {
            return "loss-gemodel";
        }
    }

    record Rate(long bitsPerSecond) implements Netem {
        @Override
        public String keyword() {
            return "rate";
        }
    }

    record Duplicate(double percent, double correlation) implements Netem {
        @Override
        public String keyword() {
            return "duplicate";
        }
    }

    record Corrupt(double percent, double correlation) implements Netem {
        @Override
        public String keyword() {
            return "corrupt";
        }
    }

    /**
     * netem's reorder: the chosen packets skip the delay, so it only means something while a delay
     * is active on the same target (the parser insists on that). gap: every gap-th packet at most.
     */
    record Reorder(double percent, double correlation, int gap) implements Netem {
        @Override
        public String keyword() {
            return "reorder";
        }
    }

    /** SIGSTOP for the fault's duration, then SIGCONT. */
    record Pause() implements Process {
        @Override
        public String keyword() {
            return "pause";
        }
    }

    /** Signal the node; with restart it comes back after the fault's duration. */
    record Kill(String signal, boolean restart) implements Process {
        @Override
        public String keyword() {
            return "kill";
        }
    }

    /** Graceful stop (SIGTERM, SIGKILL after graceSeconds); with restart back after the duration. */
    record Stop(int graceSeconds, boolean restart) implements Process {
        @Override
        public String keyword() {
            return "stop";
        }
    }

    /** Groups that cannot reach each other; nodes in no group keep reaching everyone. */
    record Partition(List<List<String>> groups) implements FaultAction {
        public Partition {
            groups = groups.stream().map(List::copyOf).toList();
        }

        @Override
        public String keyword() {
            return "partition";
        }
    }
}
