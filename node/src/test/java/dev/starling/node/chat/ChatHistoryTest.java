package dev.starling.node.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatHistoryTest {
    private static ChatEntry line(String author, long sequence, long lamport) {
        return new ChatEntry(author, sequence, lamport, author.toUpperCase(), author + sequence, 0, 0, null, null);
    }

    @Test
    void deduplicatesAndOrdersByLamportThenAuthor() {
        ChatHistory history = new ChatHistory();
        assertThat(history.add(line("b", 1, 2))).isTrue();
        assertThat(history.add(line("a", 1, 2))).isTrue();
        assertThat(history.add(line("a", 2, 1))).isTrue();
        assertThat(history.add(line("a", 1, 2))).as("duplicate").isFalse();
        assertThat(history.all()).extracting(ChatEntry::text).containsExactly("a2", "a1", "b1");
        assertThat(history.nextLamport()).isEqualTo(3);
    }

    @Test
    void highWaterStopsAtTheFirstGap() {
        ChatHistory history = new ChatHistory();
        history.add(line("a", 1, 1));
        history.add(line("a", 2, 2));
        history.add(line("a", 4, 4));
        history.add(line("b", 2, 5));
        assertThat(history.highWater()).isEqualTo(Map.of("a", 2L, "b", 0L));
        assertThat(history.highestSequence("a")).isEqualTo(4);
    }

    @Test
    void answersADigestWithExactlyWhatThePeerLacks() {
        ChatHistory history = new ChatHistory();
        for (long i = 1; i <= 5; i++) {
            history.add(line("a", i, i));
        }
        history.add(line("b", 1, 6));
        List<ChatEntry> missing = history.missingFrom(Map.of("a", 3L), 10);
        assertThat(missing).extracting(ChatEntry::text).containsExactly("a4", "a5", "b1");
        assertThat(history.missingFrom(Map.of("a", 3L), 2)).hasSize(2);
        assertThat(history.missingFrom(Map.of("a", 5L, "b", 1L), 10)).isEmpty();
    }

    @Test
    void detectsWhenAPeerHoldsMore() {
        ChatHistory history = new ChatHistory();
        history.add(line("a", 1, 1));
        assertThat(history.isBehind(Map.of("a", 1L))).isFalse();
        assertThat(history.isBehind(Map.of("a", 2L))).isTrue();
        assertThat(history.isBehind(Map.of("c", 1L))).isTrue();
    }
}
