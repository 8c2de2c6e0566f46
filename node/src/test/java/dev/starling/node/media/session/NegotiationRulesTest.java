package dev.starling.node.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiationRulesTest {
    @Test
    void exactlyOneSideOfAPairIsPolite() {
        GlarePolicy a = new GlarePolicy("node-a", "node-b");
        GlarePolicy b = new GlarePolicy("node-b", "node-a");
        assertThat(a.polite()).isNotEqualTo(b.polite());
        assertThat(b.polite()).isTrue();
        assertThatThrownBy(() -> new GlarePolicy("x", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void collisionRulesFollowPerfectNegotiation() {
        GlarePolicy impolite = new GlarePolicy("node-a", "node-b");
        GlarePolicy polite = new GlarePolicy("node-b", "node-a");
        // An offer while we are making one, or are not stable, collides.
        assertThat(GlarePolicy.collision(true, true, true)).isTrue();
        assertThat(GlarePolicy.collision(true, false, false)).isTrue();
        assertThat(GlarePolicy.collision(true, false, true)).isFalse();
        assertThat(GlarePolicy.collision(false, true, false)).isFalse(); // answers never collide
        assertThat(impolite.ignore(true, true, false)).isTrue();
        assertThat(polite.ignore(true, true, false)).isFalse();
        assertThat(impolite.ignore(true, false, true)).isFalse();
    }

    @Test
    void candidatesAreHeldUntilReadyThenAppliedInOrder() {
        CandidateBuffer<String> buffer = new CandidateBuffer<>(2);
        List<String> applied = new ArrayList<>();
        assertThat(buffer.offer("c1", false, applied::add)).isTrue();
        assertThat(buffer.offer("c2", false, applied::add)).isTrue();
        assertThat(buffer.offer("c3", false, applied::add)).isFalse(); // bounded
        assertThat(buffer.flush(false, applied::add)).isZero();
        assertThat(applied).isEmpty();
        assertThat(buffer.flush(true, applied::add)).isEqualTo(2);
        assertThat(buffer.offer("c4", true, applied::add)).isTrue();
        assertThat(applied).containsExactly("c1", "c2", "c4");
        assertThat(buffer.dropped()).isEqualTo(1);
        assertThat(buffer.held()).isZero();
    }
}
