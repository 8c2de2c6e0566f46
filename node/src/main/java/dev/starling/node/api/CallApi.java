package dev.starling.node.api;

import dev.starling.node.call.CallPageChannel;
import dev.starling.node.call.PageCodec;
import dev.starling.node.call.PageConnection;
import io.javalin.Javalin;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * The call page: its files at {@code /call}, its media channel at {@code /call/media} (a WebSocket,
 * see docs/call.md) and its status at {@code /api/call}.
 */
public final class CallApi {
    static final String ROOT = "dev/starling/node/call/";
    /**
     * The view's policy, plus what the page needs for its audio worklets and for playing media.
     * Still no inline script and nothing from another origin.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob:; "
            + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "/call", "call.html",
            "/call/", "call.html",
            "/call/call.js", "call.js",
            "/call/call.css", "call.css",
            "/call/capture-worklet.js", "capture-worklet.js",
            "/call/playback-worklet.js", "playback-worklet.js",
            "/call/media-worker.js", "media-worker.js",
            "/call/probe.js", "probe.js");
    /** A page that stops answering pings is gone; its media must stop being sent for it. */
    private static final Duration IDLE = Duration.ofSeconds(20);

    private final CallPageChannel channel;
    private final LocalAccess access;

    public CallApi(CallPageChannel channel, LocalAccess access) {
        this.channel = channel;
        this.access = access;
    }

    void register(Javalin app) {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            byte[] body = read(file.getValue());
            String type = contentType(file.getValue());
            app.get(file.getKey(), ctx -> {
                if (body == null) {
                    throw new NotFoundResponse("the call page is not in this build");
                }
                if (type.startsWith("text/html")) {
                    access.handOutToPage(ctx);
                }
                ctx.contentType(type)
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .result(body);
            });
        }
        app.get("/api/call", ctx -> ctx.json(channel.status()));
        app.ws("/call/media", ws -> {
            ws.onConnect(ctx -> {
                Optional<String> refusal = access.refusalForMediaChannel(
                        ctx.header("Host"),
                        ctx.header("Origin"),
                        ctx.header(ApiToken.HEADER),
                        ctx.cookie(access.tokenCookie()));
                if (refusal.isPresent()) {
                    ctx.closeSession(4403, refusal.get());
                    return;
                }
                ctx.session.setMaxBinaryMessageSize(PageCodec.MAX_MESSAGE_BYTES);
                ctx.session.setMaxTextMessageSize(64 * 1024);
                ctx.session.setIdleTimeout(IDLE);
                ctx.enableAutomaticPings(5, TimeUnit.SECONDS);
                channel.attach(connection(ctx));
            });
            ws.onBinaryMessage(
                    ctx -> channel.onBinary(connection(ctx), ByteBuffer.wrap(ctx.data(), ctx.offset(), ctx.length())));
            ws.onMessage(ctx -> channel.onText(connection(ctx), ctx.message()));
            ws.onClose(ctx -> channel.detach(connection(ctx)));
            ws.onError(ctx -> channel.detach(connection(ctx)));
        });
    }

    /** One connection object per session, so the channel can tell its current page from a stale one. */
    private static PageConnection connection(WsContext ctx) {
        PageConnection existing = ctx.attribute("starling.page");
        if (existing != null) {
            return existing;
        }
        PageConnection created = new SessionConnection(ctx);
        ctx.attribute("starling.page", created);
        return created;
    }

    private record SessionConnection(WsContext ctx) implements PageConnection {
        @Override
        public void sendText(String message) {
            if (ctx.session.isOpen()) {
                ctx.session.getRemote().sendString(message, WriteCallback.NOOP);
            }
        }

        @Override
        public void sendBinary(ByteBuffer message, Runnable done) {
            if (!ctx.session.isOpen()) {
                done.run();
                return;
            }
            ctx.session.getRemote().sendBytes(message, new WriteCallback() {
                @Override
                public void writeFailed(Throwable x) {
                    done.run();
                }

                @Override
                public void writeSuccess() {
                    done.run();
                }
            });
        }

        @Override
        public void close(int code, String reason) {
            ctx.closeSession(code, reason);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = CallApi.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }
}
