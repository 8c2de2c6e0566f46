package dev.starling.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.room.PeerFilter;
import io.javalin.Javalin;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Test-only: {@code POST /api/test/partition {"block": [peerId, ...]}} makes this node drop all
 * room traffic from those peers ({@code []} heals). Registered only when the node runs with
 * {@code -Dstarling.test.faults=true}; a normal node has no such endpoint.
 */
public final class TestFaultsApi {
    private final PeerFilter filter;
    private final ObjectMapper mapper;

    public TestFaultsApi(PeerFilter filter, ObjectMapper mapper) {
        this.filter = filter;
        this.mapper = mapper;
    }

    void register(Javalin app) {
        app.get("/api/test/partition", ctx -> ctx.json(Map.of("blocked", filter.blocked())));
        app.post("/api/test/partition", ctx -> {
            JsonNode body;
            try {
                body = mapper.readTree(ctx.body());
            } catch (Exception e) {
                throw new IllegalArgumentException("request body is not JSON");
            }
            JsonNode block = body == null ? null : body.get("block");
            if (block == null || !block.isArray()) {
                throw new IllegalArgumentException("expected {\"block\": [peerId, ...]}");
            }
            Set<String> peers = new LinkedHashSet<>();
            block.forEach(peer -> peers.add(peer.asText()));
            filter.block(peers);
            ctx.json(Map.of("blocked", filter.blocked()));
        });
    }
}
