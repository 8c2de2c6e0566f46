package dev.starling.node.collaboration.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.NotesSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several NotesServices joined by an in-memory network that can be split: the real Automerge
 * sync protocol, the real persistence, no room.
 */
class NotesServiceTest {
    @TempDir
    Path dir;

    private final Map<String, NotesService> nodes = new LinkedHashMap<>();
    private final Deque<Object[]> wire = new ArrayDeque<>();
    private final Set<Set<String>> cut = new HashSet<>();
    /** Every node's reported changes, in order. */
    private final List<NotesChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private NotesService node(String id) throws Exception {
        NotesService service = new NotesService(
                id,
                dir.resolve(id),
                (peer, message) -> {
                    if (cut.contains(Set.of(id, peer)) || !nodes.containsKey(peer)) {
                        return false;
                    }
                    wire.add(new Object[] {id, peer, message});
                    return true;
                },
                changes::add);
        nodes.put(id, service);
        return service;
    }

    /** Delivers queued messages until the network is quiet; bounded. */
    private int pump() {
        int delivered = 0;
        while (!wire.isEmpty()) {
            Object[] m = wire.poll();
            String from = (String) m[0];
            String to = (String) m[1];
            if (!cut.contains(Set.of(from, to)) && nodes.containsKey(to)) {
                nodes.get(to).receive(from, (NotesSync) m[2]);
                delivered++;
            }
            assertThat(delivered).as("sync must settle").isLessThan(10_000);
        }
        return delivered;
    }

    private void connectAll() {
        for (String a : nodes.keySet()) {
            for (String b : nodes.keySet()) {
                if (!a.equals(b) && !cut.contains(Set.of(a, b))) {
                    nodes.get(a).connect(b);
                }
            }
        }
        pump();
    }

    private String text(String id) {
        return nodes.get(id).read("note", RoomDocument::text);
    }

    private List<TodoItem> todo(String id) {
        return nodes.get(id).read("todo", RoomDocument::items);
    }

    @AfterEach
    void close() {
        nodes.values().forEach(NotesService::close);
    }

