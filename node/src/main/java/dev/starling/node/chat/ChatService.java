package dev.starling.node.chat;

import dev.starling.node.events.LiveEvents;
import dev.starling.node.identity.PeerSigner;
import dev.starling.node.room.Member;
import dev.starling.node.room.Membership;
import dev.starling.node.room.MembershipListener;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.Micros;
import dev.starling.node.room.Room;
import dev.starling.node.room.RoomSendException;
import dev.starling.node.storage.JsonLinesLog;
import dev.starling.protocol.v1.ChatDigest;
import dev.starling.protocol.v1.ChatMessage;
import dev.starling.protocol.v1.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room chat: post, receive, persist, and repair gaps by anti-entropy.
 *
 * <p>Every author numbers its lines 1, 2, 3, ...; a node's {@link ChatDigest} (per-author
 * high-water marks) says exactly what it holds. A node sends its digest when it joins and when a
 * partition heals; whoever holds lines the digest lacks answers with pages of them, and whoever
 * sees a digest ahead of its own asks back. So a late joiner, a restarted node and both sides of
 * a healed partition all converge on the same lines, shown in the same (Lamport) order.
 */
public final class ChatService implements MembershipListener {
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    /** Longest accepted line, in UTF-16 chars. */
    public static final int MAX_TEXT_CHARS = 4_000;

    private static final int MAX_ID_CHARS = 64;
    private static final int MAX_NAME_CHARS = 256;
    private static final int PAGE_LINES = 200;

    private final Room room;
    private final ChatHistory history = new ChatHistory();
    private final JsonLinesLog<ChatEntry> store;
    private final LiveEvents events;
    private final Supplier<String> displayName;
    private final Clock clock;
    private final Executor sender;
    private final PeerSigner signer;
    private final LongAdder forged = new LongAdder();

    public ChatService(
            Room room,
            JsonLinesLog<ChatEntry> chatLog,
            LiveEvents events,
            Supplier<String> displayName,
            Clock clock,
            Executor sender,
            PeerSigner signer)
            throws IOException {
        this.signer = signer;
        this.room = room;
        this.store = chatLog;
        this.events = events;
        this.displayName = displayName;
        this.clock = clock;
        this.sender = sender;
        for (ChatEntry entry : chatLog.load()) {
            history.add(entry);
        }
        room.on(Envelope.BodyCase.CHAT, this::onChat);
        room.on(Envelope.BodyCase.CHAT_DIGEST, this::onDigest);
        room.on(Envelope.BodyCase.CHAT_HISTORY, this::onHistory);
    }

    public void attach(Membership membership) {
        membership.addListener(this);
    }

    /**
     * Posts a line: persisted locally, then sent to the room. Returns once both happened; if the
     * send fails the line is still in the log and reaches the room at the next digest exchange.
     */
    public ChatEntry post(String text) {
        String checked = requireValidText(text);
        ChatEntry entry;
        synchronized (this) {
            long sequence = history.highestSequence(room.selfId()) + 1;
            long now = Micros.now(clock);
            ChatMessage line = ChatSignatures.sign(
                    new ChatEntry(
                                    room.selfId(),
                                    sequence,
                                    history.nextLamport(),
                                    displayName.get(),
                                    checked,
                                    now,
                                    now,
                                    null,
                                    null)
                            .toMessage(),
                    signer);
            entry = ChatEntry.from(line, now);
            persist(entry);
            history.add(entry);
        }
        publish(entry);
        try {
            room.broadcast(Envelope.newBuilder().setChat(entry.toMessage()));
        } catch (RoomSendException e) {
            // Durable already: the next digest exchange delivers it.
            log.warn("chat line {} stored but not sent yet: {}", sequence(entry), e.getMessage());
        }
        return entry;
    }

    private static String sequence(ChatEntry entry) {
        return entry.author() + "#" + entry.sequence();
    }

    /** Lines dropped because their author had not signed them (forged, or relayed from before signatures). */
    public long forgedCount() {
        return forged.sum();
    }

    public List<ChatEntry> lines() {
        return history.all();
    }

