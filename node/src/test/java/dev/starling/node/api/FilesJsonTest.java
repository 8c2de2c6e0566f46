package dev.starling.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.collaboration.files.ChunkCounts;
import dev.starling.node.collaboration.files.DownloadState;
import dev.starling.node.collaboration.files.DownloadStatus;
import dev.starling.node.collaboration.files.FetchResult;
import dev.starling.node.collaboration.files.FileEvent;
import dev.starling.node.collaboration.files.FileListing;
import dev.starling.node.collaboration.files.FileStats;
import dev.starling.node.collaboration.files.StorageUsage;
import dev.starling.node.collaboration.files.TransportCounters;
import dev.starling.protocol.v1.FileManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The typed file results as the web page and the live stream read them: names, order, and what is left out. */
class FilesJsonTest {
    private static final String HASH = "c".repeat(64);

    private static DownloadStatus status(DownloadState state, String error) {
        return new DownloadStatus(
                HASH,
                "x.bin",
                1000,
                state,
                error,
                3,
                2,
                1,
                0,
                2,
                600,
                1.5,
                0.0004,
                new TreeMap<>(Map.of("b", 400L, "a", 200L)),
                new TreeMap<>(Map.of("room", 600L)),
                "memory");
    }

    @Test
    void aDownloadStatusKeepsItsFieldsAndOrderAndShowsAnErrorOnlyWhenThereIsOne() {
        Map<String, Object> fetching = FilesJson.download(status(DownloadState.FETCHING, ""));
        assertThat(fetching.keySet())
                .containsExactly(
                        "hash",
                        "name",
                        "size",
                        "state",
                        "chunks",
                        "doneChunks",
                        "resumedChunks",
                        "corruptChunks",
                        "percent",
                        "sources",
                        "fetchedBytes",
                        "seconds",
                        "mbPerSecond",
                        "bytesByPeer",
                        "bytesByTransport",
                        "transport");
        assertThat(fetching)
                .containsEntry("state", "fetching")
                .containsEntry("percent", 66.7)
                .containsEntry("fetchedBytes", 600L)
                .containsEntry("doneChunks", 2);
        assertThat(List.copyOf(((Map<?, ?>) fetching.get("bytesByPeer")).keySet()))
                .isEqualTo(List.of("a", "b"));

        Map<String, Object> failed = FilesJson.download(status(DownloadState.FAILED, "file hash does not match"));
        assertThat(List.copyOf(failed.keySet()).subList(0, 6))
                .containsExactly("hash", "name", "size", "state", "error", "chunks");
        assertThat(failed).containsEntry("state", "failed").containsEntry("error", "file hash does not match");
    }

    @Test
    void aFetchAnswerIsEitherHeldOrTheDownload() {
        assertThat(FilesJson.fetch(new FetchResult.Held(HASH)))
                .containsExactly(Map.entry("hash", HASH), Map.entry("state", "held"));
        assertThat(new FetchResult.Held(HASH).complete()).isTrue();
        assertThat(FilesJson.fetch(status(DownloadState.WAITING, ""))).containsEntry("state", "waiting");
        assertThat(status(DownloadState.WAITING, "").complete()).isFalse();
        assertThat(status(DownloadState.DONE, "").complete()).isTrue();
    }

    @Test
    void anEmptyFileCountsAsComplete() {
        DownloadStatus empty = new DownloadStatus(
                HASH,
                "e",
                0,
                DownloadState.VERIFYING,
                "",
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                new TreeMap<>(),
                new TreeMap<>(),
                "room");
        assertThat(empty.percent()).isEqualTo(100.0);
    }

