package dev.starling.node.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials from a secret shared with the TURN server (the "TURN REST API"
 * scheme, coturn's {@code use-auth-secret}): the username is {@code EXPIRY:USER} with EXPIRY in
 * Unix seconds, the password base64(HMAC-SHA1(secret, username)). The server checks both without
 * a user database, and a leaked pair stops working at its expiry.
 */
public record TurnCredentials(String username, String password) {
    /** How long credentials made at start-up stay valid: longer than any call. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

    public static TurnCredentials timeLimited(String secret, String user, Instant now, Duration lifetime) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the TURN secret is empty");
        }
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("a TURN user must be non-empty and without ':'");
        }
        String username = now.plus(lifetime).getEpochSecond() + ":" + user;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredentials(username, Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Never the password: these end up in logs and exceptions. */
    @Override
    public String toString() {
        return "TurnCredentials[" + username + "]";
    }
}
