package dev.starling.node.media;

import java.util.List;

/** A STUN or TURN server, as given by --stun / --turn; username and credential only for TURN. */
public record IceServerConfig(List<String> urls, String username, String credential) {
    public IceServerConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
    }

    public static IceServerConfig stun(String url) {
        return new IceServerConfig(List.of(url), null, null);
    }

    public static IceServerConfig turn(String url, String username, String credential) {
        return new IceServerConfig(List.of(url), username, credential);
    }

    public static boolean isStunUrl(String url) {
        return url.startsWith("stun:") || url.startsWith("stuns:");
    }

    public static boolean isTurnUrl(String url) {
        return url.startsWith("turn:") || url.startsWith("turns:");
    }

    /** Whether this is a TURN server (one of its URLs is a turn: URL). */
    public boolean isTurn() {
        return urls.stream().anyMatch(IceServerConfig::isTurnUrl);
    }
}
