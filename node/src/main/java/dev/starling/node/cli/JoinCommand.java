package dev.starling.node.cli;

import dev.starling.node.NodeConfig;
import dev.starling.node.StarlingNode;
import dev.starling.node.api.ApiToken;
import dev.starling.node.collaboration.files.FileLimits;
import dev.starling.node.election.TriggerConfig;
import dev.starling.node.media.IceServerConfig;
import dev.starling.node.media.MediaSource;
import dev.starling.node.media.SendLimits;
import dev.starling.node.media.TurnCheck;
import dev.starling.node.media.VideoFormat;
import dev.starling.node.media.source.SourceUnavailableException;
import dev.starling.node.room.HostPort;
import dev.starling.node.room.Invite;
import dev.starling.node.room.JoinRefusedException;
import dev.starling.node.room.PasswordStrength;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "join", description = "Join a room and stay in it until interrupted.")
final class JoinCommand implements Callable<Integer> {
    private static final int MAX_ROOM_CHARS = 128;
    private static final int MAX_NAME_CHARS = 64;
    private static final int RENDEZVOUS_CONNECT_MILLIS = 5_000;
    /** How long a TURN server may take to hand out a relay address before the join gives up. */
    private static final java.time.Duration TURN_PATIENCE = java.time.Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--room", paramLabel = "ID", description = "Room id (1-128 printable characters).")
    String room;

    @Option(
            names = "--invite",
            paramLabel = "INVITE",
            description = "An invite from `starling invite` (either form): the room id, its rendezvous or peers and"
                    + " the ICE servers, in place of --room, --rendezvous and --peer. The password still comes apart.")
    String invite;

