package dev.starling.node.media.session;

import dev.starling.node.media.data.ControlMessage;
import dev.starling.node.media.data.FileChannel;
import java.util.concurrent.Executor;

/**
 * What a link's data channels need from the engine.
 *
 * @param replies      runs data-channel replies, kept off libwebrtc's network thread
 * @param hello        what this node announces on every control channel
 * @param fileReceiver where each link's file channel delivers whole transfers; must not block
 *                     (libwebrtc's thread)
 * @param audioSends   hands audio packets to the channels, so that no audio pusher waits for
 *                     libwebrtc's network thread
 * @param audioBitrateBps the rate each link's Opus encoder for audio packets runs at
 */
public record ChannelSupport(
        Executor replies,
        ControlMessage.Hello hello,
        FileChannel.Receiver fileReceiver,
        Executor audioSends,
        int audioBitrateBps) {}
