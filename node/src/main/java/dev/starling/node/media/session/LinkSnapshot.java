package dev.starling.node.media.session;

import dev.starling.node.media.playout.PlayoutSummary;
import dev.starling.node.media.sink.AudioGaps;
import dev.starling.node.media.stats.IcePath;
import dev.starling.node.metrics.LatencySummary;
import dev.starling.node.timesync.ClockOffset;
import dev.starling.protocol.v1.LinkMetrics;
import java.util.List;
import java.util.Optional;

/**
 * What this node knows about its link to one remote peer, for the API and reports.
 * Latencies are one-way, remote → this node, whether the remote's media came on this link or
 * relayed by a mixer ({@code markersRelayed} of the markers, {@code picturesRelayed} of the
 * camera's pictures, which arrived inside a mixer's composite). {@code sending} is false while our
 * encodings for this link are frozen. {@code videoFrames} counts the camera's pictures only,
 * {@code screenFrames} those of a screen the peer shares. {@code icePath} is the candidate pair
 * the media flows over (empty before ICE chose one). {@code state} is "reconnecting" while a link
 * that was connected looks for a new path ({@link Reconnection}). {@code audioPackets} is the
 * jitter buffer of the peer's audio packets, empty when its audio comes as RTP.
 */
public record LinkSnapshot(
        String remotePeer,
        String state,
        double connectMillis,
        long videoFrames,
        long screenFrames,
        long stampsDecoded,
        LatencySummary videoLatency,
        long audioChunks,
        long markersDetected,
        LatencySummary audioLatency,
        ClockOffset clockOffset,
        double probeMbps,
        List<LinkMetrics> metrics,
        long dataMalformed,
        boolean sending,
        long markersRelayed,
        long picturesRelayed,
        long markersOwn,
        long markersMisread,
        List<AudioGaps.Gap> audioGaps,
        double lastMarkerMillis,
        Optional<IcePath> icePath,
        Reconnection.Summary reconnection,
        Optional<PlayoutSummary> audioPackets) {}
