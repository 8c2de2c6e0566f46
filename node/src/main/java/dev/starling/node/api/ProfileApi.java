package dev.starling.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.diagnostics.FlameGraphs;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * {@code GET /api/profile} and {@code POST /api/profile {"action": "start"|"stop"}}: a CPU flame
 * graph of this node's process over the span between the two (see {@link FlameGraphs}). Registered
 * only when the node runs with {@code --flame-graph-dir}; the file goes there, and a request cannot
 * name another place.
 */
public final class ProfileApi {
    private final FlameGraphs flameGraphs;
    private final ObjectMapper mapper;

    public ProfileApi(FlameGraphs flameGraphs, ObjectMapper mapper) {
        this.flameGraphs = flameGraphs;
        this.mapper = mapper;
    }

    void register(Javalin app) {
        app.get("/api/profile", ctx -> ctx.json(flameGraphs.status()));
        app.post("/api/profile", this::act);
    }

    private void act(Context ctx) {
        JsonNode body;
        try {
            body = mapper.readTree(ctx.body());
        } catch (Exception e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        String action = body == null || !body.path("action").isTextual()
                ? ""
                : body.path("action").asText();
        try {
            switch (action) {
                case "start" -> ctx.json(flameGraphs.start());
                case "stop" -> ctx.json(flameGraphs.stop());
                default ->
                    throw new IllegalArgumentException("expected {\"action\": \"start\"} or {\"action\": \"stop\"}");
            }
        } catch (IllegalStateException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }
}
