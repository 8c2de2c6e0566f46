package dev.starling.node.media.session;

import dev.starling.node.media.SignalingTransport;
import dev.starling.node.media.playout.PlayoutClock;
import dev.starling.node.timesync.WallClock;
import java.util.concurrent.Executor;

/**
 * What a {@link PeerSession} borrows from the engine that owns it, as narrow parts rather than one
 * wide callback interface: each part of a session is handed only the piece it uses, so what a
 * part can reach of the engine is visible in its constructor. One host serves every link.
 *
 * @param signals         carries our signals to the remote peer; must not throw (the engine's
 *                        transport logs and swallows failures)
 * @param negotiationPool shared pool on which each session runs its own serial queue
 * @param playout         plays the audio that peers send as packets; null when this node
 *                        plays RTP audio (on a sound card) and asks nobody for packets
 */
public record SessionHost(
        String localPeerId,
        WallClock clock,
        Executor negotiationPool,
        LinkSetup setup,
        SignalingTransport signals,
        SendRouting sending,
        ReceiveRouting receiving,
        RecordingPlan recording,
        ChannelSupport channels,
        PlayoutClock playout) {}
