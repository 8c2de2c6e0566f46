package dev.starling.node.cli;

import dev.starling.node.media.IceServerConfig;
import dev.starling.node.media.TurnCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * How {@code join} reaches peers across networks: STUN and TURN servers, the TURN credentials
 * (from the environment, as a password or as a secret shared with the server), and whether media
 * may only go through the relay.
 */
final class IceOptions {
    @Option(
            names = "--stun",
            paramLabel = "URL",
            description = "STUN server for WebRTC, e.g. stun:stun.example.org:3478; repeatable.")
    List<String> stun = new ArrayList<>();

    @Option(
            names = "--turn",
            paramLabel = "URL",
            description = "TURN server, e.g. turn:turn.example.org:3478?transport=udp; repeatable.")
    List<String> turn = new ArrayList<>();

    @Option(names = "--turn-username", paramLabel = "USER", description = "Username for the --turn servers.")
    String turnUsername;

    @Option(
            names = "--turn-password-env",
            paramLabel = "VAR",
            description = "Environment variable holding the TURN password.")
    String turnPasswordEnv;

    @Option(
            names = "--turn-secret-env",
            paramLabel = "VAR",
            description = "Environment variable holding a secret shared with the TURN server (coturn's"
                    + " use-auth-secret): the node makes time-limited credentials for --turn-username from it.")
    String turnSecretEnv;

    @Option(
            names = "--ice-relay-only",
            description = "Send media through a --turn relay only, never directly (tests TURN; hides addresses).")
    boolean relayOnly;

    void validate(CommandSpec spec) {
        if (!turn.isEmpty() && (turnUsername == null || (turnPasswordEnv == null) == (turnSecretEnv == null))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--turn needs --turn-username and one of --turn-password-env and --turn-secret-env");
        }
        if (relayOnly && turn.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ice-relay-only needs a --turn server");
        }
        for (String url : stun) {
            if (!IceServerConfig.isStunUrl(url)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stun expects a stun: URL, got " + url);
            }
        }
        for (String url : turn) {
            if (!IceServerConfig.isTurnUrl(url)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--turn expects a turn: URL, got " + url);
            }
        }
    }

    /** The servers with their credentials, read from the environment now. */
    List<IceServerConfig> servers(CommandSpec spec) {
        List<IceServerConfig> servers = new ArrayList<>();
        stun.forEach(url -> servers.add(IceServerConfig.stun(url)));
        if (turn.isEmpty()) {
            return servers;
        }
        String env = turnPasswordEnv != null ? turnPasswordEnv : turnSecretEnv;
        String value = System.getenv(env);
        if (value == null || value.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "environment variable " + env + " is not set");
        }
        TurnCredentials credentials;
        try {
            credentials = turnSecretEnv != null
                    ? TurnCredentials.timeLimited(value, turnUsername, Instant.now(), TurnCredentials.DEFAULT_LIFETIME)
                    : new TurnCredentials(turnUsername, value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--turn-username: " + e.getMessage());
        }
        turn.forEach(url -> servers.add(IceServerConfig.turn(url, credentials.username(), credentials.password())));
        return servers;
    }
}