    @ArgGroup(exclusive = false)
    PasswordSource password = new PasswordSource();

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: user@host).")
    String name;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1:7800",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "Room transport address (default: ${DEFAULT-VALUE}).")
    HostPort bind;

    @Option(
            names = "--peer",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "Bootstrap peer; repeat for several.")
    List<HostPort> peers = new ArrayList<>();

    @Option(
            names = "--rendezvous",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "Relay all room traffic through this rendezvous (see `starling rendezvous`).")
    HostPort rendezvous;

    @Option(
            names = "--http",
            defaultValue = "127.0.0.1:8700",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "HTTP API address (default: ${DEFAULT-VALUE}).")
    HostPort http;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Identity, chat and logs (default: ~/.starling/NAME).")
    Path dataDir;

    @Option(
            names = "--media",
            defaultValue = "none",
            paramLabel = "SOURCE",
            description = "Media source: synthetic (stamped test pattern and marker audio), devices (camera and "
                    + "microphone), browser (what the call page at /call captures, once a page attaches), file:PATH[,PATH] "
                    + "(a 16-bit PCM .wav and/or a 4:2:0 .y4m, looped; the other track stays synthetic) or none "
                    + "(default: ${DEFAULT-VALUE}).")
    String media;

    @CommandLine.Mixin
    IceOptions ice = new IceOptions();

    @Option(
            names = "--video",
            paramLabel = "WxH@FPS",
            description = "Video size and frame rate: synthetic (default 320x240@15) or camera (default 640x360@30). "
                    + "A Y4M file sends at its own size and rate.")
    String video;

    @CommandLine.Mixin
    BitrateCaps bitrateCaps = new BitrateCaps();

    @Option(
            names = "--record",
            paramLabel = "DIR",
            description = "Record received media: WAV audio and Y4M video per peer.")
    Path record;

    @Option(
            names = "--flame-graph-dir",
            paramLabel = "DIR",
            description = "Serve POST /api/profile, which records a CPU flame graph of this node's process"
                    + " (every thread, libwebrtc's native ones included) into DIR; for labs.")
    Path flameGraphDir;

    @Option(
            names = "--election-policy",
            defaultValue = "balanced",
            paramLabel = "POLICY",
            description = "Scoring of mixer elections this node leads: seed or balanced (default: ${DEFAULT-VALUE}).")
    String electionPolicy;

    @Option(
            names = "--mixers",
            paramLabel = "N",
            description = "Elect N mixers once the room has formed (only the room leader acts on it).")
    Integer mixers;

    @Option(
            names = "--mixer-candidate",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Stand as a mixer in elections (default). --no-mixer-candidate declines: the node still "
                    + "scores the others and is a client of the elected mixers.")
    boolean mixerCandidate;

    @Option(
            names = "--marker-slot",
            paramLabel = "K",
            description = "Audio marker slot 0-7 (default: from the peer id). Markers relayed by a mixer name their "
                    + "origin by slot, so measuring through mixers needs distinct slots; the lab sets them.")
    Integer markerSlot;

    @Option(
            names = "--mesh-threshold",
            paramLabel = "N",
            defaultValue = "5",
            description = "The leader elects mixers once the room has more than N members (default: ${DEFAULT-VALUE}).")
    int meshThreshold;

    @Option(
            names = "--trouble-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Re-elect when a peer's upload is limited by bandwidth or CPU, or its encode time is over "
                    + "budget, for S seconds (default: ${DEFAULT-VALUE}).")
    int troubleSeconds;

    @Option(
            names = "--encode-budget-ms",
            paramLabel = "MS",
            defaultValue = "33",
            description = "Encode time per video frame above which a peer is in trouble (default: ${DEFAULT-VALUE}).")
    double encodeBudgetMs;

    @Option(
            names = "--max-file-size",
            converter = ByteSizeConverter.class,
            paramLabel = "SIZE",
            description = "Largest file this node shares or fetches, e.g. 100M (default: 1G).")
    Long maxFileSize;

    @Option(
            names = "--storage-quota",
            converter = ByteSizeConverter.class,
            paramLabel = "SIZE",
            description = "Disk space for shared and fetched files, e.g. 10G (default: 4G).")
    Long storageQuota;

    @Override
    public Integer call() throws Exception {
        validate();
        if (rendezvous != null) {
            Optional<String> unreachable = unreachable(rendezvous);
            if (unreachable.isPresent()) {
                // Without it the node would sit in a room of its own and never meet anyone.
                System.err.println("error: the rendezvous " + rendezvous + " cannot be reached (" + unreachable.get()
                        + "); is `starling rendezvous` running there?");
                return ExitCodes.FAILURE;
            }
        }
        String displayName = name != null ? name : defaultName();
        Path directory = dataDir != null
                ? dataDir
                : Path.of(System.getProperty("user.home"), ".starling", displayName.replaceAll("[^A-Za-z0-9._-]", "_"));
        List<IceServerConfig> iceServers = ice.servers(spec);
        if (!media.equals("none")) {
            Optional<String> turnProblem = TurnCheck.problem(iceServers, TURN_PATIENCE);
            if (turnProblem.isPresent()) {
                System.err.println("error: " + turnProblem.get());
                return ExitCodes.FAILURE;
            }
        }
        char[] secret = password.read(spec);
        PasswordStrength.weakness(secret).ifPresent(why -> System.err.println("warning: " + why));
        NodeConfig config;
        try {
            config = new NodeConfig(
                    room,
                    secret,
                    displayName,
                    bind,
                    peers,
                    Optional.ofNullable(rendezvous),
                    http,
                    directory,
                    media,
                    iceServers,
                    record,
                    videoFormat(),
                    new NodeConfig.ElectionOptions(
                            electionPolicy,
                            optional(mixers),
                            TriggerConfig.defaults()
                                    .withMeshThreshold(meshThreshold)
                                    .withTrouble(java.time.Duration.ofSeconds(troubleSeconds), encodeBudgetMs),
                            mixerCandidate));
        } finally {
            Arrays.fill(secret, '\0');
        }
        FileLimits defaults = FileLimits.defaults();
        config.withMarkerSlot(optional(markerSlot));
        config.withSendLimits(sendLimits());
        config.withIceRelayOnly(ice.relayOnly);
        config.withFlameGraphDir(flameGraphDir);
        config.withFileLimits(new FileLimits(
                maxFileSize != null ? maxFileSize : defaults.maxFileBytes(),
                storageQuota != null ? storageQuota : defaults.quotaBytes(),
                defaults.chunkBytes()));
        StarlingNode node;
        try {
            node = StarlingNode.start(config);
        } catch (JoinRefusedException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.WRONG_PASSWORD;
        } catch (SourceUnavailableException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        System.out.println("joined as " + node.peerId() + " (" + displayName + "); API http://" + http.host() + ":"
                + node.apiPort() + " (token in " + directory.resolve(ApiToken.FILE_NAME) + ")");
        if (node.apiExposed()) {
            System.err.println("warning: the API listens on " + http.host() + ", reachable from other machines; every"
                    + " request, reads included, needs the token in " + directory.resolve(ApiToken.FILE_NAME)
                    + " (browsers: open the page once with ?token=...)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "node-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    private void validate() {
        applyInvite();
        if (room.isBlank() || room.length() > MAX_ROOM_CHARS || room.chars().anyMatch(Character::isISOControl)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--room must be 1-" + MAX_ROOM_CHARS + " printable characters");
        }
        if (name != null
                && (name.isBlank()
                        || name.length() > MAX_NAME_CHARS
                        || name.chars().anyMatch(Character::isISOControl))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--name must be 1-" + MAX_NAME_CHARS + " printable characters");
        }
        if (markerSlot != null && (markerSlot < 0 || markerSlot > 7)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--marker-slot must be 0-7");
        }
        if (meshThreshold < 2 || meshThreshold > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mesh-threshold must be 2-1000");
        }
        if (troubleSeconds < 1 || troubleSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trouble-seconds must be 1-3600");
        }
        if (!(encodeBudgetMs > 0 && encodeBudgetMs <= 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--encode-budget-ms must be in (0, 1000]");
        }
        try {
            MediaSource.parse(media);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--media: " + e.getMessage());
        }
        try {
            videoFormat();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--video: " + e.getMessage());
        }
        ice.validate(spec);
        if (!electionPolicy.equals("seed") && !electionPolicy.equals("balanced")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--election-policy must be seed or balanced");
        }
        if (mixers != null && (mixers < 1 || mixers > 15)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mixers must be 1-15");
        }
        if (rendezvous != null && !peers.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--rendezvous and --peer are alternatives: the rendezvous does discovery");
        }
    }

    /** Why a TCP connection to {@code address} fails within 5 s, or empty if it opens. */
    private static Optional<String> unreachable(HostPort address) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address.toSocketAddress(), RENDEZVOUS_CONNECT_MILLIS);
            return Optional.empty();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** With --invite, the room and the way to it come from the invite; without, --room is required. */
    private void applyInvite() {
        if (invite == null) {
            if (room == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--room or --invite is required");
            }
            return;
        }
        if (room != null || rendezvous != null || !peers.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--invite already names the room and the way to it: drop --room, --rendezvous and --peer");
        }
        Invite parsed;
        try {
            parsed = Invite.parse(invite);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--invite: " + e.getMessage());
        }
        room = parsed.roomId();
        rendezvous = parsed.rendezvous().orElse(null);
        peers = new ArrayList<>(parsed.peers());
        ice.stun.addAll(parsed.stun());
        ice.turn.addAll(parsed.turn());
    }

    SendLimits sendLimits() {
        return bitrateCaps.limits();
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private VideoFormat videoFormat() {
        return video != null
                ? VideoFormat.parse(video)
                : MediaSource.parse(media).defaultVideo();
    }

    private static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String user = System.getProperty("user.name", "user");
        String candidate = user + "@" + host;
        return candidate.length() > MAX_NAME_CHARS ? candidate.substring(0, MAX_NAME_CHARS) : candidate;
    }
}
