package dev.starling.node.api;

import dev.starling.visualizer.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Who may use the node's HTTP API: the node's own pages and the node's user, never another web
 * page the user happens to have open.
 *
 * <ul>
 *   <li>{@code Host} must name this node (a loopback address, {@code localhost} or the address it
 *       is bound to), which defeats DNS rebinding: a foreign name that resolves here is refused.
 *   <li>{@code Origin}, when a browser sends one, must be this node's own origin; browsers send it
 *       on every cross-origin request, including the "simple" ones that need no preflight.
 *   <li>Every call that changes state carries the {@link ApiToken}: in the {@value ApiToken#HEADER}
 *       header (scripts read it from the data directory) or in the cookie the node's pages get.
 *       A node bound beyond loopback asks for it on reads as well, and its pages hand it out only
 *       to a browser that presents it once as {@code ?token=}.
 * </ul>
 */
public final class LocalAccess {
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final ApiToken token;
    private final String bindHost;
    private final boolean exposed;
    private final IntSupplier port;

    public LocalAccess(ApiToken token, String bindHost, IntSupplier port) {
        this.token = token;
        this.bindHost = bindHost;
        this.exposed = !isLoopback(bindHost);
        this.port = port;
    }

    /** True when the API listens beyond this machine, and so asks for the token on every call. */
    public boolean exposed() {
        return exposed;
    }

    public void check(Context ctx) {
        String host = ctx.header("Host");
        if (!exposed && (host == null || !isOwnHost(hostOf(host)))) {
            throw new ForbiddenResponse("this node answers only to its own address, not to Host " + host);
        }
        String origin = ctx.header("Origin");
        if (origin != null && !isOwnOrigin(origin, host)) {
            throw new ForbiddenResponse("cross-origin request refused: " + origin + " is not this node's page");
        }
        boolean needsToken = exposed || !READS.contains(ctx.method());
        if (needsToken && !presentsToken(ctx)) {
            throw new ForbiddenResponse("this call needs the node's API token: send it in the " + ApiToken.HEADER
                    + " header (the node writes it to " + ApiToken.FILE_NAME + " in its data directory)"
                    + (exposed ? "; in a browser, open the page once with ?token=..." : ""));
        }
    }

    /**
     * Why a WebSocket upgrade to the call page's media channel is refused, or empty if it may open.
     * Stricter than a read: the channel turns on a person's microphone and camera, so it needs the
     * token (the page's cookie, or the header for a script) and, from a browser, this node's origin.
     */
    public Optional<String> refusalForMediaChannel(String host, String origin, String headerToken, String cookieToken) {
        if (!exposed && (host == null || !isOwnHost(hostOf(host)))) {
            return Optional.of("this node answers only to its own address, not to Host " + host);
        }
        if (origin != null && !isOwnOrigin(origin, host)) {
            return Optional.of("cross-origin media channel refused: " + origin + " is not this node's page");
        }
        if (!token.matches(headerToken) && !token.matches(cookieToken)) {
            return Optional.of("the media channel needs the node's token: open the call page from this node first");
        }
        return Optional.empty();
    }

    /** The cookie that carries the token to this node's pages. */
    public String tokenCookie() {
        return cookieName();
    }

    /**
     * Serves the view's files; each HTML page hands its browser the token (as a cookie), and every
     * file goes out with the view's Content-Security-Policy.
     */
    public void servePages(Javalin app, WebAssets assets) {
        for (WebAssets.Asset asset : assets.all()) {
            byte[] body = assets.read(asset);
            app.get(asset.urlPath(), ctx -> {
                if (asset.contentType().startsWith("text/html")) {
                    handOutToPage(ctx);
                }
                ctx.contentType(asset.contentType())
                        .header("Content-Security-Policy", WebAssets.CONTENT_SECURITY_POLICY)
                        .result(body);
            });
        }
    }

    /** Called when one of the node's pages is served: gives the browser the token as a cookie. */
    public void handOutToPage(Context ctx) {
        if (exposed && !token.matches(ctx.queryParam("token")) && !token.matches(ctx.cookie(cookieName()))) {
            throw new ForbiddenResponse("this node's API is reachable from other machines: open the page once with"
                    + " ?token= and the contents of " + ApiToken.FILE_NAME + " from its data directory");
        }
        ctx.header("Set-Cookie", cookieName() + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.header("X-Frame-Options", "DENY");
    }

    private boolean presentsToken(Context ctx) {
        return token.matches(ctx.header(ApiToken.HEADER))
                || token.matches(ctx.cookie(cookieName()))
                // How a browser first reaches a page of an exposed node; the page then sets the cookie.
                || (exposed && ctx.method() == HandlerType.GET && token.matches(ctx.queryParam("token")));
    }

    private String cookieName() {
        // Cookies ignore ports: two nodes on one machine must not overwrite each other's.
        return "starling_token_" + port.getAsInt();
    }

    private boolean isOwnOrigin(String origin, String host) {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() != port.getAsInt()) {
            return false;
        }
        String originHost = stripBrackets(uri.getHost());
        return exposed ? host != null && originHost.equalsIgnoreCase(hostOf(host)) : isOwnHost(originHost);
    }

    private boolean isOwnHost(String host) {
        return host.equalsIgnoreCase("localhost")
                || host.equalsIgnoreCase(stripBrackets(bindHost))
                || isLoopbackLiteral(host);
    }

    static String hostOf(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 || h.indexOf(':') != colon ? h : h.substring(0, colon);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLoopbackLiteral(String host) {
        // Literals only: resolving a name here would let DNS decide what counts as this machine.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean isLoopback(String bindHost) {
        String host = stripBrackets(bindHost);
        return host.equalsIgnoreCase("localhost") || isLoopbackLiteral(host);
    }
}
