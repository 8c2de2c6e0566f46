package dev.starling.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.node.api.ApiServer;
import dev.starling.node.api.ApiToken;
import dev.starling.node.api.ElectionApi;
import dev.starling.node.api.FilesApi;
import dev.starling.node.api.MediaApi;
import dev.starling.node.api.NotesApi;
import dev.starling.node.api.ProfileApi;
import dev.starling.node.api.TestFaultsApi;
import dev.starling.node.call.CallPageChannel;
import dev.starling.node.call.LinkContents;
import dev.starling.node.call.PageCodec;
import dev.starling.node.chat.ChatEntry;
import dev.starling.node.chat.ChatService;
import dev.starling.node.collaboration.files.ChunkTransport;
import dev.starling.node.collaboration.files.DataChannelChunkTransport;
import dev.starling.node.collaboration.files.FileService;
import dev.starling.node.collaboration.files.FileStore;
import dev.starling.node.collaboration.files.PerPeerChunkTransport;
import dev.starling.node.collaboration.files.RoomChunkTransport;
import dev.starling.node.collaboration.notes.NotesService;
import dev.starling.node.diagnostics.FlameGraphs;
import dev.starling.node.election.ElectionConfig;
import dev.starling.node.election.ElectionService;
import dev.starling.node.election.ElectionTransport;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.identity.IdentityStore;
import dev.starling.node.identity.PeerIdentity;
import dev.starling.node.identity.PeerSigner;
import dev.starling.node.media.MediaConfig;
import dev.starling.node.media.MediaEngine;
import dev.starling.node.media.MediaSource;
import dev.starling.node.media.RoomSignaling;
import dev.starling.node.media.nat.PublicAddressWatch;
import dev.starling.node.media.source.DeviceCatalog;
import dev.starling.node.media.source.LocalSources;
import dev.starling.node.media.source.PageSources;
import dev.starling.node.metrics.MetricsGossip;
import dev.starling.node.presence.CallState;
import dev.starling.node.presence.CallStates;
import dev.starling.node.presence.PresenceEvent;
import dev.starling.node.presence.PresenceLog;
import dev.starling.node.room.Member;
import dev.starling.node.room.Presence;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomSecrets;
import dev.starling.node.routing.RouteController;
import dev.starling.node.storage.JsonLinesLog;
import dev.starling.node.timesync.WallClock;
import dev.starling.node.topology.TopologyFeed;
import dev.starling.protocol.EnvelopeCodec;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileManifest;
import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.export.TopologyRenderer;
import dev.starling.visualizer.model.TopologyModel;
import dev.starling.visualizer.web.TopologyEndpoint;
import dev.starling.visualizer.web.WebAssets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds one node from its config and owns everything it starts.
 *
 * <p>Nothing else in the node creates long-lived objects; each part gets its collaborators here,
 * so a reader can see the whole wiring in one place, and tests can run several nodes in one JVM.
 * That is also why it is longer than the other classes: splitting it would scatter the wiring it
 * exists to show.
 */
