package dev.starling.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.election.ElectionService;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /api/election} shows the adopted result, the latest inputs and points and the
 * history; {@code POST /api/election {"mixers": N}} asks for an election of N mixers (0 = mesh).
 *
 * <p>Only the room leader opens elections. A request to any other node is answered 409 with the
 * leader's id and API address rather than forwarded: the caller learns where to go, and no room
 * message lets one member make another start elections on its behalf.
 */
public final class ElectionApi {
    private static final long ANSWER_SECONDS = 5;
    private static final int MAX_MIXERS = 15;

    private final ElectionService service;
    private final ObjectMapper mapper;
    private final Supplier<MembershipView> membership;

    public ElectionApi(ElectionService service, ObjectMapper mapper, Supplier<MembershipView> membership) {
        this.service = service;
        this.mapper = mapper;
        this.membership = membership;
    }

    void register(Javalin app) {
        app.get("/api/election", ctx -> ctx.json(service.status().get(ANSWER_SECONDS, TimeUnit.SECONDS)));
        app.post("/api/election", this::request);
    }

    private void request(Context ctx) throws Exception {
        JsonNode body = mapper.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        JsonNode mixers = body.path("mixers");
        if (!mixers.canConvertToInt()
                || !mixers.isIntegralNumber()
                || mixers.asInt() < 0
                || mixers.asInt() > MAX_MIXERS) {
            throw new IllegalArgumentException("expected {\"mixers\": N} with 0 <= N <= " + MAX_MIXERS);
        }
        ElectionService.RequestAnswer answer =
                service.requestMixers(mixers.asInt()).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leader", answer.leader());
        out.put("mixers", answer.mixers());
        if (answer.accepted()) {
            out.put("accepted", true);
            ctx.status(HttpStatus.ACCEPTED).json(out);
            return;
        }
        out.put("accepted", false);
        out.put("error", "only the room leader opens elections; ask it");
        out.put(
                "leaderApi",
                membership.get().member(answer.leader()).map(Member::apiAddress).orElse(""));
        ctx.status(HttpStatus.CONFLICT).json(out);
    }
}
