package dev.starling.node.collaboration.notes;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.automerge.AmValue;
import org.automerge.ChangeHash;
import org.automerge.Document;
import org.automerge.MapEntry;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.SyncState;
import org.automerge.Transaction;

/**
 * One Automerge room document and the edits the API offers on it.
 *
 * <p>Not thread-safe: {@link NotesService} serializes every call. Automerge's own objects are
 * native; {@link #close()} frees them.
 */
public final class RoomDocument implements AutoCloseable {
    /** Longest text a single edit may insert, and longest todo item text. */
    public static final int MAX_EDIT_CHARS = 16_000;

    public static final int MAX_ITEM_CHARS = 1_000;
    public static final int MAX_ITEMS = 2_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final DocumentKind kind;
    private final Document doc;

    private RoomDocument(String name, DocumentKind kind, Document doc) {
        this.name = name;
        this.kind = kind;
        this.doc = doc;
    }

    public static RoomDocument create(String name, DocumentKind kind) {
        return new RoomDocument(name, kind, Genesis.create(kind));
    }

    /**
     * Loads saved bytes and moves them onto a fresh actor, so a restarted node never reuses the
     * sequence numbers of its previous run.
     */
    public static RoomDocument load(String name, DocumentKind kind, byte[] saved) {
        Document loaded = Document.load(saved);
        try {
            Document fresh = loaded.fork();
            RoomDocument document = new RoomDocument(name, kind, fresh);
            document.root(); // fails here, at load, if the bytes are not a document of this kind
            return document;
        } finally {
            loaded.free();
        }
    }

    public String name() {
        return name;
    }

    public DocumentKind kind() {
        return kind;
    }

    public byte[] save() {
        return doc.save();
    }

    /** Hex change hashes of the current heads, sorted: equal on two nodes iff they hold the same changes. */
    public List<String> heads() {
        List<String> out = new ArrayList<>();
        for (ChangeHash hash : doc.getHeads()) {
            out.add(HexFormat.of().formatHex(hash.getBytes()));
        }
        out.sort(null);
        return out;
    }

    public Optional<byte[]> generateSyncMessage(SyncState state) {
        return doc.generateSyncMessage(state);
    }

    public void receiveSyncMessage(SyncState state, byte[] message) {
        doc.receiveSyncMessage(state, message);
    }

    // ---- text ----

    public String text() {
        return doc.text(requireKind(DocumentKind.TEXT)).orElse("");
    }

    /**
     * Deletes {@code delete} characters at {@code index} and inserts {@code insert} there.
     * Indexes are positions in the text as Automerge counts them.
     */
    public void splice(long index, long delete, String insert) {
        ObjectId text = requireKind(DocumentKind.TEXT);
        long length = doc.length(text);
        if (index < 0 || index > length) {
            throw new IllegalArgumentException("index " + index + " outside the text (length " + length + ")");
        }
        if (delete < 0 || index + delete > length) {
            throw new IllegalArgumentException(
                    "delete " + delete + " runs past the end of the text (length " + length + ")");
        }
        String inserted = insert == null ? "" : insert;
        if (inserted.length() > MAX_EDIT_CHARS) {
            throw new IllegalArgumentException("insert longer than " + MAX_EDIT_CHARS + " characters");
        }
        if (delete == 0 && inserted.isEmpty()) {
            throw new IllegalArgumentException("empty edit: nothing to delete or insert");
        }
        try (Transaction tx = doc.startTransaction()) {
            tx.spliceText(text, index, delete, inserted);
            tx.commit();
        }
    }

    // ---- todo ----

    public List<TodoItem> items() {
        ObjectId items = requireKind(DocumentKind.TODO);
        List<TodoItem> out = new ArrayList<>();
        for (MapEntry entry : doc.mapEntries(items).orElse(new MapEntry[0])) {
            if (entry.getValue() instanceof AmValue.Map map) {
                out.add(item(entry.getKey(), map.getId()));
            }
        }
        out.sort(Comparator.comparingDouble(TodoItem::order).thenComparing(TodoItem::id));
        return out;
    }

    private TodoItem item(String id, ObjectId map) {
        String text = doc.get(map, "text")
                .filter(AmValue.Str.class::isInstance)
                .map(v -> ((AmValue.Str) v).getValue())
                .orElse("");
        boolean done = doc.get(map, "done")
                .filter(AmValue.Bool.class::isInstance)
                .map(v -> ((AmValue.Bool) v).getValue())
                .orElse(false);
        double order = doc.get(map, "order")
                .filter(AmValue.F64.class::isInstance)
                .map(v -> ((AmValue.F64) v).getValue())
                .orElse(0.0);
        return new TodoItem(id, text, done, order);
    }