public final class StarlingNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StarlingNode.class);
    public static final String AGENT = "starling/0.1";
    private static final long GOODBYE_HEAD_START_MILLIS = 150;
    private static final long METRICS_PERIOD_MILLIS = 3_000;
    /** How often the node asks its STUN server where its packets come from (one 20-byte request each). */
    private static final java.time.Duration PUBLIC_ADDRESS_PERIOD = java.time.Duration.ofMillis(500);

    private static final long ELECTION_TICK_MILLIS = 250;
    private static final long NOTES_TICK_MILLIS = 2_000;
    /** Each node repeats its call state this often, so a missed change heals without the next one. */
    private static final long CALL_STATE_REFRESH_MILLIS = 5_000;

    private static final Duration ELECTION_SETTLE = Duration.ofSeconds(3);
    private static final Duration MEDIA_PROBE_TIMEOUT = Duration.ofSeconds(15);
    /** Old and new media paths overlap this long when routes switch: a few jitter buffers' worth. */
    private static final Duration ROUTE_OVERLAP = Duration.ofMillis(1500);

    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final Room room;
    private final Presence presence;
    private final ChatService chat;
    private final CallStates callStates;
    private final ApiServer api;
    private final PeerIdentity identity;

    private StarlingNode(NodeConfig config) throws Exception {
        // First: a bad media file or a missing camera must stop the node before it joins anyone.
        WallClock wallClock = WallClock.system();
        Optional<LocalSources> sources =
                MediaSource.parse(config.media()).open(config.video(), wallClock, DeviceCatalog.system());
        sources.ifPresent(s -> log.info("media: {}", s.describe()));
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        identity = new IdentityStore(config.dataDir()).loadOrCreate();
        char[] password = config.takePassword();
        RoomSecrets secrets;
        try {
            secrets = RoomSecrets.derive(config.roomId(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
        Path roomDir = config.dataDir().resolve("rooms").resolve(RoomSecrets.directoryFor(config.roomId()));
        LiveEvents events = new LiveEvents(clock, 512);
        TopologyFeed topology = new TopologyFeed(TopologyModel.withDefaults(), new EventJson(), json);
        events.subscribe(topology::accept);

        ExecutorService roomSender = Executors.newSingleThreadExecutor(daemon("room-sender"));
        closeInReverse.push(() -> {
            roomSender.shutdown();
            roomSender.awaitTermination(2, TimeUnit.SECONDS);
        });

        room = new Room(config.roomConfig(), secrets, identity, new EnvelopeCodec(), clock);
        closeInReverse.push(room);

        JsonLinesLog<ChatEntry> chatStore = new JsonLinesLog<>(roomDir.resolve("chat.jsonl"), ChatEntry.class, json);
        closeInReverse.push(chatStore);
        JsonLinesLog<PresenceEvent> sessionStore =
                new JsonLinesLog<>(roomDir.resolve("sessions.jsonl"), PresenceEvent.class, json);
        closeInReverse.push(sessionStore);

        presence = new Presence(
                room,
                new Presence.SelfDescription(
                        config.name(), clock.millis(), AGENT, config.http().toString(), identity.publicKey()),
                events,
                roomSender);
        PresenceLog sessions = new PresenceLog(sessionStore, events, clock);
        chat = new ChatService(room, chatStore, events, config::name, clock, roomSender, new PeerSigner(identity));
        room.membership().addListener(presence);
        room.membership().addListener(sessions);
        chat.attach(room.membership());
        callStates = new CallStates(identity.peerId(), CallStates.Outbox.of(room), events, roomSender, clock);
        room.on(Envelope.BodyCase.CALL_STATE, callStates::onEnvelope);
        // After presence: the view must have a peer's join before it can show the peer's state.
        room.membership().addListener(callStates);
        // Every source the node can open sends both audio and video (a missing file track is synthetic).
        callStates.publish(sources.map(LocalSources::initialCallState).orElse(CallState.NONE));
        every(CALL_STATE_REFRESH_MILLIS, "call-state-refresh", callStates::refresh);

        api = new ApiServer(
                config.roomId(),
                room,
                chat,
                callStates,
                sessions,
                events,
                json,
                new TopologyEndpoint(topology.model(), new TopologyRenderer(), new EventJson()),
                new WebAssets(),
                ApiToken.create(config.dataDir()),
                config.http());
        MediaEngine media = null;
        MetricsGossip gossip = null;
        if (sources.isPresent()) {
            ExecutorService signalSender = Executors.newSingleThreadExecutor(daemon("media-signal-out"));
            closeInReverse.push(() -> {
                signalSender.shutdown();
                signalSender.awaitTermination(2, TimeUnit.SECONDS);
            });
            RoomSignaling signaling = new RoomSignaling(room, signalSender);
            MediaConfig mediaConfig = MediaConfig.synthetic(identity.peerId())
                    .withIceServers(config.iceServers())
                    .withRelayOnly(config.iceRelayOnly())
                    .withVideo(
                            config.video().width(),
                            config.video().height(),
                            config.video().fps())
                    .withSendLimits(config.sendLimits());
            if (config.markerSlot().isPresent()) {
                mediaConfig = mediaConfig.withMarkerSlot(config.markerSlot().getAsInt());
            }
            if (config.recordDir().isPresent()) {
                mediaConfig = mediaConfig.withRecordDir(config.recordDir().get());
            }
            media = new MediaEngine(mediaConfig, signaling, wallClock, sources.get());
            closeInReverse.push(media);
            signaling.attach(media);
            MediaEngine engine = media;
            PublicAddressWatch.serverOf(config.iceServers())
                    .ifPresent(server -> closeInReverse.push(new PublicAddressWatch(
                                    server, PUBLIC_ADDRESS_PERIOD, (before, after) -> engine.addressChanged())
                            .start()));
            gossip = new MetricsGossip(room, media::metricsReport, events, clock);
            closeInReverse.push(gossip);
            gossip.start(METRICS_PERIOD_MILLIS);
        }
        collaboration(config, roomDir, clock, events, json, media);
        ElectionService election = election(config, clock, events, media, gossip);
        if (media != null) {
            RouteController routes = routes(media, election, events, clock);
            api.withMedia(new MediaApi(identity.peerId(), media, gossip, routes));
            api.withCall(callPage(config, json, media, routes, sources.get()));
        } else {
            api.withCall(callPage(config, json, null, null, null));
        }
        api.withElection(new ElectionApi(election, json, room.membership()::snapshot));
        api.start(config.http());
        closeInReverse.push(api);
    }

    /**
     * The call page's channel: with {@code --media browser} the page is this node's microphone,
     * camera and screen; with any other media a page only sees and hears the room; without media
     * (and so without {@code media} and {@code routes}) it shows the room only.
     */
    private CallPageChannel callPage(
            NodeConfig config, ObjectMapper json, MediaEngine media, RouteController routes, LocalSources sources) {
        PageSources fromPage = sources instanceof PageSources page ? page : null;
        CallPageChannel channel =
                new CallPageChannel(fromPage, new PageCodec(json), callStates::publish, linkContents(media), () -> {
                    ObjectNode welcome = json.createObjectNode();
                    welcome.putObject("self").put("id", identity.peerId()).put("name", config.name());
                    welcome.put("room", config.roomId());
                    welcome.putObject("video")
                            .put("width", config.video().width())
                            .put("height", config.video().height())
                            .put("fps", config.video().fps());
                    welcome.putObject("screen")
                            .put("width", PageSources.SCREEN_WIDTH)
                            .put("height", PageSources.SCREEN_HEIGHT)
                            .put("fps", PageSources.SCREEN_FPS);
                    welcome.put("mode", routes == null ? "none" : routes.table().role(identity.peerId()));
                    return welcome;
                });
        if (media != null) {
            media.listen(channel);
        }
        return channel;
    }

    /** Runs {@code task} on a thread of its own every {@code millis} ms until the node closes; a failed run is logged. */
    private void every(long millis, String threadName, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon(threadName));
        closeInReverse.push(timer::shutdownNow);
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.debug("{} failed: {}", threadName, e.toString());
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Threads of the node's own executors: named, and never what keeps the JVM alive. */
    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What each link carries, for the call page; without media there are no links. */
    private static LinkContents linkContents(MediaEngine media) {
        if (media == null) {
            return LinkContents.NONE;
        }
        return new LinkContents() {
            @Override
            public Set<String> carriedBy(String peer) {
                return media.carriedBy(peer);
            }

            @Override
            public Map<String, Double> voiceLevels(String peer) {
                return media.voiceLevels(peer);
            }
        };
    }

    /** Media follows the adopted election and the membership, on its own thread. */
    private RouteController routes(MediaEngine media, ElectionService election, LiveEvents events, Clock clock) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(daemon("routes"));
        closeInReverse.push(thread::shutdownNow);
        RouteController routes =
                new RouteController(identity.peerId(), media::applySends, thread, ROUTE_OVERLAP, events, clock);
        election.onAdopted(routes::electionAdopted);
        room.membership().addListener(routes);
        return routes;
    }

    /**
     * Files and notes. Notes sync runs a slow repair tick of its own; everything else reacts to
     * room messages, data-channel transfers and membership.
     *
     * <p>With media, chunks go over each link's file channel where it is open and over the room
     * otherwise; without media, over the room only.
     */
    private void collaboration(
            NodeConfig config, Path roomDir, Clock clock, LiveEvents events, ObjectMapper json, MediaEngine media)
            throws java.io.IOException {
        FileStore fileStore = new FileStore(roomDir.resolve("files"), config.fileLimits());
        ChunkTransport roomChunks = new RoomChunkTransport(room);
        ChunkTransport chunks = media == null
                ? roomChunks
                : new PerPeerChunkTransport(
                        new DataChannelChunkTransport(
                                peer -> media.openFileChannel(peer).isPresent(),
                                (peer, transfer) -> media.openFileChannel(peer)
                                        .map(channel -> channel.send(transfer))
                                        .orElse(false)),
                        roomChunks);
        FileService files = new FileService(
                identity.peerId(),
                fileStore,
                chunks,
                room::broadcast,
                FilesApi.publishTo(events),
                clock,
                Boolean.getBoolean(FileService.CORRUPT_PROPERTY));
        closeInReverse.push(files);
        if (media != null) {
            media.onFileTransfer(files::onTransfer);
        }
        String link = "http://" + config.http() + "/api/files/";
        files.onShared(manifest -> chat.post(shareLine(manifest, link)));
        for (Envelope.BodyCase kind : List.of(
                Envelope.BodyCase.FILE_MANIFEST,
                Envelope.BodyCase.FILE_HOLDINGS,
                Envelope.BodyCase.FILE_HAVE,
                Envelope.BodyCase.FILE_CHUNK_REQUEST,
                Envelope.BodyCase.FILE_CHUNK)) {
            room.on(kind, files::onEnvelope);
        }
        room.membership().addListener(files);
        files.resumeInterrupted();

        NotesService notes = new NotesService(
                identity.peerId(),
                roomDir.resolve("notes"),
                (peer, message) -> room.sendTo(peer, Envelope.newBuilder().setNotesSync(message)),
                NotesApi.publishTo(events));
        closeInReverse.push(notes);
        room.on(Envelope.BodyCase.NOTES_SYNC, notes::onEnvelope);
        room.membership().addListener(notes);
        every(NOTES_TICK_MILLIS, "notes-sync", notes::tick);

        api.withFiles(new FilesApi(
                files,
                peer -> room.membership()
                        .snapshot()
                        .member(peer)
                        .map(Member::name)
                        .orElse(""),
                media == null ? Map::of : media::fileChannelCounters));
        api.withNotes(new NotesApi(notes, json));
        config.flameGraphDir()
                .ifPresent(dir -> api.withProfile(new ProfileApi(new FlameGraphs(dir, config.name()), json)));
        room.peerFilter().ifPresent(filter -> {
            log.warn("TEST MODE: fault injection endpoints enabled ({})", dev.starling.node.room.PeerFilter.PROPERTY);
            api.withTestFaults(new TestFaultsApi(filter, json));
        });
    }

    private static String shareLine(FileManifest manifest, String link) {
        return String.format(
                java.util.Locale.ROOT,
                "shared a file: %s (%.1f MB, sha256 %s): %s%s",
                manifest.getName(),
                manifest.getSize() / 1e6,
                manifest.getSha256().substring(0, 12),
                link,
                manifest.getSha256());
    }

    /**
     * The networked election, on its own thread. Without media there are no video figures to wait
     * for, so the election scores the room probe alone; with media the data-channel probes run one
     * after the other, so they get longer than the default probe bound.
     */
    private ElectionService election(
            NodeConfig config, Clock clock, LiveEvents events, MediaEngine media, MetricsGossip gossip) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(daemon("election"));
        closeInReverse.push(loop::shutdownNow);
        ElectionConfig d = ElectionConfig.defaults();
        ElectionConfig electionConfig = media == null
                ? new ElectionConfig(
                        0,
                        d.metricsWait(),
                        d.probeTimeout(),
                        d.pointsTimeout(),
                        d.resultTimeout(),
                        d.balancedWeights(),
                        config.election().candidate())
                : new ElectionConfig(
                        d.minReports(),
                        d.metricsWait(),
                        MEDIA_PROBE_TIMEOUT,
                        d.pointsTimeout(),
                        d.resultTimeout(),
                        d.balancedWeights(),
                        config.election().candidate());
        ElectionService.Settings settings = new ElectionService.Settings(
                config.election().policy(),
                config.election().mixers(),
                ELECTION_SETTLE,
                electionConfig,
                config.election().triggers());
        ElectionTransport transport = new ElectionTransport() {
            @Override
            public void broadcast(Envelope.Builder body) {
                room.broadcast(body);
            }

            @Override
            public boolean sendTo(String peer, Envelope.Builder body) {
                return room.sendTo(peer, body);
            }
        };
        MediaEngine probeEngine = media;
        ElectionService service = new ElectionService(
                identity.peerId(),
                settings,
                transport,
                room.membership()::applyRole,
                events,
                gossip == null ? Map::of : gossip::reports,
                probeEngine == null ? null : probeEngine::probe,
                clock,
                loop);
        for (Envelope.BodyCase kind : List.of(
                Envelope.BodyCase.ELECTION_START,
                Envelope.BodyCase.ELECTION_PROBE,
                Envelope.BodyCase.ELECTION_PROBE_RESPONSE,
                Envelope.BodyCase.ELECTION_POINTS,
                Envelope.BodyCase.ELECTION_RESULT)) {
            room.on(kind, service::onEnvelope);
        }
        room.membership().addListener(service);
        loop.scheduleAtFixedRate(service::tick, ELECTION_TICK_MILLIS, ELECTION_TICK_MILLIS, TimeUnit.MILLISECONDS);
        return service;
    }

    /**
     * Starts a node and joins its room.
     *
     * @throws dev.starling.node.room.JoinRefusedException if the room refuses our password
     */
    public static StarlingNode start(NodeConfig config) throws Exception {
        StarlingNode node = new StarlingNode(config);
        long joinStarted = System.nanoTime();
        try {
            node.room.join();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        log.info(
                "peer {} joined the room in {} ms; API on port {}",
                node.identity.peerId(),
                (System.nanoTime() - joinStarted) / 1_000_000,
                node.api.port());
        return node;
    }

    public String peerId() {
        return identity.peerId();
    }

    /** True when the HTTP API listens beyond loopback. */
    public boolean apiExposed() {
        return api.exposed();
    }

    public int apiPort() {
        return api.port();
    }

    public Room room() {
        return room;
    }

    public ChatService chat() {
        return chat;
    }

    /** Every member's microphone, camera and screen; {@link CallStates#publish} changes this node's own. */
    public CallStates callStates() {
        return callStates;
    }

    /** Leaves cleanly: goodbye first, so the others log a leave rather than a crash. */
    @Override
    public void close() {
        if (room.isConnected()) {
            presence.sayGoodbye("shutdown");
            // The goodbye and our leave request travel different paths (multicast vs. unicast to
            // the leader); a moment's head start lets the goodbye arrive first almost always.
            try {
                Thread.sleep(GOODBYE_HEAD_START_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (!closeInReverse.isEmpty()) {
            AutoCloseable resource = closeInReverse.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("error while closing {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        log.info("peer {} left the room and released everything", identity.peerId());
    }
}
