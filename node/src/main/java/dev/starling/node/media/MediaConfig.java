package dev.starling.node.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Media settings of one node.
 *
 * @param localPeerId  this node's peer id in the room (decides glare roles and marker slot)
 * @param iceServers   STUN/TURN servers; empty means host candidates only (the lab)
 * @param width        synthetic video width (multiple of 16, at least 128 wide)
 * @param height       synthetic video height
 * @param fps          synthetic video frame rate
 * @param recordDir    where to write received media per peer, or null
 * @param markerSlot   this node's audio marker slot (0-7); peers in one room need distinct slots for
 *                     markers relayed in a mix to name their origin. Defaults to a hash of the peer id.
 * @param sendLimits   bitrate caps on every link's audio and video senders
 * @param relayOnly    media may only flow through a TURN relay (ICE transport policy "relay")
 */
public record MediaConfig(
        String localPeerId,
        List<IceServerConfig> iceServers,
        int width,
        int height,
        int fps,
        Path recordDir,
        int markerSlot,
        SendLimits sendLimits,
        boolean relayOnly) {
    public MediaConfig {
        iceServers = List.copyOf(iceServers);
        Objects.requireNonNull(sendLimits, "sendLimits");
        if (localPeerId == null || localPeerId.isBlank()) {
            throw new IllegalArgumentException("localPeerId is required");
        }
        if (markerSlot < 0 || markerSlot >= dev.starling.node.media.synthetic.MarkerPlan.SLOTS) {
            throw new IllegalArgumentException("marker slot out of range: " + markerSlot);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps out of range: " + fps);
        }
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("video size must be even for I420: " + width + "x" + height);
        }
        new dev.starling.node.media.synthetic.VideoStampCodec(width, height); // throws if the stamp cannot fit
    }

    /** Synthetic media at 320x240@15: enough motion and stamp area, cheap enough for many peers on 2 cores. */
    public static MediaConfig synthetic(String localPeerId) {
        return new MediaConfig(
                localPeerId,
                List.of(),
                320,
                240,
                15,
                null,
                dev.starling.node.media.synthetic.MarkerPlan.slotFor(localPeerId),
                SendLimits.NONE,
                false);
    }

    public MediaConfig withIceServers(List<IceServerConfig> servers) {
        return new MediaConfig(localPeerId, servers, width, height, fps, recordDir, markerSlot, sendLimits, relayOnly);
    }

    public MediaConfig withVideo(int w, int h, int f) {
        return new MediaConfig(localPeerId, iceServers, w, h, f, recordDir, markerSlot, sendLimits, relayOnly);
    }

    public MediaConfig withRecordDir(Path dir) {
        return new MediaConfig(localPeerId, iceServers, width, height, fps, dir, markerSlot, sendLimits, relayOnly);
    }

    public MediaConfig withMarkerSlot(int slot) {
        return new MediaConfig(localPeerId, iceServers, width, height, fps, recordDir, slot, sendLimits, relayOnly);
    }

    public MediaConfig withSendLimits(SendLimits limits) {
        return new MediaConfig(localPeerId, iceServers, width, height, fps, recordDir, markerSlot, limits, relayOnly);
    }

    public MediaConfig withRelayOnly(boolean only) {
        return new MediaConfig(localPeerId, iceServers, width, height, fps, recordDir, markerSlot, sendLimits, only);
    }
}
