package dev.starling.visualizer.web;

import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.event.TopologyEvent;
import dev.starling.visualizer.export.ExportFormat;
import dev.starling.visualizer.export.TopologyRenderer;
import dev.starling.visualizer.model.TopologyModel;
import dev.starling.visualizer.model.TopologySnapshot;

/**
 * Framework-free halves of {@code GET /api/topology} and {@code GET /api/stream}, so the node's
 * Javalin handlers stay one-liners and the lab can reuse them. Query parsing lives here because
 * both the node and the lab need identical answers for the same URL.
 */
public final class TopologyEndpoint {

    /** What to send back: status, content type and body. */
    public record Response(int status, String contentType, String body) {}

    private final TopologyModel model;
    private final TopologyRenderer renderer;
    private final EventJson json;

    public TopologyEndpoint(TopologyModel model, TopologyRenderer renderer, EventJson json) {
        this.model = model;
        this.renderer = renderer;
        this.json = json;
    }

    /**
     * {@code format}: json (default), dot or svg. {@code at}: optional epoch ms to replay to;
     * absent means the live topology. Bad parameters give 400 with a plain-text reason.
     */
    public Response topology(String format, String at) {
        ExportFormat f = format == null || format.isBlank()
                ? ExportFormat.JSON
                : ExportFormat.parse(format).orElse(null);
        if (f == null) {
            return new Response(400, "text/plain; charset=utf-8", "format must be json, dot or svg");
        }
        TopologySnapshot snapshot;
        if (at == null || at.isBlank()) {
            snapshot = model.current();
        } else {
            try {
                snapshot = model.replayTo(Long.parseLong(at.trim()));
            } catch (NumberFormatException e) {
                return new Response(400, "text/plain; charset=utf-8", "at must be epoch milliseconds");
            }
        }
        var r = renderer.render(snapshot, f);
        return new Response(200, r.mediaType(), r.body());
    }

    /**
     * One server-sent-events frame for {@code /api/stream}. Unnamed ("message") events, so the
     * page's {@code onmessage} sees them; the JSON is single-line, and the type is inside it.
     */
    public String sseFrame(TopologyEvent event) {
        String data = json.encode(event);
        // Jackson never emits raw newlines in compact mode, but a frame must not be split by one.
        return "data: " + data.replace("\r", "").replace("\n", "\ndata: ") + "\n\n";
    }
}
