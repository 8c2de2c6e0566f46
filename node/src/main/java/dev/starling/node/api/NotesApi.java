package dev.starling.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.collaboration.notes.DocumentKind;
import dev.starling.node.collaboration.notes.NotesChange;
import dev.starling.node.collaboration.notes.NotesService;
import dev.starling.node.collaboration.notes.RoomDocument;
import dev.starling.node.events.LiveEvents;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * {@code /api/notes}: the room's Automerge documents. {@code note} is text (splice edits),
 * {@code todo} a todo list (add, toggle, rename, reorder, remove). Every edit returns the
 * document as it is afterwards.
 */
public final class NotesApi {
    private final NotesService notes;
    private final ObjectMapper mapper;

    public NotesApi(NotesService notes, ObjectMapper mapper) {
        this.notes = notes;
        this.mapper = mapper;
    }

    /** The change sink for a {@code NotesService}: every change as a {@code "notes"} live event. */
    public static Consumer<NotesChange> publishTo(LiveEvents events) {
        return change -> events.publish("notes", changeJson(change));
    }

    static Map<String, Object> changeJson(NotesChange change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("document", change.document());
        fields.put("origin", change.local() ? "local" : "peer");
        change.peer().ifPresent(peer -> fields.put("peer", peer));
        fields.put("heads", change.heads());
        return fields;
    }

    void register(Javalin app) {
        app.get("/api/notes", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "documents",
                    notes.documentNames().stream()
                            .map(name -> notes.read(name, doc -> {
                                Map<String, Object> d = new LinkedHashMap<>();
                                d.put("name", name);
                                d.put("kind", doc.kind().name().toLowerCase());
                                d.put("heads", doc.heads());
                                return d;
                            }))
                            .toList());
            body.put("syncPeers", notes.peers());
            body.put("syncMessagesSent", notes.sentCount());
            body.put("syncMessagesReceived", notes.receivedCount());
            body.put("malformedSyncMessages", notes.malformedCount());
            ctx.json(body);
        });
        app.get("/api/notes/{doc}", ctx -> ctx.json(notes.read(ctx.pathParam("doc"), NotesApi::documentJson)));
        app.post("/api/notes/{doc}/{op}", this::edit);
        app.exception(NoSuchElementException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
    }

    private void edit(Context ctx) {
        String doc = ctx.pathParam("doc");
        String op = ctx.pathParam("op");
        JsonNode body = body(ctx);
        Map<String, Object> result = notes.edit(doc, document -> {
            Object changed = switch (op) {
                case "splice" -> {
                    requireKind(document, DocumentKind.TEXT, op);
                    document.splice(number(body, "index"), body.path("delete").asLong(0), text(body, "insert", false));
                    yield null;
                }
                case "add" ->
                    document.add(
                            text(body, "text", true), body.hasNonNull("position") ? index(body, "position") : null);
                case "toggle" ->
                    document.toggle(
                            text(body, "id", true),
                            body.hasNonNull("done") ? body.get("done").asBoolean() : null);
                case "rename" -> document.rename(text(body, "id", true), text(body, "text", true));
                case "reorder" -> document.reorder(text(body, "id", true), index(body, "position"));
                case "remove" -> {
                    document.remove(text(body, "id", true));
                    yield null;
                }
                default ->
                    throw new NoSuchElementException(
                            "no edit '" + op + "'; text: splice; todo: add, toggle, rename, reorder, remove");
            };
            Map<String, Object> out = documentJson(document);
            if (changed != null) {
                out.put("item", changed);
            }
            return out;
        });
        ctx.json(result);
    }

    private static void requireKind(RoomDocument document, DocumentKind kind, String op) {
        if (document.kind() != kind) {
            throw new IllegalArgumentException(
                    "'" + op + "' is an edit of " + kind.name().toLowerCase() + " documents");
        }
    }

    static Map<String, Object> documentJson(RoomDocument document) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", document.name());
        out.put("kind", document.kind().name().toLowerCase());
        if (document.kind() == DocumentKind.TEXT) {
            out.put("text", document.text());
        } else {
            out.put("items", document.items());
        }
        List<String> heads = document.heads();
        out.put("heads", heads);
        return out;
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode node = mapper.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
    }

    /** A position in a document: an int, refused (not wrapped) when the number is out of range. */
    private static int index(JsonNode body, String field) {
        long value = number(body, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + field + "\" out of range: " + value);
        }
        return (int) value;
    }

    private static long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("expected a whole number in \"" + field + "\"");
        }
        return value.asLong();
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + field + "\"");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }
}
