package dev.starling.node.election;

import java.util.Objects;

/** The points one scorer awarded one peer; mirrors {@code starling.v1.PeerPoints}. */
public record Points(String peerId, double bitrate, double encode, double throughput, double total) {

    public Points {
        Objects.requireNonNull(peerId, "peerId");
        for (double v : new double[] {bitrate, encode, throughput, total}) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("points must be finite and >= 0: " + v);
            }
        }
    }

    static Points of(String peerId, double bitrate, double encode, double throughput) {
        return new Points(peerId, bitrate, encode, throughput, bitrate + encode + throughput);
    }
}
