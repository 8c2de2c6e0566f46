package dev.starling.node.api;

import dev.starling.node.collaboration.files.ChunkCounts;
import dev.starling.node.collaboration.files.DownloadStatus;
import dev.starling.node.collaboration.files.FetchResult;
import dev.starling.node.collaboration.files.FileEvent;
import dev.starling.node.collaboration.files.FileListing;
import dev.starling.node.collaboration.files.FileStats;
import dev.starling.node.collaboration.files.TransportCounters;
import dev.starling.protocol.v1.FileManifest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How the file service's answers and events read as JSON, for {@code /api/files} and the live
 * stream alike: one shape per value, so a download looks the same in a listing, a status, a fetch
 * answer and a progress event. Field names and order are the wire contract the web page reads.
 */
final class FilesJson {
    private FilesJson() {}

    static String link(String hash) {
        return "/api/files/" + hash;
    }

    /** The answer to a share: the file as the room now knows it. */
    static Map<String, Object> shared(FileManifest manifest) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", manifest.getSha256());
        out.put("name", manifest.getName());
        out.put("size", manifest.getSize());
        out.put("chunks", manifest.getChunkSha256Count());
        out.put("owner", manifest.getOwner());
        out.put("link", link(manifest.getSha256()));
        return out;
    }

    static Map<String, Object> listing(FileListing file, Function<String, String> nameOf) {
        FileManifest m = file.manifest();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", m.getSha256());
        out.put("name", m.getName());
        out.put("size", m.getSize());
        out.put("chunkSize", m.getChunkSize());
        out.put("chunks", m.getChunkSha256Count());
        out.put("owner", m.getOwner());
        out.put("ownerName", nameOf.apply(m.getOwner()));
        out.put("sharedAt", m.getSharedAtMicros() / 1_000);
        out.put("holders", file.holders());
        out.put("partialHolders", file.partialHolders());
        out.put("heldHere", file.heldHere());
        out.put("link", link(m.getSha256()));
        file.download().ifPresent(d -> out.put("download", download(d)));
        return out;
    }

    static Map<String, Object> fetch(FetchResult result) {
        if (result instanceof DownloadStatus status) {
            return download(status);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", result.hash());
        out.put("state", "held");
        return out;
    }

    static Map<String, Object> download(DownloadStatus d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", d.hash());
        out.put("name", d.name());
        out.put("size", d.size());
        out.put("state", d.state().name().toLowerCase(Locale.ROOT));
        if (!d.error().isEmpty()) {
            out.put("error", d.error());
        }
        out.put("chunks", d.chunks());
        out.put("doneChunks", d.doneChunks());
        out.put("resumedChunks", d.resumedChunks());
        out.put("corruptChunks", d.corruptChunks());
        out.put("percent", d.percent());
        out.put("sources", d.sources());
        out.put("fetchedBytes", d.fetchedBytes());
        out.put("seconds", d.seconds());
        out.put("mbPerSecond", d.mbPerSecond());
        out.put("bytesByPeer", d.bytesByPeer());
        out.put("bytesByTransport", d.bytesByTransport());
        out.put("transport", d.transport());
        return out;
    }

    static Map<String, Object> stats(FileStats stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("usedBytes", stats.storage().usedBytes());
        out.put("quotaBytes", stats.storage().quotaBytes());
        out.put("maxFileBytes", stats.storage().maxFileBytes());
        out.put("corruptPeers", stats.corruptPeers());
        out.put("rejectedManifests", stats.rejectedManifests());
        out.put("rejectedChunkRequests", stats.rejectedChunkRequests());
        out.put("servedChunks", stats.servedChunks());
        out.put("transport", stats.transport());
        stats.transports().ifPresent(t -> out.put("transports", transports(t)));
        return out;
    }

    static Map<String, Object> transports(TransportCounters counters) {
        Map<String, Object> total = new TreeMap<>();
        counters.total().forEach((via, c) -> total.put(via, counts(c)));
        Map<String, Object> byPeer = new TreeMap<>();
        counters.byPeer().forEach((peer, byVia) -> {
            Map<String, Object> view = new TreeMap<>();
            byVia.forEach((via, c) -> view.put(via, counts(c)));
            byPeer.put(peer, view);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("byPeer", byPeer);
        return out;
    }

    private static Map<String, Object> counts(ChunkCounts c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestsSent", c.requestsSent());
        out.put("chunksSent", c.chunksSent());
        out.put("bytesSent", c.bytesSent());
        out.put("chunksReceived", c.chunksReceived());
        out.put("bytesReceived", c.bytesReceived());
        out.put("fallbacks", c.fallbacks());
        return out;
    }

    /** The fields of a {@code "file"} live event: {@code action} says which kind. */
    static Map<String, Object> event(FileEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (event instanceof FileEvent.Shared e) {
            announcement(out, "shared", e.manifest());
        } else if (event instanceof FileEvent.Announced e) {
            announcement(out, "announced", e.manifest());
            out.put("from", e.from());
        } else if (event instanceof FileEvent.Rejected e) {
            out.put("action", "rejected");
            out.put("from", e.from());
            out.put("error", e.problem());
        } else if (event instanceof FileEvent.CorruptChunk e) {
            out.put("action", "corrupt");
            out.put("hash", e.hash());
            out.put("peer", e.peer());
            out.put("index", e.index());
        } else if (event instanceof FileEvent.Progress e) {
            out.putAll(download(e.status()));
            out.put("action", "progress");
        } else if (event instanceof FileEvent.Ended e) {
            out.putAll(download(e.status()));
            out.put("action", e.outcome().name().toLowerCase(Locale.ROOT));
        } else {
            throw new IllegalArgumentException("no JSON shape for " + event);
        }
        return out;
    }

    private static void announcement(Map<String, Object> out, String action, FileManifest manifest) {
        out.put("action", action);
        out.put("hash", manifest.getSha256());
        out.put("name", manifest.getName());
        out.put("size", manifest.getSize());
        out.put("owner", manifest.getOwner());
    }
}
