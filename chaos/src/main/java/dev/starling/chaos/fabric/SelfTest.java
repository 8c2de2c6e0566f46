package dev.starling.chaos.fabric;

import dev.starling.chaos.host.CommandRunner;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.scenario.FaultAction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code starling chaos selftest}: builds a two-node fabric, injects known impairments on the
 * directed link a->b and measures them back from real UDP traffic between probe processes in the
 * two namespaces (b echoes, a sends and times). Only a->b is impaired, so every effect seen by a's
 * round trips comes from that one link.
 *
 * <p>Exit codes: 0 every check passed, 1 a measurement missed, 2 the test could not run here
 * (not root, no /dev/net/tun, setup failed).
 */
public final class SelfTest {
    static final double DELAY_MS = 50, DELAY_REL = 0.10, DELAY_ABS_MS = 2;
    static final double LOSS = 0.10, LOSS_REL = 0.20;
    static final int LOSS_PACKETS = 2_000;
    static final long RATE_BPS = 2_000_000;
    static final double RATE_REL = 0.10;
    static final int ECHO_PORT = 7_007;
    private static final Duration PROBE_START = Duration.ofSeconds(20);

    /** One row of the table. */
    record Check(String impairment, String expected, String measured, Boolean pass) {
        String verdict() {
            return pass == null ? "info" : pass ? "PASS" : "FAIL";
        }
    }

    /** Rates above this are left unchecked: the probe cannot offer twice as much. */
    static final long MAX_CHECKED_RATE_BPS = 10_000_000;
    /** A loss check sends enough packets that its tolerance is this many standard deviations. */
    static final double LOSS_SIGMAS = 2.5;

    static final int MAX_LOSS_PACKETS = 50_000;

    /**
     * A link as a lab peer profile describes it, to be measured back: one-way delay and jitter,
     * loss, and the rates out of the node (uplink) and into it (downlink); zero means none.
     */
    public record LinkProfile(
            String name, double delayMs, double jitterMs, double lossPercent, long uplinkBps, long downlinkBps) {}

    private final PrintStream out;
    private final String classpath;
    private final CommandRunner runner;
    private final List<LinkProfile> profiles;
    private final List<Check> checks = new ArrayList<>();

    SelfTest(PrintStream out, String classpath, CommandRunner runner, List<LinkProfile> profiles) {
        this.out = out;
        this.classpath = classpath;
        this.runner = runner;
        this.profiles = List.copyOf(profiles);
    }

    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    public static int run(PrintStream out) {
        return run(out, List.of());
    }

    /** The selftest, then each profile's link applied on its own and measured back with the same tolerances. */
    public static int run(PrintStream out, List<LinkProfile> profiles) {
        return new SelfTest(out, System.getProperty("java.class.path"), new ProcessCommandRunner(), profiles).execute();
    }

