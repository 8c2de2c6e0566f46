package dev.starling.chaos.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A real TURN server for a lab run: Debian's coturn, in the lab bridge's namespace on the
 * bridge's own address, so every relayed packet stays inside namespaces the run created. It uses
 * a shared secret (coturn's {@code use-auth-secret}) that lives only in a 0600 config file in the
 * run's directory and in the nodes' environment, never on a command line; each node derives
 * time-limited credentials from it ({@code join --turn-secret-env}).
 */
public final class LabTurnServer implements AutoCloseable {
    public static final String BINARY = "/usr/bin/turnserver";
    /** The environment variable the lab's nodes read the secret from. */
    public static final String SECRET_ENV = "STARLING_LAB_TURN_SECRET";

    static final int PORT = 3478;
    private static final String READY_LINE = "IO method (auth thread)";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final String address;
    private final String secret;
    private final Path log;
    private final Process process;

    private LabTurnServer(String address, String secret, Path log, Process process) {
        this.address = address;
        this.secret = secret;
        this.log = log;
        this.process = process;
    }

    /** Starts coturn in the namespace that {@code execIn} enters, listening and relaying on {@code address}. */
    public static LabTurnServer start(List<String> execIn, String address, Path dir)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("no " + BINARY + ": install Debian's coturn package");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getEncoder().encodeToString(random);
        Path config = dir.resolve("turnserver.conf");
        Path log = dir.resolve("turnserver.log");
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "listening-ip=" + address,
                        "relay-ip=" + address,
                        // A relay-only node's peer may itself be relayed by this server: coturn
                        // refuses its own address as a peer unless it is allowed by name.
                        "allowed-peer-ip=" + address,
                        "listening-port=" + PORT,
                        "min-port=49160",
                        "max-port=49400",
                        "use-auth-secret",
                        "static-auth-secret=" + secret,
                        "realm=starling.lab",
                        "fingerprint",
                        "no-tls",
                        "no-dtls",
                        "no-cli",
                        "no-software-attribute",
                        "userdb=" + dir.resolve("turndb"),
                        "pidfile=" + dir.resolve("turnserver.pid"),
                        "log-file=" + log,
                        "simple-log",
                        ""),
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(execIn);
        command.addAll(List.of(BINARY, "-c", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("turnserver.out").toFile())
                .start();
        LabTurnServer server = new LabTurnServer(address, secret, log, process);
        if (!LabNode.startedWithin(process, START_TIMEOUT, server::ready)) {
            server.close();
            throw new IllegalStateException("coturn did not start; see " + log);
        }
        return server;
    }

    private boolean ready() throws IOException {
        return Files.exists(log)
                && Files.readString(log, StandardCharsets.ISO_8859_1).contains(READY_LINE);
    }

    /**
     * What a node adds to its {@code join} command to use this server; with {@code relayOnly} its
     * media goes through the relay only.
     */
    public List<String> nodeOptions(boolean relayOnly) {
        List<String> options = new ArrayList<>(List.of("--turn", turnUrl()));
        options.addAll(credentialOptions());
        if (relayOnly) {
            options.add("--ice-relay-only");
        }
        return options;
    }

    /** How a node makes credentials for this server: a username, and the secret from the environment. */
    public List<String> credentialOptions() {
        return List.of("--turn-username", "lab", "--turn-secret-env", SECRET_ENV);
    }

    public String turnUrl() {
        return "turn:" + address + ":" + PORT + "?transport=udp";
    }

    /** coturn answers STUN binding requests on the same port. */
    public String stunUrl() {
        return "stun:" + address + ":" + PORT;
    }

    /** The shared secret, for the nodes' environment only. */
    public String secret() {
        return secret;
    }

    @Override
    public void close() {
        LabNode.stop(process, Duration.ofSeconds(5));
    }
}