    /** Adds an item at {@code position} (0-based; null or past the end appends) and returns it. */
    public TodoItem add(String text, Integer position) {
        ObjectId items = requireKind(DocumentKind.TODO);
        String checked = checkItemText(text);
        List<TodoItem> current = items();
        if (current.size() >= MAX_ITEMS) {
            throw new IllegalArgumentException("the todo list is full (" + MAX_ITEMS + " items)");
        }
        double order = orderAt(current, position == null ? current.size() : position);
        String id = newId();
        try (Transaction tx = doc.startTransaction()) {
            ObjectId item = tx.set(items, id, ObjectType.MAP);
            tx.set(item, "text", checked);
            tx.set(item, "done", false);
            tx.set(item, "order", order);
            tx.commit();
        }
        return new TodoItem(id, checked, false, order);
    }

    /** Sets the done flag; null flips it. */
    public TodoItem toggle(String id, Boolean done) {
        TodoItem item = requireItem(id);
        boolean value = done == null ? !item.done() : done;
        try (Transaction tx = doc.startTransaction()) {
            tx.set(itemObject(id), "done", value);
            tx.commit();
        }
        return new TodoItem(id, item.text(), value, item.order());
    }

    public TodoItem rename(String id, String text) {
        TodoItem item = requireItem(id);
        String checked = checkItemText(text);
        try (Transaction tx = doc.startTransaction()) {
            tx.set(itemObject(id), "text", checked);
            tx.commit();
        }
        return new TodoItem(id, checked, item.done(), item.order());
    }

    /**
     * Moves an item to {@code position} among the others. Only its order number changes, so a
     * concurrent toggle or rename of the same item survives the move.
     */
    public TodoItem reorder(String id, int position) {
        TodoItem item = requireItem(id);
        List<TodoItem> others = new ArrayList<>(items());
        others.removeIf(other -> other.id().equals(id));
        if (position < 0 || position > others.size()) {
            throw new IllegalArgumentException("position " + position + " outside 0.." + others.size());
        }
        double order = orderAt(others, position);
        try (Transaction tx = doc.startTransaction()) {
            tx.set(itemObject(id), "order", order);
            tx.commit();
        }
        return new TodoItem(id, item.text(), item.done(), order);
    }

    public void remove(String id) {
        requireItem(id);
        try (Transaction tx = doc.startTransaction()) {
            tx.delete(requireKind(DocumentKind.TODO), id);
            tx.commit();
        }
    }

    private static double orderAt(List<TodoItem> sorted, int position) {
        if (position < 0 || position > sorted.size()) {
            throw new IllegalArgumentException("position " + position + " outside 0.." + sorted.size());
        }
        if (sorted.isEmpty()) {
            return 1.0;
        }
        if (position == 0) {
            return sorted.get(0).order() - 1.0;
        }
        if (position == sorted.size()) {
            return sorted.get(sorted.size() - 1).order() + 1.0;
        }
        return (sorted.get(position - 1).order() + sorted.get(position).order()) / 2.0;
    }

    private TodoItem requireItem(String id) {
        ObjectId items = requireKind(DocumentKind.TODO);
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("missing item id");
        }
        Optional<AmValue> value = doc.get(items, id);
        if (value.isEmpty() || !(value.get() instanceof AmValue.Map map)) {
            throw new java.util.NoSuchElementException("no todo item " + id);
        }
        return item(id, map.getId());
    }

    private ObjectId itemObject(String id) {
        return ((AmValue.Map) doc.get(requireKind(DocumentKind.TODO), id).orElseThrow()).getId();
    }

    private static String checkItemText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("item text must not be empty");
        }
        if (text.length() > MAX_ITEM_CHARS || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new IllegalArgumentException(
                    "item text must be at most " + MAX_ITEM_CHARS + " characters without control characters");
        }
        return text;
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private ObjectId requireKind(DocumentKind expected) {
        if (kind != expected) {
            throw new IllegalArgumentException(
                    "document " + name + " is a " + kind.name().toLowerCase() + " document, not "
                            + expected.name().toLowerCase());
        }
        return root();
    }

    private ObjectId root() {
        String key = kind == DocumentKind.TEXT ? Genesis.TEXT_KEY : Genesis.ITEMS_KEY;
        Optional<AmValue> value = doc.get(ObjectId.ROOT, key);
        if (value.isPresent() && kind == DocumentKind.TEXT && value.get() instanceof AmValue.Text text) {
            return text.getId();
        }
        if (value.isPresent() && kind == DocumentKind.TODO && value.get() instanceof AmValue.Map map) {
            return map.getId();
        }
        throw new IllegalStateException("document " + name + " has no " + key + " object");
    }

    @Override
    public void close() {
        doc.free();
    }
}
