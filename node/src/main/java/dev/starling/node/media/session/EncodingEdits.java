package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import java.util.OptionalInt;

/**
 * Changes to one encoding of a sender, each saying whether it changed anything: setting a
 * sender's parameters is a native round trip, so it is only done for a real change.
 */
final class EncodingEdits {
    private EncodingEdits() {}

    static boolean activate(RTCRtpEncodingParameters encoding, boolean on) {
        if (Boolean.valueOf(on).equals(encoding.active)) {
            return false;
        }
        encoding.active = on;
        return true;
    }

    /** Without a cap the encoding is left as libwebrtc made it. */
    static boolean capBitrate(RTCRtpEncodingParameters encoding, OptionalInt maxBps) {
        if (maxBps.isEmpty() || Integer.valueOf(maxBps.getAsInt()).equals(encoding.maxBitrate)) {
            return false;
        }
        encoding.maxBitrate = maxBps.getAsInt();
        return true;
    }
}
