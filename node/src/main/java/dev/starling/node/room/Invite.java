package dev.starling.node.room;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How to reach a room without knowing anyone's address: the room id, a rendezvous or bootstrap
 * peers, and the ICE servers to use; never the password, which travels another way. Written as a
 * {@code starling://join?...} link or as a short text form ({@code starling1.BASE64URL}) that
 * survives chat programs. Both end in a checksum of the rest, so a mistyped or altered invite is
 * refused with a clear error instead of sending the node somewhere else. (The checksum proves
 * nothing about who made the invite; the room password does: a forged rendezvous can hold the
 * node up, but cannot let it into a room without the password.)
 */
public record Invite(
        String roomId, Optional<HostPort> rendezvous, List<HostPort> peers, List<String> stun, List<String> turn) {
    private static final String LINK_PREFIX = "starling://join?";
    private static final String TEXT_PREFIX = "starling1.";
    private static final int MAX_CHARS = 4_096;
    private static final int MAX_ENTRIES = 16;
    private static final int CHECK_HEX = 12;

    public Invite {
        if (roomId == null
                || roomId.isBlank()
                || roomId.length() > 128
                || roomId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the room id must be 1-128 printable characters");
        }
        peers = List.copyOf(peers);
        stun = List.copyOf(stun);
        turn = List.copyOf(turn);
        if (rendezvous.isEmpty() == peers.isEmpty()) {
            throw new IllegalArgumentException("an invite names a rendezvous or peers, one of the two");
        }
        if (peers.size() > MAX_ENTRIES || stun.size() > MAX_ENTRIES || turn.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " peers, STUN and TURN servers each");
        }
        for (String url : stun) {
            if (!url.startsWith("stun:") && !url.startsWith("stuns:")) {
                throw new IllegalArgumentException("not a stun: URL: " + url);
            }
        }
        for (String url : turn) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new IllegalArgumentException("not a turn: URL: " + url);
            }
        }
    }

    /** The {@code starling://join?...} form. */
    public String link() {
        String body = body();
        return LINK_PREFIX + body + "&check=" + check(body);
    }

    /** The short text form: the same fields, base64url-encoded, with the same checksum. */
    public String text() {
        String body = body();
        return TEXT_PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((body + "&check=" + check(body)).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads either form; a malformed, altered or truncated invite is an IllegalArgumentException saying what is wrong. */
    public static Invite parse(String invite) {
        if (invite == null || invite.isBlank()) {
            throw new IllegalArgumentException("the invite is empty");
        }
        String s = invite.strip();
        if (s.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the invite is longer than " + MAX_CHARS + " characters");
        }
        String query;
        if (s.startsWith(LINK_PREFIX)) {
            query = s.substring(LINK_PREFIX.length());
        } else if (s.startsWith(TEXT_PREFIX)) {
            try {
                query = new String(
                        Base64.getUrlDecoder().decode(s.substring(TEXT_PREFIX.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "the invite's text form is not valid base64url; was it cut or altered?");
            }
        } else {
            throw new IllegalArgumentException(
                    "not a Starling invite: it starts with neither " + LINK_PREFIX + " nor " + TEXT_PREFIX);
        }
        int at = query.lastIndexOf("&check=");
        if (at < 0) {
            throw new IllegalArgumentException("the invite has no checksum; was it cut?");
        }
        String body = query.substring(0, at);
        if (!MessageDigest.isEqual(
                check(body).getBytes(StandardCharsets.US_ASCII),
                query.substring(at + "&check=".length()).getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the invite's checksum does not match: it was mistyped or altered");
        }
        return fromBody(body);
    }

    private static Invite fromBody(String body) {
        String room = null;
        HostPort rendezvous = null;
        List<HostPort> peers = new ArrayList<>();
        List<String> stun = new ArrayList<>();
        List<String> turn = new ArrayList<>();
        boolean versioned = false;
        for (String field : body.split("&")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed invite field: " + field);
            }
            String key = field.substring(0, eq);
            String value = URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "v" -> {
                    if (!value.equals("1")) {
                        throw new IllegalArgumentException(
                                "invite version " + value + " is not supported; update Starling");
                    }
                    versioned = true;
                }
                case "room" -> room = value;
                case "rendezvous" -> rendezvous = HostPort.parse(value);
                case "peer" -> peers.add(HostPort.parse(value));
                case "stun" -> stun.add(value);
                case "turn" -> turn.add(value);
                default -> throw new IllegalArgumentException("unknown invite field: " + key);
            }
        }
        if (!versioned) {
            throw new IllegalArgumentException("the invite has no version");
        }
        return new Invite(room, Optional.ofNullable(rendezvous), peers, stun, turn);
    }

    private String body() {
        StringBuilder b = new StringBuilder("v=1&room=").append(encode(roomId));
        rendezvous.ifPresent(r -> b.append("&rendezvous=").append(encode(r.toString())));
        peers.forEach(p -> b.append("&peer=").append(encode(p.toString())));
        stun.forEach(u -> b.append("&stun=").append(encode(u)));
        turn.forEach(u -> b.append("&turn=").append(encode(u)));
        return b.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String check(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, CHECK_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
