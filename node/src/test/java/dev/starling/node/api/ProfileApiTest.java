package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.diagnostics.FlameGraphs;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/profile} over real HTTP: bad requests are refused, a recording lands in the node's directory. */
class ProfileApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(JSON, false));
        });
        new ProfileApi(new FlameGraphs(dir, "node"), JSON).register(app);
        app.exception(
                IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/profile"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startAndStopWriteAFlameGraphIntoTheNodesDirectoryOnly() throws Exception {
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post("{\"action\": \"erase\"}").statusCode()).isEqualTo(400);
        assertThat(post("{\"action\": \"stop\", \"file\": \"/etc/passwd\"}").statusCode())
                .isEqualTo(409);

        assertThat(post("{\"action\": \"start\"}").statusCode()).isEqualTo(200);
        assertThat(post("{\"action\": \"start\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> stopped = post("{\"action\": \"stop\", \"file\": \"/etc/passwd\"}");
        assertThat(stopped.statusCode()).isEqualTo(200);

        JsonNode status = JSON.readTree(stopped.body());
        Path file = Path.of(status.path("lastFile").asText());
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(Files.size(file)).isPositive();
    }
}