    @Test
    void eventsSayWhatHappenedInTheirActionField() {
        FileManifest manifest = FileManifest.newBuilder()
                .setSha256(HASH)
                .setName("x.bin")
                .setSize(1000)
                .setOwner("o")
                .build();
        assertThat(FilesJson.event(new FileEvent.Announced(manifest, "p")))
                .containsExactly(
                        Map.entry("action", "announced"),
                        Map.entry("hash", HASH),
                        Map.entry("name", "x.bin"),
                        Map.entry("size", 1000L),
                        Map.entry("owner", "o"),
                        Map.entry("from", "p"));
        assertThat(FilesJson.event(new FileEvent.Rejected("p", "bad")))
                .containsExactly(Map.entry("action", "rejected"), Map.entry("from", "p"), Map.entry("error", "bad"));
        assertThat(FilesJson.event(new FileEvent.CorruptChunk(HASH, "liar", 3)))
                .containsExactly(
                        Map.entry("action", "corrupt"),
                        Map.entry("hash", HASH),
                        Map.entry("peer", "liar"),
                        Map.entry("index", 3));
        Map<String, Object> progress = FilesJson.event(new FileEvent.Progress(status(DownloadState.FETCHING, "")));
        assertThat(List.copyOf(progress.keySet())).endsWith("transport", "action");
        assertThat(progress).containsEntry("action", "progress").containsEntry("state", "fetching");
        // An interrupted download ends "stopped" though its last state was still "fetching".
        assertThat(FilesJson.event(new FileEvent.Ended(status(DownloadState.FETCHING, ""), DownloadState.STOPPED)))
                .containsEntry("action", "stopped")
                .containsEntry("state", "fetching");
    }

    @Test
    void statsShowPerPathCountersOnlyForATransportThatHasThem() {
        StorageUsage usage = new StorageUsage(10, 100, 50);
        FileStats single = new FileStats(usage, new TreeMap<>(), 0, 0, 0, "room", Optional.empty());
        assertThat(FilesJson.stats(single)).doesNotContainKey("transports").containsEntry("transport", "room");

        ChunkCounts counts = new ChunkCounts(1, 2, 3, 4, 5, 6);
        TransportCounters perPeer = new TransportCounters(
                new TreeMap<>(Map.of("datachannel", counts)),
                new TreeMap<>(Map.of("a", new TreeMap<>(Map.of("datachannel", counts)))));
        Map<String, Object> stats = FilesJson.stats(
                new FileStats(usage, new TreeMap<>(Map.of("liar", 2L)), 1, 2, 3, "per-peer", Optional.of(perPeer)));
        Map<String, Long> expected = new java.util.LinkedHashMap<>();
        expected.put("requestsSent", 1L);
        expected.put("chunksSent", 2L);
        expected.put("bytesSent", 3L);
        expected.put("chunksReceived", 4L);
        expected.put("bytesReceived", 5L);
        expected.put("fallbacks", 6L);
        assertThat(stats.get("transports"))
                .isEqualTo(Map.of(
                        "total",
                        Map.of("datachannel", expected),
                        "byPeer",
                        Map.of("a", Map.of("datachannel", expected))));
        assertThat(stats.get("corruptPeers")).isEqualTo(Map.of("liar", 2L));
    }

    @Test
    void aListingEntryCarriesTheDownloadOnlyWhenThereIsOne() {
        FileManifest manifest = FileManifest.newBuilder()
                .setSha256(HASH)
                .setName("x.bin")
                .setSize(1000)
                .setChunkSize(65536)
                .setOwner("o")
                .setSharedAtMicros(5_000_000)
                .build();
        FileListing idle =
                new FileListing(manifest, new TreeSet<>(List.of("o")), new TreeMap<>(), false, Optional.empty());
        Map<String, Object> entry = FilesJson.listing(idle, peer -> "Olga");
        assertThat(entry)
                .doesNotContainKey("download")
                .containsEntry("ownerName", "Olga")
                .containsEntry("sharedAt", 5_000L)
                .containsEntry("link", "/api/files/" + HASH);
        FileListing fetching = new FileListing(
                manifest,
                new TreeSet<>(List.of("o")),
                new TreeMap<>(Map.of("p", 1)),
                false,
                Optional.of(status(DownloadState.FETCHING, "")));
        assertThat(FilesJson.listing(fetching, peer -> "").get("download"))
                .isEqualTo(FilesJson.download(fetching.download().get()));
    }
}
