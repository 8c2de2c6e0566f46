package dev.starling.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.call.CallPageChannel;
import dev.starling.node.chat.ChatEntry;
import dev.starling.node.chat.ChatService;
import dev.starling.node.events.LiveEvent;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.presence.CallStates;
import dev.starling.node.presence.PresenceLog;
import dev.starling.node.room.HostPort;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Room;
import dev.starling.visualizer.web.TopologyEndpoint;
import dev.starling.visualizer.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API (JSON) and its live event stream (server-sent events).
 *
 * <p>Bound to 127.0.0.1 unless told otherwise: the API can post chat as this node. Every request
 * passes {@link LocalAccess} first, and every body {@link BodyLimit}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final String roomId;
    private final Room room;
    private final ChatService chat;
    private final CallStates callStates;
    private final PresenceLog sessions;
    private final LiveEvents events;
    private final ObjectMapper mapper;
    private final Javalin app;
    private final TopologyEndpoint topology;
    private final WebAssets assets;
    private final ConcurrentLinkedQueue<SseClient> streams = new ConcurrentLinkedQueue<>();
    private Runnable unsubscribe = () -> {};

    private final LocalAccess access;

    public ApiServer(
            String roomId,
            Room room,
            ChatService chat,
            CallStates callStates,
            PresenceLog sessions,
            LiveEvents events,
            ObjectMapper mapper,
            TopologyEndpoint topology,
            WebAssets assets,
            ApiToken token,
            HostPort bind) {
        this.roomId = roomId;
        this.topology = topology;
        this.assets = assets;
        this.room = room;
        this.chat = chat;
        this.callStates = callStates;
        this.sessions = sessions;
        this.events = events;
        this.mapper = mapper;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new FilterHolder(new BodyLimit(MAX_REQUEST_BYTES, FilesApi::isUpload)),
                    "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
        });
        this.access = new LocalAccess(token, bind.host(), () -> app.port());
        app.before(access::check);
        routes();
    }

    private void routes() {
        app.get("/api/health", this::health);
        app.get("/api/room", ctx -> ctx.json(roomJson()));
        app.get(
                "/api/chat",
                ctx -> ctx.json(chat.lines().stream().map(ApiServer::chatJson).toList()));
        app.post("/api/chat", this::postChat);
        app.get("/api/events", ctx -> ctx.json(sessions.events(this::knownName)));
        app.sse("/api/stream", this::stream);
        app.get("/api/topology", ctx -> {
            TopologyEndpoint.Response response = topology.topology(ctx.queryParam("format"), ctx.queryParam("at"));
            if (response.status() != 200) {
                throw new IllegalArgumentException(response.body());
            }
            ctx.contentType(response.contentType()).result(response.body());
        });
        access.servePages(app, assets);
        app.exception(ForbiddenResponse.class, (e, ctx) -> error(ctx, HttpStatus.FORBIDDEN, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("API {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
            error(
                    ctx,
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + e.getClass().getSimpleName());
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> error(ctx, HttpStatus.NOT_FOUND, "no such endpoint: " + ctx.path()));
    }

    /** Adds the media endpoints; call before {@link #start}. */
    public void withMedia(MediaApi media) {
        media.register(app);
    }

    /** Adds the call page and its media channel; call before {@link #start}. */
    public void withCall(CallPageChannel channel) {
        new CallApi(channel, access).register(app);
    }

    /** Adds {@code /api/election}; call before {@link #start}. */
    public void withElection(ElectionApi election) {
        election.register(app);
    }

    /** Adds {@code /api/files}; call before {@link #start}. */
    public void withFiles(FilesApi files) {
        files.register(app);
    }

    /** Adds {@code /api/notes}; call before {@link #start}. */
    public void withNotes(NotesApi notes) {
        notes.register(app);
    }

    /** Adds {@code /api/profile} (flame graphs); call before {@link #start}. */
    public void withProfile(ProfileApi profile) {
        profile.register(app);
    }

    /** Adds the test-only fault switches; call before {@link #start}. */
    public void withTestFaults(TestFaultsApi faults) {
        faults.register(app);
    }

    public void start(HostPort bind) {
        app.start(bind.host(), bind.port());
        unsubscribe = events.subscribe(this::broadcast);
    }

    public int port() {
        return app.port();
    }

    /** True when the API listens beyond this machine and asks for the token on reads too. */
    public boolean exposed() {
        return access.exposed();
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", room.isConnected() ? "ok" : "joining");
        body.put("peer", room.selfId());
        body.put("acceptedEnvelopes", room.codec().acceptedCount());
        body.put("rejectedEnvelopes", room.codec().rejectedCounts());
        body.put("spoofedEnvelopes", room.spoofedCount());
        body.put("forgedEnvelopes", room.forgedCount());
        body.put("forgedChatLines", chat.forgedCount());
        body.put("refusedFrames", room.refusedFrameCount());
        body.put("handlerFailures", room.handlerFailureCount());
        ctx.json(body);
    }

    private Map<String, Object> roomJson() {
        MembershipView view = room.membership().snapshot();
        Member me = view.member(room.selfId()).orElse(null);
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("id", room.selfId());
        self.put("name", me == null ? "" : me.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("room", roomId);
        body.put("self", self);
        body.put("leader", view.leaderId());
        body.put("viewId", view.viewId());
        body.put(
                "members",
                view.members().stream()
                        .map(member -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", member.id());
                            m.put("name", member.name());
                            m.put("joinedAt", member.joinedAtMillis());
                            m.put("role", member.role());
                            m.put("leader", member.id().equals(view.leaderId()));
                            m.putAll(callStates.of(member.id()).asText());
                            return m;
                        })
                        .toList());
        return body;
    }

    private String knownName(String peerId) {
        return room.membership().snapshot().member(peerId).map(Member::name).orElse("");
    }

    private void postChat(Context ctx) throws Exception {
        String raw = ctx.body();
        JsonNode body;
        try {
            body = mapper.readTree(raw);
        } catch (Exception e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        JsonNode text = body == null ? null : body.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("expected {\"text\": \"...\"}");
        }
        ChatEntry entry = chat.post(text.asText());
        ctx.status(HttpStatus.CREATED).json(chatJson(entry));
    }

    static Map<String, Object> chatJson(ChatEntry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("author", entry.author());
        m.put("authorName", entry.authorName());
        m.put("sequence", entry.sequence());
        m.put("lamport", entry.lamport());
        m.put("text", entry.text());
        m.put("sentAt", entry.sentAtMicros() / 1_000);
        m.put("sentAtMicros", entry.sentAtMicros());
        m.put("receivedAtMicros", entry.receivedAtMicros());
        return m;
    }

    private void stream(SseClient client) {
        client.keepAlive();
        client.onClose(() -> streams.remove(client));
        for (LiveEvent event : events.recent()) {
            send(client, event);
        }
        streams.add(client);
    }

    private void broadcast(LiveEvent event) {
        for (SseClient client : streams) {
            send(client, event);
        }
    }

    private void send(SseClient client, LiveEvent event) {
        try {
            client.sendEvent(event.type(), mapper.writeValueAsString(event.asMap()));
        } catch (Exception e) {
            streams.remove(client);
        }
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? status.getMessage() : message));
    }

    @Override
    public void close() {
        unsubscribe.run();
        streams.forEach(SseClient::close);
        app.stop();
    }
}