    /** Why the selftest cannot run here, or empty if it can. */
    public static Optional<String> unavailableReason() {
        if (!Privileges.isRoot(new ProcessCommandRunner())) return Optional.of("needs root (namespaces, TAP devices)");
        if (!Files.exists(Path.of("/dev/net/tun"))) return Optional.of("no /dev/net/tun (TUN/TAP driver)");
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            return Optional.of("the 'ip' tool (iproute2) is missing");
        }
        return Optional.empty();
    }

    int execute() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            out.println("chaos selftest cannot run: " + why.get());
            return 2;
        }
        List<String> stale = Fabric.cleanupStale(runner);
        if (!stale.isEmpty()) out.println("removed stale namespaces of dead runs: " + stale);
        long t0 = System.nanoTime();
        FabricConfig config = FabricConfig.defaults(List.of("a", "b"), 1);
        try (Fabric fabric = Fabric.start(config, runner)) {
            out.println("fabric " + config.runId() + ": a=" + fabric.address("a") + " in " + fabric.namespace("a")
                    + ", b=" + fabric.address("b") + " in " + fabric.namespace("b"));
            try (ProbeProcess echo = ProbeProcess.start(
                            "echo@b",
                            fabric.namespace("b"),
                            classpath,
                            PROBE_START,
                            "echo",
                            String.valueOf(ECHO_PORT),
                            "120");
                    ProbeProcess client = ProbeProcess.start(
                            "client@a", fabric.namespace("a"), classpath, PROBE_START, "client", "120")) {
                Prober prober = new Prober(client, fabric.address("b"));
                boolean forwards = measure(fabric, prober);
                for (LinkProfile profile : profiles) {
                    if (forwards) {
                        measure(fabric, prober, profile);
                    }
                }
            }
            if (!fabric.errors().isEmpty()) out.println("fabric errors: " + fabric.errors());
        } catch (IOException e) {
            out.println("chaos selftest could not run: " + e.getMessage());
            printTable();
            return checks.isEmpty() ? 2 : 1;
        }
        printTable();
        boolean ok = checks.stream().allMatch(c -> c.pass() == null || c.pass());
        out.printf(
                Locale.ROOT,
                "%s in %.1f s%n",
                ok ? "selftest PASSED" : "selftest FAILED",
                (System.nanoTime() - t0) / 1e9);
        return ok ? 0 : 1;
    }

    /** @return whether the fabric forwarded anything at all */
    private boolean measure(Fabric fabric, Prober probe) throws IOException {
        // ARP and JIT warm-up; a fabric that forwards nothing ends the test here.
        BurstResult warm = probe.burst(20, 20_000_000, 64, 1_000);
        if (warm.received() == 0) {
            checks.add(new Check("connectivity", "echoes", "0 of " + warm.sent(), false));
            return false;
        }
        BurstResult base = probe.burst(200, 5_000_000, 64, 500);
        checks.add(new Check(
                "none (baseline)",
                "reference",
                String.format(
                        Locale.ROOT, "RTT p50 %.3f ms, %d/%d", base.p50Micros() / 1e3, base.received(), base.sent()),
                null));

        fabric.setImpairment(
                "a",
                "b",
                List.of(new FaultAction.Delay(Duration.ofMillis((long) DELAY_MS), Duration.ZERO, 0, Optional.empty())));
        BurstResult delayed = probe.burst(100, 10_000_000, 64, 500);
        fabric.clearImpairments();
        double added = (delayed.p50Micros() - base.p50Micros()) / 1e3;
        double tol = Math.min(DELAY_MS * DELAY_REL, DELAY_ABS_MS);
        checks.add(new Check(
                String.format(Locale.ROOT, "delay %.0fms", DELAY_MS),
                String.format(Locale.ROOT, "+%.1f ms ±%.1f", DELAY_MS, tol),
                String.format(
                        Locale.ROOT,
                        "+%.2f ms (RTT p50 %.2f, min %.2f, max %.2f)",
                        added,
                        delayed.p50Micros() / 1e3,
                        delayed.minMicros() / 1e3,
                        delayed.maxMicros() / 1e3),
                delayed.received() > 0 && Math.abs(added - DELAY_MS) <= tol));

        long droppedBefore = fabric.counters("a").droppedImpairment();
        fabric.setImpairment("a", "b", List.of(new FaultAction.Loss(LOSS * 100, 0)));
        BurstResult lossy = probe.burst(LOSS_PACKETS, 1_000_000, 64, 500);
        fabric.clearImpairments();
        long fabricDrops = fabric.counters("a").droppedImpairment() - droppedBefore;
        double loss = lossy.lossFraction();
        checks.add(new Check(
                String.format(Locale.ROOT, "loss %.0f%%", LOSS * 100),
                String.format(Locale.ROOT, "%.1f%% ±%.1f", LOSS * 100, LOSS * LOSS_REL * 100),
                String.format(
                        Locale.ROOT,
                        "%.2f%% (%d of %d lost; fabric dropped %d)",
                        loss * 100,
                        lossy.sent() - lossy.received(),
                        lossy.sent(),
                        fabricDrops),
                Math.abs(loss - LOSS) <= LOSS * LOSS_REL));

        rate(fabric, probe, String.format(Locale.ROOT, "rate %.0fmbit", RATE_BPS / 1e6), "a", "b", RATE_BPS);

        fabric.partition(List.of(List.of("a"), List.of("b")));
        BurstResult cut = probe.burst(100, 5_000_000, 64, 500);
        fabric.heal();
        checks.add(new Check(
                "partition [a] [b]", "0 delivered", cut.received() + " of " + cut.sent(), cut.received() == 0));
        BurstResult healed = probe.burst(100, 5_000_000, 64, 500);
        checks.add(new Check(
                "heal",
                "all delivered",
                healed.received() + " of " + healed.sent(),
                healed.received() == healed.sent()));
        return true;
    }

    /**
     * One profile's link, one impairment at a time on a->b (the downlink's rate on b->a, which
     * shapes the echoes the same way), with the selftest's tolerances. The delay is compared with
     * a baseline taken just before it, so that the machine's load then is in both. Jitter spreads
     * the delay: the packets go three jitters apart, so that the fabric's first-in-first-out queue
     * does not hold early ones behind late ones, and the tolerance widens by the median's
     * sampling error (2.5 standard errors).
     */
    private void measure(Fabric fabric, Prober probe, LinkProfile p) throws IOException {
        if (p.delayMs() > 0 || p.jitterMs() > 0) {
            BurstResult base = probe.burst(200, 5_000_000, 64, 500);
            int samples = p.jitterMs() > 0 ? 300 : 200;
            long interval = Math.max(5_000_000L, Math.round(3 * p.jitterMs() * 1e6));
            fabric.setImpairment(
                    "a",
                    "b",
                    List.of(new FaultAction.Delay(
                            Duration.ofNanos(Math.round(p.delayMs() * 1e6)),
                            Duration.ofNanos(Math.round(p.jitterMs() * 1e6)),
                            0,
                            Optional.empty())));
            BurstResult delayed = probe.burst(samples, interval, 64, 1_000);
            fabric.clearImpairments();
            double added = (delayed.p50Micros() - base.p50Micros()) / 1e3;
            double tol = Math.max(
                    Math.min(p.delayMs() * DELAY_REL, DELAY_ABS_MS), 2.5 * 1.2533 * p.jitterMs() / Math.sqrt(samples));
            checks.add(new Check(
                    p.name() + " delay",
                    String.format(Locale.ROOT, "+%.1f ms ±%.1f", p.delayMs(), tol),
                    String.format(
                            Locale.ROOT,
                            "+%.2f ms (jitter %.0f ms; RTT min %.2f, max %.2f)",
                            added,
                            p.jitterMs(),
                            delayed.minMicros() / 1e3,
                            delayed.maxMicros() / 1e3),
                    delayed.received() > 0 && Math.abs(added - p.delayMs()) <= tol));
        }
        if (p.lossPercent() > 0) {
            double expected = p.lossPercent() / 100;
            int packets = lossPackets(expected);
            fabric.setImpairment("a", "b", List.of(new FaultAction.Loss(p.lossPercent(), 0)));
            BurstResult lossy = probe.burst(packets, 200_000, 64, 500);
            fabric.clearImpairments();
            checks.add(new Check(
                    p.name() + " loss",
                    String.format(Locale.ROOT, "%.2f%% ±%.2f", expected * 100, expected * LOSS_REL * 100),
                    String.format(
                            Locale.ROOT,
                            "%.3f%% (%d of %d lost)",
                            lossy.lossFraction() * 100,
                            lossy.sent() - lossy.received(),
                            lossy.sent()),
                    Math.abs(lossy.lossFraction() - expected) <= expected * LOSS_REL));
        }
        rate(fabric, probe, p.name() + " uplink", "a", "b", p.uplinkBps());
        rate(fabric, probe, p.name() + " downlink", "b", "a", p.downlinkBps());
    }

    /**
     * Offers twice the rate with near-MTU datagrams; the excess is queued then dropped at the
     * bucket's 500 ms bound, and the echoes' arrival spacing shows the shaped rate.
     */
    private void rate(Fabric fabric, Prober probe, String label, String from, String to, long bps) throws IOException {
        if (bps <= 0) {
            return;
        }
        if (bps > MAX_CHECKED_RATE_BPS) {
            checks.add(new Check(
                    label,
                    String.format(Locale.ROOT, "%.1f Mbit/s", bps / 1e6),
                    "not checked: the probe cannot offer twice that",
                    null));
            return;
        }
        int payload = 1_200;
        double frameBits = (payload + Probe.WIRE_OVERHEAD) * 8.0;
        long interval = Math.round(frameBits / (2.0 * bps) * 1e9);
        // About 4 s of offered traffic, at least 200 packets.
        int count = (int) Math.max(200, Math.min(1_000, 4e9 / interval));
        fabric.setImpairment(from, to, List.of(new FaultAction.Rate(bps)));
        BurstResult shaped = probe.burst(count, interval, payload, 1_000);
        fabric.clearImpairments();
        checks.add(new Check(
                label,
                String.format(Locale.ROOT, "%.3f Mbit/s ±%.3f", bps / 1e6, bps * RATE_REL / 1e6),
                String.format(
                        Locale.ROOT,
                        "%.3f Mbit/s on the wire (%d of %d at %.2f Mbit/s offered)",
                        shaped.bitsPerSecond() / 1e6,
                        shaped.received(),
                        shaped.sent(),
                        2.0 * bps / 1e6),
                Math.abs(shaped.bitsPerSecond() - bps) <= bps * RATE_REL));
    }

    /** Packets for a loss check whose tolerance is {@link #LOSS_SIGMAS} binomial standard deviations. */
    static int lossPackets(double loss) {
        double n = LOSS_SIGMAS * LOSS_SIGMAS * (1 - loss) / (LOSS_REL * LOSS_REL * loss);
        return (int) Math.min(MAX_LOSS_PACKETS, Math.max(LOSS_PACKETS, Math.ceil(n)));
    }

    private void printTable() {
        String fmt = "%-18s  %-18s  %-62s  %s%n";
        out.printf(Locale.ROOT, fmt, "impairment (a->b)", "expected", "measured", "result");
        for (Check c : checks) out.printf(Locale.ROOT, fmt, c.impairment(), c.expected(), c.measured(), c.verdict());
    }

    /** Sends bursts from a to b's echo port; each call is bounded by its own send time plus slack. */
    private static final class Prober {
        private final ProbeProcess client;
        private final String target;

        Prober(ProbeProcess client, String target) {
            this.client = client;
            this.target = target;
        }

        BurstResult burst(int count, long intervalNanos, int payload, long waitMillis) throws IOException {
            long budgetMillis = count * intervalNanos / 1_000_000 + waitMillis + 5_000;
            String line = client.call(
                    String.join(
                            " ",
                            "burst",
                            target,
                            String.valueOf(ECHO_PORT),
                            String.valueOf(count),
                            String.valueOf(intervalNanos),
                            String.valueOf(payload),
                            String.valueOf(waitMillis)),
                    Duration.ofMillis(budgetMillis));
            return BurstResult.parse(line);
        }
    }
}
