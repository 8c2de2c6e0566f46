package dev.starling.node.media.session;

import dev.starling.node.media.data.AudioChannel;
import dev.starling.node.media.playout.JitterStats;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.protocol.v1.LinkMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The link's audio figures when audio travels as packets on the audio channel: the same
 * {@link LinkMetrics} getStats gives for RTP audio (bitrate, jitter-buffer delay, concealment),
 * in place of the RTP audio entries, which then describe a stream that carries nothing.
 */
final class PacketAudioMetrics {
    private final String remotePeer;
    private long lastMicros;
    private long lastBytesSent;
    private long lastBytesReceived;
    private JitterStats lastJitter;

    PacketAudioMetrics(String remotePeer) {
        this.remotePeer = remotePeer;
    }

    /**
     * @param rtp what getStats gave, audio included
     * @param receivesPackets whether the peer's audio reaches us as packets
     */
    List<LinkMetrics> merge(List<LinkMetrics> rtp, AudioChannel channel, boolean receivesPackets, long nowMicros) {
        if (channel == null) {
            return rtp;
        }
        boolean sendsPackets = channel.carriesOurAudio();
        List<LinkMetrics> out = new ArrayList<>();
        for (LinkMetrics m : rtp) {
            boolean replaced = "audio".equals(m.getKind())
                    && ("outbound".equals(m.getDirection()) ? sendsPackets : receivesPackets);
            if (!replaced) {
                out.add(m);
            }
        }
        long sent = channel.bytesSent.get();
        long received = channel.bytesReceived.get();
        JitterStats jitter = channel.inbound().stats();
        double seconds = lastMicros == 0 ? 0 : (nowMicros - lastMicros) / 1e6;
        if (sendsPackets) {
            out.add(LinkMetrics.newBuilder()
                    .setRemotePeer(remotePeer)
                    .setDirection("outbound")
                    .setKind("audio")
                    .setBitrateKbps(kbps(sent - lastBytesSent, seconds))
                    .build());
        }
        if (receivesPackets) {
            LinkMetrics.Builder in = LinkMetrics.newBuilder()
                    .setRemotePeer(remotePeer)
                    .setDirection("inbound")
                    .setKind("audio")
                    .setBitrateKbps(kbps(received - lastBytesReceived, seconds))
                    .setPacketsLost(jitter.concealed())
                    .setConcealedSamples(jitter.concealed() * AudioFrames.FRAME_SAMPLES);
            long played = jitter.played() - (lastJitter == null ? 0 : lastJitter.played());
            double waited = jitter.delaySumMillis() - (lastJitter == null ? 0 : lastJitter.delaySumMillis());
            if (played > 0) {
                in.setJitterBufferDelayMs(waited / played);
            }
            out.add(in.build());
        }
        lastMicros = nowMicros;
        lastBytesSent = sent;
        lastBytesReceived = received;
        lastJitter = jitter;
        return out;
    }

    private static double kbps(long bytes, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, bytes) * 8 / 1000.0 / seconds;
    }
}
