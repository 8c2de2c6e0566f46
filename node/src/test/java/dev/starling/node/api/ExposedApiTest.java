package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.visualizer.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An API told it listens beyond loopback (here on loopback, with the rules of 192.0.2.1): reads
 * need the token too, and the page gives its cookie only to a browser that brings the token once.
 */
class ExposedApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApiToken token = ApiToken.ephemeral();
    private Javalin app;
    private LocalAccess access;
    private String base;

    @BeforeEach
    void start() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        access = new LocalAccess(token, "192.0.2.1", () -> app.port());
        app.before(access::check);
        app.exception(ForbiddenResponse.class, (e, ctx) -> ctx.status(403).result(e.getMessage()));
        app.get("/api/room", ctx -> ctx.result("{}"));
        access.servePages(app, new WebAssets());
        app.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void readsNeedTheTokenBeyondLoopback() throws Exception {
        assertThat(access.exposed()).isTrue();
        assertThat(get("/api/room", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/room", token.value()).statusCode()).isEqualTo(200);
        assertThat(get("/api/room", "wrong").statusCode()).isEqualTo(403);
    }

    @Test
    void thePageHandsItsCookieOnlyToABrowserThatBringsTheToken() throws Exception {
        HttpResponse<String> bare =
                HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("?token=");
        HttpResponse<String> invited = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/?token=" + token.value()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(invited.statusCode()).isEqualTo(200);
        String cookie = invited.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/room"))
                                        .header("Cookie", cookie)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void onlyLoopbackAndTheBoundAddressCountAsThisNode() {
        assertThat(LocalAccess.isLoopback("127.0.0.2")).isTrue();
        assertThat(LocalAccess.isLoopback("[::1]")).isTrue();
        assertThat(LocalAccess.isLoopback("localhost")).isTrue();
        assertThat(LocalAccess.isLoopback("0.0.0.0")).isFalse();
        assertThat(LocalAccess.isLoopback("127.evil.example")).isFalse();
        assertThat(LocalAccess.hostOf("[::1]:8700")).isEqualTo("::1");
        assertThat(LocalAccess.hostOf("localhost:8700")).isEqualTo("localhost");
    }

    private HttpResponse<String> get(String path, String withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (withToken != null) {
            request.header(ApiToken.HEADER, withToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
