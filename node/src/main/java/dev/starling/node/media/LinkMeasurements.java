package dev.starling.node.media;

import dev.starling.node.media.session.LinkSnapshot;
import dev.starling.node.media.session.PeerSession;
import dev.starling.node.metrics.CpuBudget;
import dev.starling.node.metrics.ProcessCpuSampler;
import dev.starling.node.timesync.WallClock;
import dev.starling.protocol.v1.LinkMetrics;
import dev.starling.protocol.v1.LinkPath;
import dev.starling.protocol.v1.MetricsReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node reports about its links, to the API and to gossip: per-link snapshots, the
 * summed report of a window, and throughput probes. Probes run on their own pool because one
 * takes seconds and callers (the election, the API) must not hold a routing or stats thread.
 */
final class LinkMeasurements {
    private static final Logger log = LoggerFactory.getLogger(LinkMeasurements.class);
    private static final long PROBE_TIMEOUT_SECONDS = 20;

    private final LinkRegistry links;
    private final Executor probes;
    private final WallClock clock;
    private final ProcessCpuSampler cpu = new ProcessCpuSampler();
    private final CpuBudget cpuBudget = CpuBudget.ofThisProcess();
    private long reportWindowStart;

    LinkMeasurements(LinkRegistry links, Executor probes, WallClock clock) {
        this.links = links;
        this.probes = probes;
        this.clock = clock;
        this.reportWindowStart = clock.nowMicros();
    }

    List<LinkSnapshot> links() {
        List<LinkSnapshot> out = new ArrayList<>();
        for (PeerSession s : links.all()) {
            out.add(s.snapshot());
        }
        return out;
    }

    Optional<LinkSnapshot> link(String peerId) {
        return Optional.ofNullable(links.get(peerId)).map(PeerSession::snapshot);
    }

    /** Clears every link's latency histograms (counters and gap records stay). */
    void resetLatencies() {
        for (PeerSession s : links.all()) {
            s.received().audioLatency.reset();
            s.received().videoLatency.reset();
        }
    }

    /** Asks every link to refresh its figures; called about once a second. */
    void pollAll() {
        for (PeerSession s : links.all()) {
            try {
                s.poll();
            } catch (RuntimeException e) {
                log.debug("poll {}: {}", s.remotePeer(), e.toString());
            }
        }
    }

    /** Runs the 2 MiB data-channel probe to one peer; completes with Mbit/s. */
    CompletableFuture<Double> probe(String peerId) {
        PeerSession s = links.get(peerId);
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no link to " + peerId));
        }
        return CompletableFuture.supplyAsync(s::probe, probes).thenCompose(f -> f);
    }

    /** Probes every linked peer, one after the other so the probes do not share the uplink. */
    CompletableFuture<Map<String, Double>> probeAll() {
        return CompletableFuture.supplyAsync(
                () -> {
                    Map<String, Double> results = new LinkedHashMap<>();
                    for (PeerSession s : new ArrayList<>(links.all())) {
                        try {
                            results.put(s.remotePeer(), s.probe().get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            log.warn("probe to {} failed: {}", s.remotePeer(), e.toString());
                        }
                    }
                    return results;
                },
                probes);
    }

    /**
     * This node's figures for gossip, covering the window since the previous call: link metrics
     * from the last stats poll, their {@link LinkTotals}, last probe results, process CPU and the
     * CPU budget.
     */
    synchronized MetricsReport metricsReport() {
        long now = clock.nowMicros();
        MetricsReport.Builder r = MetricsReport.newBuilder()
                .setWindowStartMicros(reportWindowStart)
                .setWindowEndMicros(now)
                .setCpuPercent(cpu.sample())
                .setCpuCores(cpuBudget.cores());
        reportWindowStart = now;
        List<LinkTotals.Link> sent = new ArrayList<>();
        for (PeerSession s : links.all()) {
            LinkSnapshot snapshot = s.snapshot();
            List<LinkMetrics> metrics = s.latestMetrics();
            r.addPaths(path(snapshot));
            metrics.forEach(m -> r.addLinks(withLatency(m, snapshot)));
            sent.add(new LinkTotals.Link(snapshot.sending(), metrics));
            if (!Double.isNaN(s.probeMbps())) {
                r.putProbeMbps(s.remotePeer(), s.probeMbps());
            }
        }
        LinkTotals totals = LinkTotals.of(sent);
        return r.setUploadKbps(totals.uploadKbps())
                .setDownloadKbps(totals.downloadKbps())
                .setAvgOutboundVideoKbps(totals.avgVideoKbps())
                .setAvgEncodeMsPerFrame(totals.avgEncodeMs())
                .build();
    }

    private static LinkPath path(LinkSnapshot link) {
        LinkPath.Builder path =
                LinkPath.newBuilder().setRemotePeer(link.remotePeer()).setState(link.state());
        link.icePath()
                .ifPresent(ice -> path.setLocalCandidate(ice.local())
                        .setRemoteCandidate(ice.remote())
                        .setProtocol(ice.protocol()));
        return path.build();
    }

    /** Inbound audio/video figures carry the one-way latency this node measured on that link. */
    private static LinkMetrics withLatency(LinkMetrics metrics, LinkSnapshot link) {
        if (!"inbound".equals(metrics.getDirection())) {
            return metrics;
        }
        double p50 = switch (metrics.getKind()) {
            case "audio" -> link.audioLatency().p50();
            case "video" -> link.videoLatency().p50();
            default -> Double.NaN;
        };
        return Double.isFinite(p50) ? metrics.toBuilder().setLatencyP50Ms(p50).build() : metrics;
    }
}
