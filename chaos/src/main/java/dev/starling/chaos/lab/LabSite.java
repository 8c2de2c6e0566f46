package dev.starling.chaos.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a lab node sits on the lab's "internet" (the bridge): on it directly, or on a private
 * network of its own behind a NAT router.
 *
 * <ul>
 *   <li>{@code public}: an address on the bridge, reachable by everyone.
 *   <li>{@code cone}: behind a NAT whose mapping is endpoint-independent (Linux masquerade keeps
 *       a socket's port for every destination), so a STUN-learned address works for peers too.
 *   <li>{@code symmetric}: behind a NAT that maps every destination to a new random port
 *       (masquerade {@code fully-random}), so only a relay, or a peer that answers where the
 *       packets came from, can reach it.
 * </ul>
 *
 * Both NATs filter like home routers: only answers to what the inside sent get in.
 */
public enum LabSite {
    PUBLIC,
    CONE,
    SYMMETRIC;

    public boolean natted() {
        return this != PUBLIC;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code public,cone,symmetric}-style lists; names are case-insensitive. */
    public static List<LabSite> parseList(String text) {
        List<LabSite> sites = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            try {
                sites.add(LabSite.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown site '" + name + "': expected public, cone or symmetric");
            }
        }
        return sites;
    }
}
