package dev.starling.node.media.session;

import dev.onvoid.webrtc.RTCPeerConnectionState;

/**
 * When a link that was connected loses its path, and when to restart ICE to find a new one.
 *
 * <p>libwebrtc calls a link disconnected after about 2.5 s without answers, and keeps checking the
 * old path: a short drop heals by itself. A link still disconnected after {@link #GRACE_MILLIS},
 * or failed, needs new candidates (its address or NAT mapping may have changed): one side, the
 * impolite one so two restarts never cross, restarts ICE, again every {@link #RETRY_MILLIS} until
 * the link is back or {@link #GIVE_UP_MILLIS} have passed. Until then the link is "reconnecting",
 * not gone. A link whose first connection attempt failed is restarted the same way, by the side
 * that saw it fail (the other may still be checking; perfect negotiation settles a crossing), but
 * it was never connected, so it is not reconnecting.
 * Pure: the caller supplies the clock.
 */
public final class Reconnection {
    static final long GRACE_MILLIS = 1_500;
    static final long RETRY_MILLIS = 4_000;
    static final long GIVE_UP_MILLIS = 60_000;

    /** How often this link came back, the last gap (lost to connected again), and ICE restarts sent. */
    public record Summary(int reconnects, double lastGapMillis, int restarts) {}

    private RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private boolean everConnected;
    private long lostAtMillis = -1;
    private long lastRestartMillis = -1;
    private int reconnects;
    private double lastGapMillis = Double.NaN;
    private int restarts;

    synchronized void changed(RTCPeerConnectionState newState, long nowMillis) {
        state = newState;
        if (newState == RTCPeerConnectionState.CONNECTED) {
            if (lostAtMillis >= 0 && everConnected) {
                reconnects++;
                lastGapMillis = nowMillis - lostAtMillis;
            }
            everConnected = true;
            lostAtMillis = -1;
            lastRestartMillis = -1;
        } else if (lostAtMillis < 0 && (everConnected ? lost(newState) : newState == RTCPeerConnectionState.FAILED)) {
            lostAtMillis = nowMillis;
        }
    }

    /** Whether this side should restart ICE now; if so, counts the restart. */
    synchronized boolean restartDue(boolean impolite, long nowMillis) {
        // A first attempt may fail on one side only (the other still checking): that side restarts.
        if ((everConnected && !impolite) || lostAtMillis < 0 || nowMillis - lostAtMillis > GIVE_UP_MILLIS) {
            return false;
        }
        boolean waitedEnough = state == RTCPeerConnectionState.FAILED || nowMillis - lostAtMillis >= GRACE_MILLIS;
        boolean retryDue = lastRestartMillis < 0 || nowMillis - lastRestartMillis >= RETRY_MILLIS;
        if (waitedEnough && retryDue) {
            lastRestartMillis = nowMillis;
            restarts++;
            return true;
        }
        return false;
    }

    /**
     * This node's own address changed, so the link's path is stale even if libwebrtc has not
     * noticed yet: restart now, on whichever side (only this one knows; perfect negotiation
     * settles a crossing restart). Not more often than {@link #RETRY_MILLIS}; counts the restart.
     */
    synchronized boolean addressChanged(long nowMillis) {
        if (!everConnected || (lastRestartMillis >= 0 && nowMillis - lastRestartMillis < RETRY_MILLIS)) {
            return false;
        }
        lastRestartMillis = nowMillis;
        restarts++;
        return true;
    }

    /** A link that was connected and lost its path, and is still being brought back. */
    synchronized boolean reconnecting(long nowMillis) {
        return everConnected && lostAtMillis >= 0 && nowMillis - lostAtMillis <= GIVE_UP_MILLIS;
    }

    synchronized Summary summary() {
        return new Summary(reconnects, lastGapMillis, restarts);
    }

    private static boolean lost(RTCPeerConnectionState s) {
        return s == RTCPeerConnectionState.DISCONNECTED || s == RTCPeerConnectionState.FAILED;
    }
}
