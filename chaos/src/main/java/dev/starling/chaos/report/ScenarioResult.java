package dev.starling.chaos.report;

import java.util.List;
import java.util.Map;

/**
 * What one scenario run measured on the path {@code from -> to} (the scenario's marker path).
 * Latencies are one-way audio marker latencies in ms, clock-offset corrected by the receiver,
 * over the scenario's window only; NaN when no marker arrived.
 *
 * @param profile the suite's network profile (e.g. {@code delay-50ms}), or the scenario name outside a suite
 * @param mixers mixers the room was asked to elect
 * @param status "ok", or what went wrong (the figures may then be partial)
 * @param roles per node: mixer/client(+leader) as the election reported it at the end
 * @param hops mixers on the measured path as the lab report gives it; null while the lab does not report it
 * @param packetsLost audio RTP packets the receiver counted lost from the sender in the window
 * @param concealedSamples audio samples the receiver's decoder concealed (from the sender) in the window
 * @param audioGapMs longest time without a new marker at the receiver (poll resolution)
 * @param elections elections adopted during the window (number, trigger, mixers)
 * @param roomRecoveredMs after the last partition/process fault ended: until every live node saw the
 *     whole room again; null without such a fault, -1 if it did not recover within the run
 * @param cdf (ms, cumulative fraction) of the window's latency samples
 * @param live (seconds into the run, p50 ms of the markers of the last interval)
 * @param events what the runner did, "t=10.0s kill mixer [mixer-1]"
 * @param clockOffsetMs the receiver's estimate of the sender's clock offset at the end (NaN if unknown):
 *     all nodes share one clock here, so anything but ~0 is asymmetric path delay the NTP-style
 *     estimate took for clock offset (half the asymmetry), and it shifts the latency figures by as much
 */
public record ScenarioResult(
        String scenario,
        String label,
        String profile,
        int mixers,
        String backend,
        String status,
        double seconds,
        String from,
        String to,
        Map<String, String> roles,
        Integer hops,
        long samples,
        double p50Ms,
        double p95Ms,
        double maxMs,
        long packetsLost,
        long concealedSamples,
        long audioGapMs,
        List<String> elections,
        Long roomRecoveredMs,
        List<double[]> cdf,
        List<double[]> live,
        List<String> events,
        double clockOffsetMs,
        String load) {
    public ScenarioResult {
        roles = Map.copyOf(roles);
        elections = List.copyOf(elections);
        cdf = List.copyOf(cdf);
        live = List.copyOf(live);
        events = List.copyOf(events);
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
