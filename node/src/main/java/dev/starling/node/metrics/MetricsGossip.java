package dev.starling.node.metrics;

import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomSendException;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.MetricsReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every few seconds, tells the room this node's figures and remembers everyone else's, so every
 * node knows every peer's bitrate, encode time, probe results and CPU (the election's inputs).
 * Each report also becomes live topology events: link figures and peer CPU.
 */
public final class MetricsGossip implements MembershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsGossip.class);
    private static final int MAX_LINKS_PER_REPORT = 256;

    /** A report and when it arrived (this node's clock, epoch ms). */
    public record Received(MetricsReport report, long receivedAtMillis) {}

    private final Room room;
    private final Supplier<MetricsReport> localReport;
    private final LiveEvents events;
    private final Clock clock;
    private final Map<String, Received> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "metrics-gossip");
        thread.setDaemon(true);
        return thread;
    });

    public MetricsGossip(Room room, Supplier<MetricsReport> localReport, LiveEvents events, Clock clock) {
        this.room = room;
        this.localReport = localReport;
        this.events = events;
        this.clock = clock;
        room.on(Envelope.BodyCase.METRICS_REPORT, envelope -> {
            MetricsReport report = envelope.getMetricsReport();
            if (report.getLinksCount() > MAX_LINKS_PER_REPORT || report.getPathsCount() > MAX_LINKS_PER_REPORT) {
                log.warn("dropped metrics report from {} with {} links", envelope.getSender(), report.getLinksCount());
                return;
            }
            record(envelope.getSender(), report);
        });
        room.membership().addListener(this);
    }

    public void start(long periodMillis) {
        timer.scheduleAtFixedRate(this::gossip, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void gossip() {
        try {
            MetricsReport report = localReport.get();
            record(room.selfId(), report);
            room.broadcast(Envelope.newBuilder().setMetricsReport(report));
        } catch (RoomSendException e) {
            log.debug("metrics not sent: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("metrics gossip failed: {}", e.toString());
        }
    }

    private void record(String peer, MetricsReport report) {
        latest.put(peer, new Received(report, clock.millis()));
        events.publish(
                "PeerMetrics",
                Map.of(
                        "peerId",
                        peer,
                        "cpuPercent",
                        ReportedLinks.finite(report.getCpuPercent()),
                        "electionPoints",
                        0));
        for (Map<String, Object> link : ReportedLinks.linkStats(peer, report)) {
            events.publish("LinkStats", link);
        }
    }

    /** The latest report of every peer, this node's included. */
    public Map<String, Received> reports() {
        return Map.copyOf(latest);
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            latest.remove(departure.member().id());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
