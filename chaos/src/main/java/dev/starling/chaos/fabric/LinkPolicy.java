package dev.starling.chaos.fabric;

import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.impairment.ImpairmentFactory;
import dev.starling.chaos.impairment.LinkImpairment;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The impairment of every directed link and the current partition. Written by the control thread,
 * read by the port readers: each value is swapped whole, so a reader sees either the old or the new
 * pipeline, never a half-built one. A pipeline is only rebuilt when its fault list changes, because
 * rebuilding resets model state (a token bucket's queue, a loss chain's burst).
 */
final class LinkPolicy {
    private record Installed(List<FaultAction.Netem> actions, LinkImpairment impairment) {}

    private static final Installed CLEAN = new Installed(List.of(), null);

    private final int ports;
    private final ImpairmentFactory factory;
    private final List<String> names;
    private final AtomicReferenceArray<Installed> links;
    /** blocked[from * ports + to]: a partition stops from->to. A matrix, because partitions may overlap. */
    private volatile boolean[] blocked;

    LinkPolicy(List<String> portNames, ImpairmentFactory factory) {
        this.names = List.copyOf(portNames);
        this.ports = names.size();
        this.factory = factory;
        this.links = new AtomicReferenceArray<>(ports * ports);
        for (int i = 0; i < ports * ports; i++) links.set(i, CLEAN);
        this.blocked = new boolean[ports * ports];
    }

    /** Installs the netem-style fault list on from->to; an empty list makes the link clean. */
    void set(int from, int to, List<FaultAction.Netem> actions) {
        check(from, to);
        List<FaultAction.Netem> copy = List.copyOf(actions);
        Installed current = links.get(from * ports + to);
        if (current.actions().equals(copy)) return;
        links.set(
                from * ports + to,
                copy.isEmpty()
                        ? CLEAN
                        : new Installed(copy, factory.build(names.get(from) + "->" + names.get(to), copy)));
    }

    /** Installs a ready pipeline (tests, custom models); it replaces any fault list. */
    void set(int from, int to, LinkImpairment impairment) {
        check(from, to);
        links.set(from * ports + to, new Installed(List.of(), impairment));
    }

    /** The pipeline for from->to, or null for a clean link (the common, allocation-free path). */
    LinkImpairment impairment(int from, int to) {
        return links.get(from * ports + to).impairment();
    }

    List<FaultAction.Netem> actions(int from, int to) {
        return links.get(from * ports + to).actions();
    }

    /**
     * Replaces the partition state.
     * @param groupOfPort group per port, -1 for "in no group" (reaches everyone, as in the scenario format)
     */
    void partition(int[] groupOfPort) {
        if (groupOfPort.length != ports)
            throw new IllegalArgumentException("need a group for each of " + ports + " ports");
        boolean[] b = new boolean[ports * ports];
        for (int f = 0; f < ports; f++) {
            for (int t = 0; t < ports; t++) {
                b[f * ports + t] = groupOfPort[f] >= 0 && groupOfPort[t] >= 0 && groupOfPort[f] != groupOfPort[t];
            }
        }
        blocked = b;
    }

    /** Replaces the partition state with an explicit from->to matrix (ports x ports, row = sender). */
    void block(boolean[] matrix) {
        if (matrix.length != ports * ports)
            throw new IllegalArgumentException("need a " + ports + "x" + ports + " matrix");
        blocked = matrix.clone();
    }

    void heal() {
        blocked = new boolean[ports * ports];
    }

    boolean blocked(int from, int to) {
        return blocked[from * ports + to];
    }

    /**
     * Makes every link and the partition state what the schedule says at {@code at}. Links whose
     * fault list is unchanged keep their pipeline and its state.
     */
    void apply(FaultSchedule schedule, Duration at, Set<String> leaders) {
        boolean[] b = new boolean[ports * ports];
        for (int f = 0; f < ports; f++) {
            for (int t = 0; t < ports; t++) {
                if (f == t) continue;
                set(f, t, schedule.activeOn(names.get(f), names.get(t), at, leaders));
                b[f * ports + t] = schedule.blocked(names.get(f), names.get(t), at);
            }
        }
        blocked = b;
    }

    int ports() {
        return ports;
    }

    private void check(int from, int to) {
        if (from < 0 || to < 0 || from >= ports || to >= ports || from == to) {
            throw new IllegalArgumentException("no link " + from + "->" + to + " among " + ports + " ports");
        }
    }
}
