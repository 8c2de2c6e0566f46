package dev.starling.node.api;

import dev.starling.node.collaboration.files.FetchResult;
import dev.starling.node.collaboration.files.FileEvent;
import dev.starling.node.collaboration.files.FileNames;
import dev.starling.node.collaboration.files.FileService;
import dev.starling.node.collaboration.files.Manifests;
import dev.starling.node.collaboration.files.UnknownFileException;
import dev.starling.node.events.LiveEvents;
import dev.starling.protocol.v1.FileManifest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /api/files}: share (raw body with {@code ?name=}, or multipart field {@code file}), list
 * with holders and progress, download (streamed, with ranges), and fetch a copy onto this node.
 */
public final class FilesApi {
    private final FileService files;
    private final Function<String, String> nameOf;
    private final java.util.function.Supplier<Map<String, Object>> fileChannels;

    /** @param fileChannels per-link data-channel counters (empty without media) */
    public FilesApi(
            FileService files,
            Function<String, String> nameOf,
            java.util.function.Supplier<Map<String, Object>> fileChannels) {
        this.files = files;
        this.nameOf = nameOf;
        this.fileChannels = fileChannels;
    }

    /** The event sink for a {@code FileService}: every {@link FileEvent} as a {@code "file"} live event. */
    public static Consumer<FileEvent> publishTo(LiveEvents events) {
        return event -> events.publish("file", FilesJson.event(event));
    }

    void register(Javalin app) {
        app.get("/api/files", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "files",
                    files.list().stream()
                            .map(file -> FilesJson.listing(file, nameOf))
                            .toList());
            body.put("storage", FilesJson.stats(files.stats()));
            Map<String, Object> channels = fileChannels.get();
            if (!channels.isEmpty()) {
                body.put("fileChannels", channels);
            }
            ctx.json(body);
        });
        app.post("/api/files", this::share);
        app.get("/api/files/{hash}", this::download);
        app.get("/api/files/{hash}/status", ctx -> {
            String hash = hash(ctx);
            FileManifest manifest = files.manifest(hash).orElseThrow(() -> new UnknownFileException(hash));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hash", hash);
            body.put("name", manifest.getName());
            body.put("size", manifest.getSize());
            body.put("heldHere", files.store().holds(hash));
            files.progress(hash).ifPresent(p -> body.put("download", FilesJson.download(p)));
            ctx.json(body);
        });
        app.post("/api/files/{hash}/fetch", ctx -> {
            FetchResult result = files.fetch(hash(ctx));
            ctx.status(result.complete() ? HttpStatus.OK : HttpStatus.ACCEPTED).json(FilesJson.fetch(result));
        });
        app.exception(
                NoSuchElementException.class,
                (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage())));
    }

    /** A file upload streams into the store, which enforces its own size and quota limits. */
    static boolean isUpload(jakarta.servlet.http.HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/files".equals(request.getRequestURI());
    }

    private void share(Context ctx) throws Exception {
        FileManifest manifest;
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (type.startsWith("multipart/form-data")) {
            UploadedFile upload = ctx.uploadedFile("file");
            if (upload == null) {
                throw new IllegalArgumentException("multipart upload needs a part named \"file\"");
            }
            String name = ctx.queryParam("name") != null ? ctx.queryParam("name") : upload.filename();
            FileNames.require(name);
            try (InputStream in = upload.content()) {
                manifest = files.share(in, name);
            }
        } else {
            String name = ctx.queryParam("name") != null ? ctx.queryParam("name") : ctx.header("X-File-Name");
            if (name == null) {
                throw new IllegalArgumentException(
                        "give the file's name: POST /api/files?name=NAME with the bytes as the body, "
                                + "or a multipart upload");
            }
            FileNames.require(name);
            try (InputStream in = ctx.bodyInputStream()) {
                manifest = files.share(in, name);
            }
        }
        ctx.status(HttpStatus.CREATED).json(FilesJson.shared(manifest));
    }

    private void download(Context ctx) throws Exception {
        String hash = hash(ctx);
        FileManifest manifest = files.manifest(hash).orElseThrow(() -> new UnknownFileException(hash));
        if (!files.store().holds(hash)) {
            ctx.status(HttpStatus.CONFLICT)
                    .json(Map.of(
                            "error",
                            "this node does not hold " + hash + " yet; POST " + FilesJson.link(hash)
                                    + "/fetch to fetch a copy",
                            "hash",
                            hash));
            return;
        }
        Path blob = files.store().blob(hash);
        ctx.header(
                "Content-Disposition",
                "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(manifest.getName(), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
        ctx.header("X-Content-SHA256", hash);
        ctx.writeSeekableStream(Files.newInputStream(blob), "application/octet-stream", manifest.getSize());
    }

    private static String hash(Context ctx) {
        String hash = ctx.pathParam("hash");
        if (!Manifests.isHash(hash)) {
            throw new IllegalArgumentException("a file is named by its SHA-256: 64 lowercase hex digits");
        }
        return hash;
    }
}
