package dev.starling.node.collaboration.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;
import dev.starling.protocol.v1.FileManifest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileServices with real stores on disk, joined by an in-memory network (the room's role):
 * parallel fetch, corrupt peers, a source that disappears, a resumed download.
 */
class FileServiceTest {
    private static final FileLimits LIMITS = new FileLimits(50_000_000, 200_000_000, 64 * 1024);

    @TempDir
    Path dir;

    private final Map<String, FileService> nodes = new ConcurrentHashMap<>();
    /** Peers whose traffic is dropped (a crashed node). */
    private final java.util.Set<String> dead = ConcurrentHashMap.newKeySet();
    /** Chunks a peer may still deliver before its link goes quiet (-1: unlimited). */
    private final Map<String, AtomicInteger> chunkBudget = new ConcurrentHashMap<>();
    /** What each node reported, in order. */
    private final Map<String, List<FileEvent>> events = new ConcurrentHashMap<>();

    private FileService node(String id, boolean corrupt) throws Exception {
        FileStore store = new FileStore(dir.resolve(id), LIMITS);
        ChunkTransport transport = new ChunkTransport() {
            @Override
            public boolean request(String peer, FileChunkRequest request) {
                FileService target = nodes.get(peer);
                if (target == null || dead.contains(peer)) {
                    return false;
                }
                target.onChunkRequest(id, request);
                return true;
            }

            @Override
            public boolean send(String peer, FileChunk chunk) {
                FileService target = nodes.get(peer);
                AtomicInteger budget = chunkBudget.get(id);
                if (target == null || dead.contains(id) || (budget != null && budget.decrementAndGet() < 0)) {
                    return false;
                }
                target.onChunk(id, chunk, "memory");
                return true;
            }

            @Override
            public String name() {
                return "memory";
            }
        };
        FileService service = new FileService(
                id,
                store,
                transport,
                body -> {
                    Envelope envelope = body.setSender(id).build();
                    nodes.forEach((peer, other) -> {
                        if (!peer.equals(id) && !dead.contains(id)) {
                            other.onEnvelope(envelope);
                        }
                    });
                },
                event -> events.computeIfAbsent(id, n -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(event),
                Clock.systemUTC(),
                corrupt);
        nodes.put(id, service);
        return service;
    }

    @AfterEach
    void close() {
        nodes.values().forEach(FileService::close);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private void awaitHeld(FileService node, String hash) {
        await().atMost(Duration.ofSeconds(30)).until(() -> node.store().holds(hash));
    }

    @Test
    void aSharedFileIsFetchedFromEveryHolderAndIsByteIdentical() throws Exception {
        FileService a = node("a", false);
        FileService b = node("b", false);
        FileService c = node("c", false);
        FileService d = node("d", false);
        byte[] data = randomBytes(3_000_000, 1);
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "movie.bin");
        assertThat(b.manifest(manifest.getSha256())).contains(manifest);

        b.fetch(manifest.getSha256());
        c.fetch(manifest.getSha256());
        awaitHeld(b, manifest.getSha256());
        awaitHeld(c, manifest.getSha256());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> d.list().get(0).holders().size() == 3);

        d.fetch(manifest.getSha256());
        awaitHeld(d, manifest.getSha256());
        for (FileService node : List.of(b, c, d)) {
            assertThat(Files.readAllBytes(node.store().blob(manifest.getSha256())))
                    .isEqualTo(data);
        }
        DownloadStatus status = d.progress(manifest.getSha256()).orElseThrow();
        assertThat(status.bytesByPeer().keySet())
                .as("chunks came from all three holders")
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(status.bytesByTransport())
                .as("the transport that carried them")
                .containsExactly(Map.entry("memory", (long) data.length));
        assertThat(status.state()).isEqualTo(DownloadState.DONE);
        assertThat(status.percent()).isEqualTo(100.0);
        assertThat(d.fetch(manifest.getSha256())).isEqualTo(new FetchResult.Held(manifest.getSha256()));
    }

    @Test
    void aPeerServingCorruptChunksIsDetectedAndAvoided() throws Exception {
        FileService a = node("a", false);
        FileService liar = node("liar", true);
        FileService d = node("d", false);
        byte[] data = randomBytes(2_000_000, 2);
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "x.bin");
        // The liar really holds the file (it fetched it honestly) but serves flipped bytes.
        liar.fetch(manifest.getSha256());
        awaitHeld(liar, manifest.getSha256());

        d.fetch(manifest.getSha256());
        awaitHeld(d, manifest.getSha256());
        assertThat(Files.readAllBytes(d.store().blob(manifest.getSha256()))).isEqualTo(data);
        Map<String, Long> corrupt = d.stats().corruptPeers();
        assertThat(corrupt).containsKey("liar");
        assertThat(corrupt.get("liar")).as("avoided after being caught").isLessThanOrEqualTo(8);
        assertThat(d.progress(manifest.getSha256()).orElseThrow().corruptChunks())
                .isPositive();
        assertThat(events.get("d"))
                .filteredOn(FileEvent.CorruptChunk.class::isInstance)
                .map(e -> ((FileEvent.CorruptChunk) e).peer())
                .containsOnly("liar");

        // The record survives a restart of d, so the liar stays avoided.
        d.close();
        nodes.remove("d");
        FileService restarted = node("d", false);
        Map<String, Long> remembered = restarted.stats().corruptPeers();
        assertThat(remembered).isEqualTo(corrupt);
    }

    @Test
    void aDownloadContinuesFromTheOtherHoldersWhenTheOwnerDisappears() throws Exception {
        FileService a = node("a", false);
        FileService b = node("b", false);
        FileService d = node("d", false);
        byte[] data = randomBytes(4_000_000, 3);
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "big.bin");
        b.fetch(manifest.getSha256());
        awaitHeld(b, manifest.getSha256());

        // a crashes after serving a few chunks to d.
        chunkBudget.put("a", new AtomicInteger(5));
        d.fetch(manifest.getSha256());
        await().atMost(Duration.ofSeconds(10)).until(() -> chunkBudget.get("a").get() < 0);
        dead.add("a");
        Member gone = new Member("a", "a", 0, "mesh", "");
        d.membershipChanged(
                new MembershipView(
                        2, "d", List.of(new Member("d", "d", 0, "mesh", ""), new Member("b", "b", 0, "mesh", ""))),
                List.of(),
                List.of(new MembershipListener.Departure(gone, false, 0)),
                true,
                false);
        awaitHeld(d, manifest.getSha256());
        assertThat(Files.readAllBytes(d.store().blob(manifest.getSha256()))).isEqualTo(data);
    }

    @Test
    void chunksAreFetchedFromPeersThatAreStillDownloadingThem() throws Exception {
        FileService a = node("a", false);
        FileService b = node("b", false);
        FileService c = node("c", false);
        byte[] data = randomBytes(2_000_000, 6); // 31 chunks of 64 KiB
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "swarm.bin");
        String hash = manifest.getSha256();

        // a goes quiet after 12 chunks to b: b holds a part, and says so to the room.
        chunkBudget.put("a", new AtomicInteger(12));
        b.fetch(hash);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> c.list().stream()
                        .anyMatch(f ->
                                Integer.valueOf(12).equals(f.partialHolders().get("b"))));

        // c gets those 12 from b while a stays quiet; b refuses what it does not have yet.
        c.fetch(hash);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> c.progress(hash).orElseThrow().doneChunks() == 12);
        assertThat(c.progress(hash).orElseThrow().bytesByPeer())
                .containsOnlyKeys("b")
                .containsEntry("b", 12L * LIMITS.chunkBytes());

        chunkBudget.remove("a"); // a is back: both finish (a's unanswered requests time out first)
        awaitHeld(b, hash);
        awaitHeld(c, hash);
        assertThat(Files.readAllBytes(c.store().blob(hash))).isEqualTo(data);
    }

    @Test
    void chunkAnnouncementsForUnknownFilesOrBeyondTheLastChunkAreIgnored() throws Exception {
        FileService a = node("a", false);
        FileService c = node("c", false);
        FileManifest manifest = a.share(new ByteArrayInputStream(randomBytes(200_000, 7)), "small.bin"); // 4 chunks
        java.util.function.Function<byte[], Envelope> have = bits -> Envelope.newBuilder()
                .setSender("x")
                .setFileHave(dev.starling.protocol.v1.FileHave.newBuilder()
                        .setSha256(manifest.getSha256())
                        .setChunks(com.google.protobuf.ByteString.copyFrom(bits)))
                .build();
        c.onEnvelope(have.apply(new byte[] {(byte) 0x10})); // chunk 4 of 0..3
        c.onEnvelope(have.apply(new byte[] {0x01, 0x00})); // two bytes for four chunks
        c.onEnvelope(Envelope.newBuilder()
                .setSender("x")
                .setFileHave(dev.starling.protocol.v1.FileHave.newBuilder()
                        .setSha256("00".repeat(32))
                        .setChunks(com.google.protobuf.ByteString.copyFrom(new byte[] {1})))
                .build());
        assertThat(c.list())
                .singleElement()
                .satisfies(f -> assertThat(f.partialHolders()).isEmpty());
        c.onEnvelope(have.apply(new byte[] {0x05})); // chunks 0 and 2: fine
        assertThat(c.list())
                .singleElement()
                .satisfies(f -> assertThat(f.partialHolders()).isEqualTo(Map.of("x", 2)));
    }

    @Test
    void anInterruptedDownloadResumesAfterARestart() throws Exception {
        FileService a = node("a", false);
        FileService d = node("d", false);
        byte[] data = randomBytes(2_000_000, 4);
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "resume.bin");
        chunkBudget.put("a", new AtomicInteger(12));
        d.fetch(manifest.getSha256());
        await().atMost(Duration.ofSeconds(10)).until(() -> chunkBudget.get("a").get() < 0);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> d.progress(manifest.getSha256()).orElseThrow().doneChunks() == 12);
        d.close();
        nodes.remove("d");
        chunkBudget.remove("a");

        FileService restarted = node("d", false);
        restarted.onEnvelope(Envelope.newBuilder()
                .setSender("a")
                .setFileHoldings(
                        dev.starling.protocol.v1.FileHoldings.newBuilder().addHeld(manifest.getSha256()))
                .build());
        restarted.resumeInterrupted();
        awaitHeld(restarted, manifest.getSha256());
        DownloadStatus progress = restarted.progress(manifest.getSha256()).orElseThrow();
        assertThat(progress.resumedChunks()).isEqualTo(12);
        assertThat(progress.fetchedBytes()).isEqualTo(data.length - 12L * LIMITS.chunkBytes());
        assertThat(Files.readAllBytes(restarted.store().blob(manifest.getSha256())))
                .isEqualTo(data);
    }

    @Test
    void badInputIsRefusedAndStoredDataStaysIntact() throws Exception {
        FileService a = node("a", false);
        FileService b = node("b", false);
        byte[] data = randomBytes(300_000, 5);
        FileManifest manifest = a.share(new ByteArrayInputStream(data), "keep.bin");

        // A manifest whose owner is not its sender, one with a hostile name, one oversized.
        b.onEnvelope(Envelope.newBuilder()
                .setSender("a")
                .setFileManifest(manifest.toBuilder().setOwner("z"))
                .build());
        b.onEnvelope(Envelope.newBuilder()
                .setSender("a")
                .setFileManifest(manifest.toBuilder().setSha256("f".repeat(64)).setName("../../x"))
                .build());
        b.onEnvelope(Envelope.newBuilder()
                .setSender("a")
                .setFileManifest(manifest.toBuilder().setSha256("e".repeat(64)).setSize(1L << 40))
                .build());
        assertThat(b.stats().rejectedManifests()).isEqualTo(3);
        assertThat(events.get("b"))
                .filteredOn(FileEvent.Rejected.class::isInstance)
                .map(e -> ((FileEvent.Rejected) e).problem())
                .containsExactly(
                        "owner z is not the sender",
                        "name contains a path separator",
                        "size 1099511627776 above this node's limit of 50000000 bytes");
        assertThat(b.list()).hasSize(1);

        // A re-announcement with the same hash but forged chunk hashes does not replace the first.
        b.onEnvelope(Envelope.newBuilder()
                .setSender("a")
                .setFileManifest(
                        manifest.toBuilder().setChunkSha256(0, com.google.protobuf.ByteString.copyFrom(new byte[32])))
                .build());
        assertThat(b.manifest(manifest.getSha256())).contains(manifest);

        // Oversized and hostile uploads.
        assertThatThrownBy(() -> a.share(new ByteArrayInputStream(new byte[50_000_001]), "huge.bin"))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> a.share(new ByteArrayInputStream(data), "../../etc/passwd"))
                .hasMessageContaining("path separator");
        assertThat(a.list()).hasSize(1);
        assertThat(Files.readAllBytes(a.store().blob(manifest.getSha256()))).isEqualTo(data);

        // Requests for unknown files or too many chunks get refusals, not crashes.
        a.onChunkRequest(
                "b",
                FileChunkRequest.newBuilder()
                        .setSha256("0".repeat(64))
                        .addChunks(0)
                        .build());
        a.onChunkRequest(
                "b",
                FileChunkRequest.newBuilder()
                        .setSha256(manifest.getSha256())
                        .addChunks(99)
                        .build());
        assertThat(a.stats().rejectedChunkRequests()).isEqualTo(1);
        // Fetching an unknown hash is a clear error.
        assertThatThrownBy(() -> b.fetch("1".repeat(64)))
                .isInstanceOf(java.util.NoSuchElementException.class)
                .isInstanceOf(UnknownFileException.class)
                .hasMessage("no shared file " + "1".repeat(64) + " known here");
    }

    @Test
    void aManifestWhoseChunksDoNotAddUpToItsHashIsNeverStoredAsComplete() throws Exception {
        FileStore store = new FileStore(dir.resolve("forged"), LIMITS);
        byte[] data = randomBytes(100_000, 6);
        FileManifest honest = Manifests.hash(new ByteArrayInputStream(data), LIMITS.chunkBytes())
                .setName("f")
                .setOwner("o")
                .build();
        FileManifest forged = honest.toBuilder().setSha256("a".repeat(64)).build();
        store.remember(forged);
        FileStore.PartialFile partial = store.openPartial(forged);
        for (int i = 0; i < forged.getChunkSha256Count(); i++) {
            int offset = i * LIMITS.chunkBytes();
            byte[] chunk = java.util.Arrays.copyOfRange(data, offset, offset + Manifests.chunkLength(forged, i));
            assertThat(partial.matches(i, chunk)).isTrue();
            partial.write(i, chunk);
        }
        assertThatThrownBy(() -> store.complete(partial)).hasMessageContaining("does not match");
        assertThat(store.holds(forged.getSha256())).isFalse();
        assertThat(store.partials()).isEmpty();
        assertThat(store.manifest(forged.getSha256()))
                .as("a proven-false manifest is forgotten")
                .isEmpty();
    }

    @Test
    void concurrentUploadsCannotShareTheSameFreeSpace() throws Exception {
        FileStore store = new FileStore(dir.resolve("race"), new FileLimits(8_000_000, 10_000_000, 64 * 1024));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<FileManifest>> uploads = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] data = randomBytes(7_000_000, 20 + i);
                String name = "up" + i;
                uploads.add(pool.submit(() -> {
                    start.await();
                    // Slow enough that all three stream at once.
                    return store.importStream(
                            new java.io.BufferedInputStream(new ByteArrayInputStream(data), 8192) {
                                @Override
                                public synchronized int read(byte[] b, int off, int len) throws java.io.IOException {
                                    Thread.yield();
                                    return super.read(b, off, Math.min(len, 65_536));
                                }
                            },
                            name,
                            "me",
                            0);
                }));
            }
            int accepted = 0;
            for (var upload : uploads) {
                try {
                    upload.get();
                    accepted++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("quota");
                }
            }
            // At most one fits. Reserving as the bytes arrive may refuse all three when they
            // interleave closely; what must never happen is two of them sharing the space.
            assertThat(accepted).isLessThanOrEqualTo(1);
            assertThat(store.usedBytes()).isEqualTo(accepted * 7_000_000L).isLessThanOrEqualTo(10_000_000);
            store.requireRoomFor(3_000_000); // what the refused uploads had reserved is free again
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theQuotaIsEnforced() throws Exception {
        FileStore store = new FileStore(dir.resolve("small"), new FileLimits(1_000_000, 1_500_000, 64 * 1024));
        store.importStream(new ByteArrayInputStream(new byte[1_000_000]), "one", "me", 0);
        assertThatThrownBy(() -> store.importStream(new ByteArrayInputStream(randomBytes(600_000, 7)), "two", "me", 0))
                .hasMessageContaining("quota");
        assertThatThrownBy(() -> store.requireRoomFor(600_000)).hasMessageContaining("quota");
        assertThat(store.held()).hasSize(1);
        try (var files = Files.list(dir.resolve("small").resolve("incoming"))) {
            assertThat(files).as("no upload leftovers").isEmpty();
        }
    }
}