    private void onChat(Envelope envelope) {
        ChatMessage message = envelope.getChat();
        if (!message.getAuthor().equals(envelope.getSender())) {
            forged.increment();
            log.debug("dropped chat line from {} claiming author {}", envelope.getSender(), message.getAuthor());
            return;
        }
        // Straight from its author: the envelope's signature, checked by the room, already proves
        // who wrote it; the line's own signature matters when others relay it.
        accept(message, true);
    }

    private void onDigest(Envelope envelope) {
        Map<String, Long> theirs = envelope.getChatDigest().getHighWaterMap();
        String peer = envelope.getSender();
        List<ChatEntry> missing = history.missingFrom(theirs, PAGE_LINES);
        if (!missing.isEmpty()) {
            dev.starling.protocol.v1.ChatHistory.Builder page =
                    dev.starling.protocol.v1.ChatHistory.newBuilder().setTruncated(missing.size() == PAGE_LINES);
            missing.forEach(entry -> page.addMessages(entry.toMessage()));
            room.sendTo(peer, Envelope.newBuilder().setChatHistory(page));
        }
        if (history.isBehind(theirs)) {
            room.sendTo(peer, digest());
        }
    }

    private void onHistory(Envelope envelope) {
        dev.starling.protocol.v1.ChatHistory page = envelope.getChatHistory();
        int fresh = 0;
        for (ChatMessage message : page.getMessagesList()) {
            if (accept(message, false)) {
                fresh++;
            }
        }
        log.debug("history page from {}: {} lines, {} new", envelope.getSender(), page.getMessagesCount(), fresh);
        if (page.getTruncated()) {
            room.sendTo(envelope.getSender(), digest());
        }
    }

    /** Validates, deduplicates, persists and publishes one line; returns whether it was new. */
    private boolean accept(ChatMessage message, boolean fromItsAuthor) {
        String problem = problemWith(message);
        if (problem != null) {
            log.warn("dropped chat line: {}", problem);
            return false;
        }
        if (!fromItsAuthor && !ChatSignatures.isAuthentic(message)) {
            forged.increment();
            log.debug("dropped chat line {}#{}: not signed by its author", message.getAuthor(), message.getSequence());
            return false;
        }
        ChatEntry entry = ChatEntry.from(message, Micros.now(clock));
        synchronized (this) {
            if (history.contains(entry.key())) {
                return false;
            }
            persist(entry);
            history.add(entry);
        }
        publish(entry);
        return true;
    }

    @Override
    public void membershipChanged(
            MembershipView view, List<Member> joined, List<Departure> departed, boolean leaderChanged, boolean merged) {
        boolean selfJoined = joined.stream().anyMatch(m -> m.id().equals(view.selfId()));
        if (selfJoined || merged) {
            sender.execute(() -> room.broadcast(digest()));
        }
    }

    private Envelope.Builder digest() {
        return Envelope.newBuilder().setChatDigest(ChatDigest.newBuilder().putAllHighWater(history.highWater()));
    }

    private void persist(ChatEntry entry) {
        try {
            store.append(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("could not persist chat line", e);
        }
    }

    private void publish(ChatEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("author", entry.author());
        fields.put("authorName", entry.authorName());
        fields.put("sequence", entry.sequence());
        fields.put("text", entry.text());
        fields.put("sentAt", entry.sentAtMicros() / 1_000);
        events.publish("chat", fields);
    }

    static String requireValidText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("chat text must not be empty");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("chat text longer than " + MAX_TEXT_CHARS + " characters");
        }
        return text;
    }

    private static String problemWith(ChatMessage message) {
        if (message.getAuthor().isEmpty() || message.getAuthor().length() > MAX_ID_CHARS) {
            return "bad author id";
        }
        if (message.getSequence() <= 0) {
            return "non-positive sequence from " + message.getAuthor();
        }
        if (message.getText().isEmpty() || message.getText().length() > MAX_TEXT_CHARS) {
            return "empty or oversized text from " + message.getAuthor();
        }
        if (message.getAuthorName().length() > MAX_NAME_CHARS) {
            return "oversized author name from " + message.getAuthor();
        }
        return null;
    }
}
