package dev.starling.node.media.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream ids the remote peer sends each m-line's track under, read from the {@code a=msid}
 * lines of its latest description. webrtc-java 0.14.0 hands {@code onAddTrack} streams whose
 * {@code id()} is null and {@code onTrack} none at all, so the receive side looks the stream ids up
 * here by the transceiver's mid. The negotiator records each description before applying it,
 * so it is here when libwebrtc announces the tracks it brings.
 */
final class RemoteStreams {
    private volatile Map<String, List<String>> streamIdsByMid = Map.of();

    /** A remote offer or answer about to be applied (session queue). */
    void described(String sdp) {
        streamIdsByMid = parse(sdp);
    }

    /** The stream ids of the remote track on {@code mid}; empty if the description names none. */
    List<String> streamIds(String mid) {
        return mid == null ? List.of() : streamIdsByMid.getOrDefault(mid, List.of());
    }

    /** Each m-line's mid and the stream ids of its {@code a=msid:STREAM TRACK} lines ("-" is no stream). */
    static Map<String, List<String>> parse(String sdp) {
        Map<String, List<String>> out = new HashMap<>();
        String mid = null;
        List<String> streams = new java.util.ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                put(out, mid, streams);
                mid = null;
                streams = new java.util.ArrayList<>();
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length()).trim();
            } else if (line.startsWith("a=msid:")) {
                String stream = line.substring("a=msid:".length()).trim().split(" ")[0];
                if (!stream.isEmpty() && !stream.equals("-")) {
                    streams.add(stream);
                }
            }
        }
        put(out, mid, streams);
        return Map.copyOf(out);
    }

    private static void put(Map<String, List<String>> out, String mid, List<String> streams) {
        if (mid != null) {
            out.put(mid, List.copyOf(streams));
        }
    }
}
