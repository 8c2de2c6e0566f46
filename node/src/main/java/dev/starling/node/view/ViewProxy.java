package dev.starling.node.view;

import dev.starling.node.api.ApiToken;
import dev.starling.node.api.LocalAccess;
import dev.starling.node.room.HostPort;
import dev.starling.visualizer.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code starling view}: serves the live view's own assets locally and passes {@code /api/*} to a
 * remote node, so the page behaves exactly as if it were loaded from that node (it only uses
 * relative URLs) while the remote node need not be reachable from the browser's machine.
 */
public final class ViewProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewProxy.class);
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final RemoteNode node;
    private final Javalin app;
    private final LocalAccess access;
    private final AtomicInteger relayThreads = new AtomicInteger();
    // One thread per open event stream: each blocks reading its upstream for the stream's lifetime.
    private final ExecutorService relays = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "view-sse-relay-" + relayThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final HostPort bind;

    /** @param bind where the view will be served (by {@link #start}) */
    public ViewProxy(RemoteNode node, WebAssets assets, HostPort bind) {
        this.bind = bind;
        this.node = node;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
        });
        // The proxy posts chat with the node's token, so it guards itself like the node does.
        this.access = new LocalAccess(ApiToken.ephemeral(), bind.host(), () -> app.port());
        app.before(access::check);
        app.exception(ForbiddenResponse.class, (e, ctx) -> error(ctx, HttpStatus.FORBIDDEN, e.getMessage()));
        access.servePages(app, assets);
        // Registered before the catch-all GET so the stream is relayed frame by frame, not buffered.
        app.sse("/api/stream", client -> {
            client.keepAlive();
            relays.execute(new SseRelay(node, client));
        });
        app.get("/api/<path>", this::forwardGet);
        app.post("/api/chat", this::forwardPost);
        app.exception(RemoteNodeException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_GATEWAY, e.getMessage()));
    }

    public ViewProxy start() {
        app.start(bind.host(), bind.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    private void forwardGet(Context ctx) throws RemoteNodeException {
        relay(ctx, node.get(pathAndQuery(ctx)));
    }

    private void forwardPost(Context ctx) throws RemoteNodeException {
        relay(ctx, node.post(pathAndQuery(ctx), ctx.contentType(), ctx.bodyAsBytes()));
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static void relay(Context ctx, RemoteNode.Reply reply) {
        ctx.status(reply.status());
        if (reply.contentType() != null) {
            ctx.contentType(reply.contentType());
        }
        ctx.result(reply.body());
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        log.debug("view proxy {} {}: {}", ctx.method(), ctx.path(), message);
        ctx.status(status).json(Map.of("error", message));
    }

    @Override
    public void close() {
        app.stop();
        relays.shutdownNow();
    }
}
