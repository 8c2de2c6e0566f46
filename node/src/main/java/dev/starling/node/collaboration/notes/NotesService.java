package dev.starling.node.collaboration.notes;

import com.google.protobuf.ByteString;
import dev.starling.node.collaboration.AtomicFiles;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.NotesSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.automerge.SyncState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's Automerge documents: local edits, persistence, and Automerge's sync protocol with
 * every peer.
 *
 * <p>Each (peer, document) pair has its own {@link SyncState}. After any change, local or
 * received, every peer is offered a sync message; Automerge sends only what that peer lacks and
 * stays quiet once both sides agree. Sync states start fresh whenever a peer (re)appears in the
 * view, which is what Automerge asks for after a reconnection: a healed partition or a restarted
 * node is simply a new sync session, and the protocol works out the missing changes.
 *
 * <p>Every change is saved (atomically) before it is acknowledged or propagated, so an edit that
 * returned 200 survives a kill -9, and a node that restarts from its data dir offers its edits
 * to the room as soon as it sees the others.
 */
public final class NotesService implements MembershipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotesService.class);
    /** Sync messages above this are not sent: the room's envelopes are capped at 1 MiB. */
    static final int MAX_SYNC_BYTES = 900 * 1024;

    private static final int MAX_NAME_CHARS = 64;

    /** The documents every room has. */
    public static final Map<String, DocumentKind> ROOM_DOCUMENTS =
            Map.of("note", DocumentKind.TEXT, "todo", DocumentKind.TODO);

    private final String selfId;
    private final Path dir;
    private final NotesTransport transport;
    private final Consumer<NotesChange> changes;
    private final Map<String, RoomDocument> documents = new LinkedHashMap<>();
    private final Map<String, Map<String, SyncState>> syncStates = new HashMap<>();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /** @param changes told of every saved change, local or from a peer (see {@link NotesChange}) */
    public NotesService(String selfId, Path dir, NotesTransport transport, Consumer<NotesChange> changes)
            throws IOException {
        this.selfId = selfId;
        this.dir = dir;
        this.transport = transport;
        this.changes = changes;
        Files.createDirectories(dir);
        for (String name : new TreeSet<>(ROOM_DOCUMENTS.keySet())) {
            documents.put(name, loadOrCreate(name, ROOM_DOCUMENTS.get(name)));
        }
    }

    private RoomDocument loadOrCreate(String name, DocumentKind kind) throws IOException {
        Path file = fileOf(name);
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            try {
                RoomDocument document = RoomDocument.load(name, kind, bytes);
                log.info("notes: loaded {} ({} bytes)", name, bytes.length);
                return document;
            } catch (RuntimeException e) {
                // Keep the unreadable bytes for a human; start empty and catch up from the room.
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                log.error("notes: {} could not be loaded ({}); moved it to {} and starting empty", file, e, aside);
            }
        }
        RoomDocument fresh = RoomDocument.create(name, kind);
        persist(fresh);
        return fresh;
    }

    /** Registers the room handler: wire {@code onEnvelope} for {@link Envelope.BodyCase#NOTES_SYNC}. */
    public void onEnvelope(Envelope envelope) {
        receive(envelope.getSender(), envelope.getNotesSync());
    }

    /** Reads a document; the function must not keep the document. */
    public synchronized <T> T read(String name, Function<RoomDocument, T> reader) {
        return reader.apply(document(name));
    }

    /**
     * Applies one local edit, saves the document and offers the change to every peer. The save
     * happens before this returns, so an acknowledged edit survives a crash.
     */
    public <T> T edit(String name, Function<RoomDocument, T> editor) {
        List<Outgoing> outgoing;
        T result;
        synchronized (this) {
            RoomDocument document = document(name);
            result = editor.apply(document);
            persist(document);
            outgoing = generateAll(name);
        }
        send(outgoing);
        publish(name, Optional.empty());
        return result;
    }

    /** Handles one sync message from a peer; malformed ones are counted and dropped. */
    public void receive(String peer, NotesSync message) {
        String name = message.getDocument();
        List<Outgoing> outgoing;
        boolean changed;
        synchronized (this) {
            RoomDocument document = documents.get(name);
            if (document == null || peer == null || peer.isEmpty() || peer.equals(selfId)) {
                malformed.incrementAndGet();
                log.warn("notes: dropped sync message from {} for unknown document '{}'", peer, abbreviate(name));
                return;
            }
            SyncState state = stateOf(peer, name);
            List<String> before = document.heads();
            try {
                document.receiveSyncMessage(state, message.getAutomergeSync().toByteArray());
            } catch (RuntimeException e) {
                malformed.incrementAndGet();
                // The state may be half-updated; a fresh session lets the protocol recover.
                resetState(peer, name);
                log.warn("notes: malformed sync message from {} for {}: {}", peer, name, e.toString());
                return;
            }
            received.incrementAndGet();
            changed = !before.equals(document.heads());
            if (changed) {
                persist(document);
            }
            // New changes from one peer may be news to every other peer.
            outgoing = changed ? generateAll(name) : generate(peer, name);
        }
        send(outgoing);
        if (changed) {
            publish(name, Optional.of(peer));
        }
    }

    /** Starts a fresh sync session with a peer and offers it every document. */
    public void connect(String peer) {
        List<Outgoing> outgoing = new ArrayList<>();
        synchronized (this) {
            dropStates(peer);
            syncStates.put(peer, new HashMap<>());
            for (String name : documents.keySet()) {
                outgoing.addAll(generate(peer, name));
            }
        }
        send(outgoing);
    }

    public synchronized void disconnect(String peer) {
        dropStates(peer);
    }

    /**
     * Offers every peer whatever Automerge thinks it still lacks. Normally silent; it repairs a
     * message lost across a view change.
     */
    public void tick() {
        List<Outgoing> outgoing = new ArrayList<>();
        synchronized (this) {
            for (String name : documents.keySet()) {
                outgoing.addAll(generateAll(name));
            }
        }
        send(outgoing);
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        for (Departure departure : departed) {
            disconnect(departure.member().id());
        }
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(selfId));
        List<String> toConnect = new ArrayList<>();
        for (Member member : (selfJoined || merged) ? view.members() : joined) {
            if (!member.id().equals(selfId)) {
                toConnect.add(member.id());
            }
        }
        toConnect.forEach(this::connect);
    }

    public synchronized Set<String> documentNames() {
        return new TreeSet<>(documents.keySet());
    }

    public synchronized Set<String> peers() {
        return new TreeSet<>(syncStates.keySet());
    }

    public long malformedCount() {
        return malformed.get();
    }

    public long receivedCount() {
        return received.get();
    }

    public long sentCount() {
        return sent.get();
    }

    private RoomDocument document(String name) {
        RoomDocument document = documents.get(name);
        if (document == null) {
            throw new java.util.NoSuchElementException(
                    "no document " + abbreviate(name) + "; documents: " + documents.keySet());
        }
        return document;
    }

    private record Outgoing(String peer, NotesSync message) {}

    private List<Outgoing> generateAll(String name) {
        List<Outgoing> out = new ArrayList<>();
        for (String peer : syncStates.keySet()) {
            out.addAll(generate(peer, name));
        }
        return out;
    }

    private List<Outgoing> generate(String peer, String name) {
        Optional<byte[]> message = documents.get(name).generateSyncMessage(stateOf(peer, name));
        if (message.isEmpty()) {
            return List.of();
        }
        if (message.get().length > MAX_SYNC_BYTES) {
            log.warn(
                    "notes: sync message for {} to {} is {} bytes, above the {} byte limit; not sent",
                    name,
                    peer,
                    message.get().length,
                    MAX_SYNC_BYTES);
            return List.of();
        }
        return List.of(new Outgoing(
                peer,
                NotesSync.newBuilder()
                        .setDocument(name)
                        .setAutomergeSync(ByteString.copyFrom(message.get()))
                        .build()));
    }

    private void send(List<Outgoing> outgoing) {
        for (Outgoing out : outgoing) {
            try {
                if (transport.sendTo(out.peer(), out.message())) {
                    sent.incrementAndGet();
                }
            } catch (RuntimeException e) {
                log.debug("notes: could not send to {}: {}", out.peer(), e.toString());
            }
        }
    }

    private SyncState stateOf(String peer, String name) {
        return syncStates.computeIfAbsent(peer, p -> new HashMap<>()).computeIfAbsent(name, n -> new SyncState());
    }

    private void resetState(String peer, String name) {
        Map<String, SyncState> states = syncStates.get(peer);
        if (states != null) {
            SyncState old = states.remove(name);
            if (old != null) {
                old.free();
            }
        }
    }

    private void dropStates(String peer) {
        Map<String, SyncState> states = syncStates.remove(peer);
        if (states != null) {
            states.values().forEach(SyncState::free);
        }
    }

    private void persist(RoomDocument document) {
        try {
            AtomicFiles.write(fileOf(document.name()), document.save());
        } catch (IOException e) {
            throw new UncheckedIOException("could not save document " + document.name(), e);
        }
    }

    private Path fileOf(String name) {
        return dir.resolve(name + ".automerge");
    }

    private void publish(String name, Optional<String> peer) {
        changes.accept(new NotesChange(name, peer, read(name, RoomDocument::heads)));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > MAX_NAME_CHARS ? clean.substring(0, MAX_NAME_CHARS) + "..." : clean;
    }

    @Override
    public synchronized void close() {
        for (String peer : new ArrayList<>(syncStates.keySet())) {
            dropStates(peer);
        }
        documents.values().forEach(RoomDocument::close);
        documents.clear();
    }
}
