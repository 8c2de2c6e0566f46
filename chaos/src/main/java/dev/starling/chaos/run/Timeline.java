package dev.starling.chaos.run;

import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.scenario.Fault;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scenario's faults as the ordered moments at which the runner must act. Packet faults and
 * partitions only need the fabric re-applied at their change points (the fabric's schedule knows
 * what is active when); process faults need a signal at their start and, when they end by
 * themselves (pause, or kill/stop with restart), a resume or restart at their end.
 * Pure: the runner asks {@link #due(Duration)} with its own clock.
 */
public final class Timeline {

    /** What the runner does at a moment. */
    public enum Kind {
        /** Re-apply the packet-fault schedule and partitions to every link. */
        NETWORK,
        /** SIGSTOP / SIGKILL / SIGTERM the fault's targets. */
        PROCESS_START,
        /** SIGCONT (pause) or restart (kill/stop with restart) the targets hit at the start. */
        PROCESS_END
    }

    /** @param fault the process fault; null for {@link Kind#NETWORK} */
    public record Event(Duration at, Kind kind, Fault fault) {
        public String describe() {
            return switch (kind) {
                case NETWORK -> "network faults change";
                case PROCESS_START -> fault.action().keyword() + " " + TargetResolver.describe(fault.target());
                case PROCESS_END ->
                    (fault.action() instanceof FaultAction.Pause ? "resume " : "restart ")
                            + TargetResolver.describe(fault.target());
            };
        }
    }

    // Ends before network changes before starts at the same moment: a restart that coincides with
    // the next kill must happen first, and a node killed at t should not see the network of t+.
    private static final Comparator<Event> ORDER = Comparator.comparing(Event::at)
            .thenComparing(e -> e.kind() == Kind.PROCESS_END ? 0 : e.kind() == Kind.NETWORK ? 1 : 2);

    private final List<Event> events;
    private int next;

    public Timeline(Scenario scenario) {
        List<Event> all = new ArrayList<>();
        all.add(new Event(Duration.ZERO, Kind.NETWORK, null)); // the clean (or initial) state at t=0
        for (Duration point : new FaultSchedule(scenario).changePoints()) {
            if (!point.isZero() && point.compareTo(scenario.duration()) <= 0)
                all.add(new Event(point, Kind.NETWORK, null));
        }
        for (Fault f : scenario.faults()) {
            if (!(f.action() instanceof FaultAction.Process action) || f.start().compareTo(scenario.duration()) >= 0)
                continue;
            all.add(new Event(f.start(), Kind.PROCESS_START, f));
            if (endsByItself(action) && !f.duration().isZero()) {
                // A restart after the scenario's end still runs (at the end), so no node stays paused.
                Duration end = f.end().compareTo(scenario.duration()) < 0 ? f.end() : scenario.duration();
                all.add(new Event(end, Kind.PROCESS_END, f));
            }
        }
        all.sort(ORDER);
        this.events = List.copyOf(all);
    }

    private static boolean endsByItself(FaultAction.Process action) {
        return action instanceof FaultAction.Pause
                || (action instanceof FaultAction.Kill k && k.restart())
                || (action instanceof FaultAction.Stop s && s.restart());
    }

    public List<Event> events() {
        return events;
    }

    /** Events due at {@code now} that were not handed out yet, in order. */
    public List<Event> due(Duration now) {
        List<Event> out = new ArrayList<>();
        while (next < events.size() && events.get(next).at().compareTo(now) <= 0) {
            out.add(events.get(next++));
        }
        return out;
    }

    /** Events not handed out yet (what must still run, e.g. resumes, when a run is cut short). */
    public List<Event> remaining() {
        return events.subList(next, events.size());
    }

    /** When the last disruption (partition or process fault) ends; zero if there is none. */
    public static Duration lastDisruptionEnd(Scenario scenario) {
        Duration last = Duration.ZERO;
        for (Fault f : scenario.faults()) {
            if (f.action() instanceof FaultAction.Process || f.action() instanceof FaultAction.Partition) {
                if (f.end().compareTo(last) > 0) last = f.end();
            }
        }
        return last;
    }
}