    @Test
    void savedChangesAreReportedWithTheirOriginAndHeads() throws Exception {
        NotesService a = node("a");
        node("b");
        connectAll();
        changes.clear();
        a.edit("note", doc -> {
            doc.splice(0, 0, "hello");
            return null;
        });
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.document()).isEqualTo("note");
            assertThat(change.local()).isTrue();
            assertThat(change.heads()).isEqualTo(a.read("note", RoomDocument::heads));
        });
        pump();
        assertThat(changes)
                .as("b hears of a's edit once; a learns nothing new back")
                .hasSize(2);
        NotesChange received = changes.get(1);
        assertThat(received.local()).isFalse();
        assertThat(received.peer()).contains("a");
        assertThat(received.heads()).isEqualTo(changes.get(0).heads());
    }

    @Test
    void concurrentEditsOnFourNodesConverge() throws Exception {
        for (String id : List.of("a", "b", "c", "d")) {
            node(id);
        }
        connectAll();
        // Everyone edits before hearing from anyone else.
        for (String id : nodes.keySet()) {
            nodes.get(id).edit("note", doc -> {
                doc.splice(0, 0, "[" + id + "]");
                return null;
            });
            nodes.get(id).edit("todo", doc -> doc.add("task from " + id, null));
        }
        pump();
        String expected = text("a");
        assertThat(expected).contains("[a]", "[b]", "[c]", "[d]").hasSize(12);
        for (String id : nodes.keySet()) {
            assertThat(text(id)).isEqualTo(expected);
            assertThat(todo(id)).isEqualTo(todo("a")).hasSize(4);
            assertThat(nodes.get(id).read("note", RoomDocument::heads))
                    .isEqualTo(nodes.get("a").read("note", RoomDocument::heads));
        }
    }

    @Test
    void twoTwoPartitionWithEditsOnBothSidesConvergesAfterHealing() throws Exception {
        for (String id : List.of("a", "b", "c", "d")) {
            node(id);
        }
        connectAll();
        nodes.get("a").edit("note", doc -> {
            doc.splice(0, 0, "base");
            return null;
        });
        TodoItem shared = nodes.get("a").edit("todo", doc -> doc.add("shared item", null));
        pump();
        for (String x : List.of("a", "b")) {
            for (String y : List.of("c", "d")) {
                cut.add(Set.of(x, y));
            }
        }
        nodes.get("a").edit("note", doc -> {
            doc.splice(0, 0, "AB:");
            return null;
        });
        nodes.get("b").edit("todo", doc -> doc.toggle(shared.id(), true));
        nodes.get("c").edit("note", doc -> {
            doc.splice(4, 0, ":CD");
            return null;
        });
        nodes.get("d").edit("todo", doc -> doc.rename(shared.id(), "renamed on the other side"));
        nodes.get("d").edit("todo", doc -> doc.add("new on cd", 0));
        pump();
        assertThat(text("a")).isEqualTo(text("b")).isEqualTo("AB:base");
        assertThat(text("c")).isEqualTo(text("d")).isEqualTo("base:CD");

        cut.clear();
        connectAll(); // the merge view: fresh sync sessions with everyone
        for (String id : nodes.keySet()) {
            assertThat(text(id)).as(id).isEqualTo("AB:base:CD");
            List<TodoItem> items = todo(id);
            assertThat(items).extracting(TodoItem::text).containsExactly("new on cd", "renamed on the other side");
            assertThat(items.get(1).done()).isTrue();
        }
    }

    @Test
    void editsSurviveARestartFromTheDataDirAndReachTheOthers() throws Exception {
        node("a");
        node("b");
        connectAll();
        // a edits alone (b cannot hear it), then "crashes": no close, no goodbye.
        cut.add(Set.of("a", "b"));
        nodes.get("a").edit("note", doc -> {
            doc.splice(0, 0, "written while alone");
            return null;
        });
        nodes.get("a").edit("todo", doc -> doc.add("offline task", null));
        pump();
        assertThat(text("b")).isEmpty();
        nodes.remove("a").close();
        cut.clear();

        NotesService restarted = node("a");
        assertThat(restarted.read("note", RoomDocument::text)).isEqualTo("written while alone");
        connectAll();
        assertThat(text("b")).isEqualTo("written while alone");
        assertThat(todo("b")).extracting(TodoItem::text).containsExactly("offline task");
        // The restarted node edits under a fresh actor; both sides still agree afterwards.
        restarted.edit("note", doc -> {
            doc.splice(0, 0, ">");
            return null;
        });
        pump();
        assertThat(text("b")).isEqualTo(">written while alone");
    }

    @Test
    void malformedSyncMessagesAreCountedAndLeaveTheDocumentIntact() throws Exception {
        NotesService a = node("a");
        node("b");
        connectAll();
        a.edit("note", doc -> {
            doc.splice(0, 0, "keep me");
            return null;
        });
        pump();
        List<String> heads = a.read("note", RoomDocument::heads);
        byte[] saved = Files.readAllBytes(dir.resolve("a").resolve("note.automerge"));

        a.receive(
                "b",
                NotesSync.newBuilder()
                        .setDocument("note")
                        .setAutomergeSync(ByteString.copyFromUtf8("garbage"))
                        .build());
        a.receive(
                "b",
                NotesSync.newBuilder()
                        .setDocument("note")
                        .setAutomergeSync(ByteString.copyFrom(new byte[] {0x42, 1, 2, 3}))
                        .build());
        a.receive(
                "b",
                NotesSync.newBuilder()
                        .setDocument("../../etc/passwd")
                        .setAutomergeSync(ByteString.copyFromUtf8("x"))
                        .build());
        a.receive("b", NotesSync.newBuilder().setDocument("note").build());

        assertThat(a.malformedCount()).isEqualTo(4);
        assertThat(a.read("note", RoomDocument::text)).isEqualTo("keep me");
        assertThat(a.read("note", RoomDocument::heads)).isEqualTo(heads);
        assertThat(Files.readAllBytes(dir.resolve("a").resolve("note.automerge")))
                .isEqualTo(saved);
        // Sync still works afterwards.
        nodes.get("b").edit("note", doc -> {
            doc.splice(7, 0, "!");
            return null;
        });
        pump();
        a.connect("b");
        pump();
        assertThat(a.read("note", RoomDocument::text)).isEqualTo("keep me!");
    }

    @Test
    void anUnreadableSavedDocumentIsMovedAsideNotOverwritten() throws Exception {
        Path mine = dir.resolve("x");
        Files.createDirectories(mine);
        Files.write(mine.resolve("note.automerge"), new byte[] {1, 2, 3, 4});
        NotesService x = node("x");
        assertThat(x.read("note", RoomDocument::text)).isEmpty();
        List<Path> aside = new ArrayList<>();
        try (var files = Files.list(mine)) {
            files.filter(p -> p.getFileName().toString().startsWith("note.automerge.unreadable-"))
                    .forEach(aside::add);
        }
        assertThat(aside).hasSize(1);
        assertThat(Files.readAllBytes(aside.get(0))).containsExactly(1, 2, 3, 4);
    }

    @Test
    void badEditsAreRefusedWithReasons() throws Exception {
        NotesService a = node("a");
        assertThatThrownBy(() -> a.edit("note", doc -> {
                    doc.splice(5, 0, "x");
                    return null;
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the text");
        assertThatThrownBy(() -> a.edit("todo", doc -> doc.add("  ", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.edit("todo", doc -> doc.toggle("nope", null)))
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> a.edit("note", doc -> doc.add("x", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text document");
        assertThatThrownBy(() -> a.read("other", RoomDocument::text))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void todoReorderKeepsTheOtherFields() throws Exception {
        NotesService a = node("a");
        TodoItem one = a.edit("todo", doc -> doc.add("one", null));
        a.edit("todo", doc -> doc.add("two", null));
        a.edit("todo", doc -> doc.add("three", null));
        a.edit("todo", doc -> doc.toggle(one.id(), null));
        a.edit("todo", doc -> doc.reorder(one.id(), 2));
        assertThat(a.read("todo", RoomDocument::items))
                .extracting(TodoItem::text)
                .containsExactly("two", "three", "one");
        assertThat(a.read("todo", RoomDocument::items).get(2).done()).isTrue();
        a.edit("todo", doc -> doc.reorder(one.id(), 1));
        assertThat(a.read("todo", RoomDocument::items))
                .extracting(TodoItem::text)
                .containsExactly("two", "one", "three");
        a.edit("todo", doc -> {
            doc.remove(one.id());
            return null;
        });
        assertThat(a.read("todo", RoomDocument::items))
                .extracting(TodoItem::text)
                .containsExactly("two", "three");
    }
}
