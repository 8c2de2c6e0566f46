package dev.starling.node.api;

import dev.starling.node.media.MediaEngine;
import dev.starling.node.media.session.LinkSnapshot;
import dev.starling.node.media.source.PushTiming;
import dev.starling.node.metrics.LatencySummary;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.node.routing.RouteController;
import dev.starling.node.routing.RouteTable;
import dev.starling.node.timesync.ClockOffset;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Media endpoints: links with their stats, everyone's gossiped metrics, one-way latencies into
 * this node, and the throughput probe. Registered only when the node has media.
 */
public final class MediaApi {
    private static final long PROBE_TIMEOUT_SECONDS = 90;

    private final String selfId;
    private final MediaEngine engine;
    private final MetricsGossip metrics;
    private final RouteController routes;

    public MediaApi(String selfId, MediaEngine engine, MetricsGossip metrics, RouteController routes) {
        this.selfId = selfId;
        this.engine = engine;
        this.metrics = metrics;
        this.routes = routes;
    }

    void register(Javalin app) {
        app.get("/api/media", ctx -> {
            RouteTable table = routes.table();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("self", selfId);
            out.put("routes", routesJson(table));
            out.put("audioPushes", audioPushesJson(engine.audioPushes()));
            out.put(
                    "links",
                    engine.links().stream().map(l -> linkJson(l, table)).toList());
            ctx.json(out);
        });
        app.get("/api/metrics", ctx -> {
            Map<String, Object> reports = new LinkedHashMap<>();
            metrics.reports().forEach((peer, received) -> {
                Map<String, Object> entry = new LinkedHashMap<>(ProtoJson.toMap(received.report()));
                entry.put("receivedAt", received.receivedAtMillis());
                reports.put(peer, entry);
            });
            ctx.json(Map.of("self", selfId, "reports", reports));
        });
        app.get(
                "/api/latency",
                ctx -> ctx.json(Map.of(
                        "self",
                        selfId,
                        "pairs",
                        engine.links().stream().map(this::pairJson).toList())));
        app.post("/api/latency/reset", ctx -> {
            engine.resetLatencies();
            ctx.json(Map.of("self", selfId, "reset", true));
        });
        app.post("/api/probe", ctx -> {
            Map<String, Double> results = engine.probeAll().get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ctx.status(HttpStatus.OK).json(Map.of("from", selfId, "mbps", results));
        });
    }

    /** The room's routes as this node derives them, what it sends on each link, and its recent switches. */
    private Map<String, Object> routesJson(RouteTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", table.role(selfId));
        out.put("mixers", table.mixers());
        out.put("mixerOf", table.mixerOf());
        out.put("sends", engine.sendPlan().sends());
        out.put("mixer", engine.mixerCounters());
        out.put("switches", routes.switches());
        return out;
    }

    /** How late this node's 10 ms audio frames were pushed to the encoders, and how many a stall skipped. */
    private static Map<String, Object> audioPushesJson(PushTiming timing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("late", summary(timing.lateness(), "frames"));
        out.put("skipped", timing.framesSkipped());
        return out;
    }

    /** One directed pair: media sent by the remote peer, received and timed here. */
    private Map<String, Object> pairJson(LinkSnapshot link) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("from", link.remotePeer());
        pair.put("to", selfId);
        pair.put("hops", routes.table().hops(link.remotePeer(), selfId));
        pair.put("via", routes.table().lastHop(link.remotePeer(), selfId));
        pair.put("audioGaps", link.audioGaps());
        pair.put("lastMarkerMillis", ProtoJson.number(link.lastMarkerMillis()));
        pair.put("audio", summary(link.audioLatency(), "samples"));
        pair.put("video", summary(link.videoLatency(), "frames"));
        pair.put("clockOffset", offset(link.clockOffset()));
        pair.put("ice", ice(link));
        pair.put("reconnection", reconnection(link));
        return pair;
    }

    static Map<String, Object> summary(LatencySummary summary, String countName) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("p50_ms", ProtoJson.number(summary.p50()));
        out.put("p95_ms", ProtoJson.number(summary.p95()));
        out.put("max_ms", ProtoJson.number(summary.max()));
        out.put(countName, summary.count());
        if (!summary.buckets().isEmpty()) {
            // Sparse 0.5 ms buckets (index -> count; the last index counts everything above 5 s):
            // two snapshots give the exact distribution of the samples in between.
            out.put("histogram", new java.util.TreeMap<>(summary.buckets()));
        }
        return out;
    }

    /** {@code {"local": TYPE, "remote": TYPE, "protocol": P}} of the link's selected candidate pair, or null. */
    private static Map<String, Object> ice(LinkSnapshot link) {
        return link.icePath()
                .<Map<String, Object>>map(p -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("local", p.local());
                    out.put("remote", p.remote());
                    out.put("protocol", p.protocol());
                    return out;
                })
                .orElse(null);
    }

    /** How often the link lost its path and came back, the last gap, and the ICE restarts this side sent. */
    private static Map<String, Object> reconnection(LinkSnapshot link) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reconnects", link.reconnection().reconnects());
        out.put("lastGapMs", ProtoJson.number(link.reconnection().lastGapMillis()));
        out.put("iceRestarts", link.reconnection().restarts());
        return out;
    }

    private static Map<String, Object> offset(ClockOffset offset) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (offset == null) {
            return out;
        }
        out.put("offset_ms", ProtoJson.number(offset.offsetMicros() / 1_000));
        out.put("uncertainty_ms", ProtoJson.number(offset.uncertaintyMicros() / 1_000));
        out.put("rtt_ms", offset.rttMicros() / 1_000.0);
        out.put("samples", offset.samples());
        return out;
    }

    private Map<String, Object> linkJson(LinkSnapshot link, RouteTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peer", link.remotePeer());
        out.put("state", link.state());
        out.put("sending", link.sending());
        out.put("hops", table.hops(link.remotePeer(), selfId));
        out.put("markersRelayed", link.markersRelayed());
        out.put("picturesRelayed", link.picturesRelayed());
        out.put("markersOwn", link.markersOwn());
        out.put("markersMisread", link.markersMisread());
        out.put("audioGaps", link.audioGaps());
        out.put("ice", ice(link));
        out.put("reconnection", reconnection(link));
        out.put("connectMs", ProtoJson.number(link.connectMillis()));
        out.put("videoFrames", link.videoFrames());
        out.put("screenFrames", link.screenFrames());
        out.put("stampsDecoded", link.stampsDecoded());
        out.put("audioChunks", link.audioChunks());
        link.audioPackets().ifPresent(p -> out.put("audioPackets", p));
        out.put("markersDetected", link.markersDetected());
        out.put("videoLatency", summary(link.videoLatency(), "frames"));
        out.put("audioLatency", summary(link.audioLatency(), "samples"));
        out.put("clockOffset", offset(link.clockOffset()));
        out.put("probeMbps", ProtoJson.number(link.probeMbps()));
        out.put("dataMalformed", link.dataMalformed());
        out.put("stats", link.metrics().stream().map(ProtoJson::toMap).toList());
        return out;
    }
}
