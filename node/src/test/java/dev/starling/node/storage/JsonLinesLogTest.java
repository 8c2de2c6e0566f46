package dev.starling.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesLogTest {
    record Item(String name, int value) {}

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void appendedRecordsSurviveReopening() throws Exception {
        Path file = dir.resolve("items.jsonl");
        try (JsonLinesLog<Item> log = new JsonLinesLog<>(file, Item.class, mapper)) {
            assertThat(log.load()).isEmpty();
            log.append(new Item("a", 1));
            log.append(new Item("b", 2));
        }
        try (JsonLinesLog<Item> log = new JsonLinesLog<>(file, Item.class, mapper)) {
            assertThat(log.load()).containsExactly(new Item("a", 1), new Item("b", 2));
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("a room's chat is its members' alone")
                .isEqualTo("rw-------");
    }

    @Test
    void tornTailIsDroppedAndCorruptLinesSkippedWithoutLosingOthers() throws Exception {
        Path file = dir.resolve("items.jsonl");
        Files.writeString(
                file,
                "{\"name\":\"a\",\"value\":1}\nnot json at all\n{\"name\":\"b\",\"value\":2}\n{\"name\":\"c\",\"va",
                StandardCharsets.UTF_8);
        try (JsonLinesLog<Item> log = new JsonLinesLog<>(file, Item.class, mapper)) {
            assertThat(log.load()).containsExactly(new Item("a", 1), new Item("b", 2));
            assertThat(log.skippedOnLoad()).isEqualTo(1);
            log.append(new Item("d", 4));
        }
        assertThat(Files.readString(file)).endsWith("{\"name\":\"b\",\"value\":2}\n{\"name\":\"d\",\"value\":4}\n");
        Files.writeString(file, "\u0000\u0001garbage\n", StandardOpenOption.APPEND);
        try (JsonLinesLog<Item> log = new JsonLinesLog<>(file, Item.class, mapper)) {
            assertThat(log.load()).extracting(Item::name).containsExactly("a", "b", "d");
        }
    }
}
