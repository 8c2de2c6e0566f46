package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InviteTest {
    private final Invite invite = new Invite(
            "team standup/42",
            Optional.of(new HostPort("rv.example.org", 7900)),
            List.of(),
            List.of("stun:stun.example.org:3478"),
            List.of("turn:turn.example.org:3478?transport=udp"));

    @Test
    void bothFormsReadBackToTheSameInvite() {
        assertThat(invite.link()).startsWith("starling://join?v=1&room=team+standup%2F42&");
        assertThat(Invite.parse(invite.link())).isEqualTo(invite);
        assertThat(invite.text()).startsWith("starling1.").doesNotContain(" ", "&");
        assertThat(Invite.parse("  " + invite.text() + "\n")).isEqualTo(invite);
    }

    @Test
    void anAlteredOrCutInviteIsRefusedAndSaysWhy() {
        String link = invite.link();
        assertThatThrownBy(() -> Invite.parse(link.replace("rv.example.org", "rv.evil.example")))
                .hasMessageContaining("checksum does not match");
        assertThatThrownBy(() -> Invite.parse(link.substring(0, link.indexOf("&check="))))
                .hasMessageContaining("no checksum");
        String text = invite.text();
        assertThatThrownBy(() -> Invite.parse(text.substring(0, text.length() - 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Invite.parse(text.replace('A', '*'))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void garbageAndForeignTextAreNotInvites() {
        assertThatThrownBy(() -> Invite.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Invite.parse("https://example.org/join?room=x"))
                .hasMessageContaining("not a Starling invite");
        assertThatThrownBy(() -> Invite.parse("starling1.%%%")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> Invite.parse("starling://join?" + "x".repeat(5_000)))
                .hasMessageContaining("longer");
    }

    @Test
    void anInviteWithoutAWayInOrWithBadServersCannotBeMade() {
        assertThatThrownBy(() -> new Invite("r", Optional.empty(), List.of(), List.of(), List.of()))
                .hasMessageContaining("a rendezvous or peers, one of the two");
        Invite byPeers = new Invite("r", Optional.empty(), List.of(new HostPort("::1", 7800)), List.of(), List.of());
        assertThat(Invite.parse(byPeers.text())).isEqualTo(byPeers);
        Optional<HostPort> rv = Optional.of(new HostPort("h", 1));
        assertThatThrownBy(() -> new Invite("r", rv, List.of(), List.of("http://x"), List.of()))
                .hasMessageContaining("stun:");
        assertThatThrownBy(() -> new Invite("", rv, List.of(), List.of(), List.of()))
                .hasMessageContaining("room id");
    }

    @Test
    void theInviteCarriesNoPassword() {
        assertThat(invite.getClass().getRecordComponents())
                .extracting(java.lang.reflect.RecordComponent::getName)
                .containsExactly("roomId", "rendezvous", "peers", "stun", "turn");
    }
}
