package dev.starling.node;

import dev.starling.node.collaboration.files.FileLimits;
import dev.starling.node.media.IceServerConfig;
import dev.starling.node.media.SendLimits;
import dev.starling.node.media.VideoFormat;
import dev.starling.node.room.HostPort;
import dev.starling.node.room.RoomConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything needed to start one node. Holds the password only until the node has derived its keys. */
public final class NodeConfig {
    private final String roomId;
    private final char[] password;
    private final String name;
    private final HostPort bind;
    private final List<HostPort> peers;
    private final Optional<HostPort> rendezvous;
    private final HostPort http;
    private final Path dataDir;
    private final String media;
    private final List<IceServerConfig> iceServers;
    private final Path recordDir;
    private Path flameGraphDir;
    private final VideoFormat video;
    private final ElectionOptions election;
    private java.util.OptionalInt markerSlot = java.util.OptionalInt.empty();
    private FileLimits fileLimits = FileLimits.defaults();
    private SendLimits sendLimits = SendLimits.NONE;
    private boolean iceRelayOnly;

    /**
     * How this node takes part in mixer elections.
     *
     * @param policy scoring policy when this node leads: seed or balanced
     * @param mixers mixers to elect once the room has formed (leader only), or empty for the triggers alone
     * @param triggers when the leader opens elections by itself
     */
    /** @param candidate whether this node stands as a mixer ({@code join --no-mixer-candidate} declines) */
    public record ElectionOptions(
            String policy, OptionalInt mixers, dev.starling.node.election.TriggerConfig triggers, boolean candidate) {
        public ElectionOptions {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(mixers, "mixers");
            Objects.requireNonNull(triggers, "triggers");
        }

        public ElectionOptions(String policy, OptionalInt mixers) {
            this(policy, mixers, dev.starling.node.election.TriggerConfig.defaults(), true);
        }

        public static ElectionOptions defaults() {
            return new ElectionOptions("balanced", OptionalInt.empty());
        }
    }

    public NodeConfig(
            String roomId,
            char[] password,
            String name,
            HostPort bind,
            List<HostPort> peers,
            Optional<HostPort> rendezvous,
            HostPort http,
            Path dataDir,
            String media) {
        this(
                roomId,
                password,
                name,
                bind,
                peers,
                rendezvous,
                http,
                dataDir,
                media,
                List.of(),
                null,
                VideoFormat.SYNTHETIC_DEFAULT);
    }

    /**
     * @param media {@code none}, {@code synthetic}, {@code devices} or {@code file:PATH[,PATH]} (see MediaSource)
     * @param iceServers STUN/TURN servers for WebRTC; empty means host candidates only
     * @param recordDir where to record received media, or null
     * @param video synthetic video size and frame rate, or what to ask of a camera
     */
    public NodeConfig(
            String roomId,
            char[] password,
            String name,
            HostPort bind,
            List<HostPort> peers,
            Optional<HostPort> rendezvous,
            HostPort http,
            Path dataDir,
            String media,
            List<IceServerConfig> iceServers,
            Path recordDir,
            VideoFormat video) {
        this(
                roomId,
                password,
                name,
                bind,
                peers,
                rendezvous,
                http,
                dataDir,
                media,
                iceServers,
                recordDir,
                video,
                ElectionOptions.defaults());
    }

    public NodeConfig(
            String roomId,
            char[] password,
            String name,
            HostPort bind,
            List<HostPort> peers,
            Optional<HostPort> rendezvous,
            HostPort http,
            Path dataDir,
            String media,
            List<IceServerConfig> iceServers,
            Path recordDir,
            VideoFormat video,
            ElectionOptions election) {
        this.election = Objects.requireNonNull(election, "election");
        this.iceServers = List.copyOf(iceServers);
        this.video = Objects.requireNonNull(video, "video");
        this.recordDir = recordDir;
        this.roomId = Objects.requireNonNull(roomId, "roomId");
        this.password = password.clone();
        this.name = Objects.requireNonNull(name, "name");
        this.bind = Objects.requireNonNull(bind, "bind");
        this.peers = List.copyOf(peers);
        this.rendezvous = Objects.requireNonNull(rendezvous, "rendezvous");
        this.http = Objects.requireNonNull(http, "http");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.media = Objects.requireNonNull(media, "media");
    }

    public String roomId() {
        return roomId;
    }

    /** Hands out the password once and forgets it. */
    char[] takePassword() {
        char[] copy = password.clone();
        Arrays.fill(password, '\0');
        return copy;
    }

    public String name() {
        return name;
    }

    public HostPort http() {
        return http;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String media() {
        return media;
    }

    public List<IceServerConfig> iceServers() {
        return iceServers;
    }

    public VideoFormat video() {
        return video;
    }

    public ElectionOptions election() {
        return election;
    }

    /** Size limit, quota and chunk size for shared files. */
    public FileLimits fileLimits() {
        return fileLimits;
    }

    public NodeConfig withFileLimits(FileLimits limits) {
        this.fileLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** This node's audio marker slot, if chosen (the lab gives its nodes distinct ones). */
    public java.util.OptionalInt markerSlot() {
        return markerSlot;
    }

    public NodeConfig withMarkerSlot(java.util.OptionalInt slot) {
        this.markerSlot = Objects.requireNonNull(slot, "slot");
        return this;
    }

    /** Where {@code /api/profile} writes flame graphs ({@code join --flame-graph-dir}); empty: no such endpoint. */
    public Optional<Path> flameGraphDir() {
        return Optional.ofNullable(flameGraphDir);
    }

    public NodeConfig withFlameGraphDir(Path dir) {
        this.flameGraphDir = dir;
        return this;
    }

    /** Bitrate caps on what this node sends per link ({@code join --audio-bitrate/--video-bitrate}). */
    public SendLimits sendLimits() {
        return sendLimits;
    }

    public NodeConfig withSendLimits(SendLimits limits) {
        this.sendLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Whether media may only flow through a TURN relay ({@code join --ice-relay-only}). */
    public boolean iceRelayOnly() {
        return iceRelayOnly;
    }

    public NodeConfig withIceRelayOnly(boolean relayOnly) {
        this.iceRelayOnly = relayOnly;
        return this;
    }

    public Optional<Path> recordDir() {
        return Optional.ofNullable(recordDir);
    }

    RoomConfig roomConfig() {
        return new RoomConfig(roomId, bind, peers, rendezvous, RoomConfig.RoomTimeouts.defaults());
    }

    @Override
    public String toString() {
        return "NodeConfig[name=" + name + ", bind=" + bind + ", peers=" + peers + ", rendezvous=" + rendezvous
                + ", http=" + http + ", dataDir=" + dataDir + ", media=" + media + ", sendLimits=" + sendLimits
                + ", election=" + election + "]";
    }
}
