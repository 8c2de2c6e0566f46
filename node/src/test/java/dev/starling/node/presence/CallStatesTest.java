package dev.starling.node.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.events.LiveEvent;
import dev.starling.node.events.LiveEvents;
import dev.starling.node.room.Member;
import dev.starling.node.room.MembershipListener.Departure;
import dev.starling.node.room.MembershipView;
import dev.starling.node.room.RoomSendException;
import dev.starling.protocol.v1.CallStateUpdate;
import dev.starling.protocol.v1.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallStatesTest {
    private static final String SELF = "self";
    private static final String BOB = "bob";
    private static final CallState MUTED = new CallState(DeviceState.OFF, DeviceState.ON, DeviceState.NONE);
    private static final CallState SHARING = new CallState(DeviceState.ON, DeviceState.OFF, DeviceState.ON);

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);
    private final LiveEvents events = new LiveEvents(clock, 100);
    private final RecordingOutbox outbox = new RecordingOutbox();
    private CallStates states;

    @BeforeEach
    void setUp() {
        states = new CallStates(SELF, outbox, events, Runnable::run, clock);
    }

    @Test
    void anUnknownMemberHasNoDevices() {
        assertThat(states.of("stranger")).isEqualTo(CallState.NONE);
        assertThat(states.of(SELF)).isEqualTo(CallState.NONE);
    }

    @Test
    void aReceivedStateIsFiledUnderItsSenderAndAnnounced() {
        states.onEnvelope(update(BOB, MUTED, 10));

        assertThat(states.of(BOB)).isEqualTo(MUTED);
        assertThat(callStateEvents())
                .containsExactly(Map.of("peerId", BOB, "audio", "off", "video", "on", "screen", "none"));
    }

    @Test
    void anOlderOrRepeatedNumberNeverRollsTheStateBack() {
        states.onEnvelope(update(BOB, SHARING, 10));
        states.onEnvelope(update(BOB, MUTED, 9));
        states.onEnvelope(update(BOB, MUTED, 10));

        assertThat(states.of(BOB)).isEqualTo(SHARING);
        assertThat(callStateEvents()).hasSize(1);

        states.onEnvelope(update(BOB, MUTED, 11));
        assertThat(states.of(BOB)).isEqualTo(MUTED);
        assertThat(callStateEvents()).hasSize(2);
    }

    @Test
    void aNewerNumberWithTheSameStateIsNoChange() {
        states.onEnvelope(update(BOB, MUTED, 10));
        states.onEnvelope(update(BOB, MUTED, 12));
        states.onEnvelope(update(BOB, SHARING, 11));

        assertThat(states.of(BOB)).as("11 is older than the re-announced 12").isEqualTo(MUTED);
        assertThat(callStateEvents()).hasSize(1);
    }

    @Test
    void anUpdateWithAnUnsetOrUnknownDeviceIsDropped() {
        states.onEnvelope(Envelope.newBuilder()
                .setSender(BOB)
                .setCallState(CallStateUpdate.newBuilder()
                        .setAudio(CallStateUpdate.Device.DEVICE_ON)
                        .setVideo(CallStateUpdate.Device.DEVICE_ON)
                        .setSequence(5))
                .build());
        states.onEnvelope(Envelope.newBuilder()
                .setSender(BOB)
                .setCallState(CallStateUpdate.newBuilder()
                        .setAudioValue(42)
                        .setVideo(CallStateUpdate.Device.DEVICE_ON)
                        .setScreen(CallStateUpdate.Device.DEVICE_NONE)
                        .setSequence(6))
                .build());

        assertThat(states.of(BOB)).isEqualTo(CallState.NONE);
        assertThat(callStateEvents()).isEmpty();
    }

    @Test
    void aMemberThatLeavesIsForgottenAndStartsAfreshWhenItReturns() {
        states.onEnvelope(update(BOB, SHARING, 10));
        states.membershipChanged(view(SELF), List.of(), List.of(new Departure(member(BOB), true, 2_000)), false, false);

        assertThat(states.of(BOB)).isEqualTo(CallState.NONE);

        states.onEnvelope(update(BOB, MUTED, 3));
        assertThat(states.of(BOB)).isEqualTo(MUTED);
    }

    @Test
    void publishingSendsOnlyChangesWithIncreasingNumbers() {
        states.publish(MUTED);
        states.publish(MUTED);
        states.publish(SHARING);

        assertThat(outbox.sent).hasSize(2);
        assertThat(outbox.sent).allSatisfy(sent -> assertThat(sent.recipient()).isNull());
        CallStateUpdate first = outbox.sent.get(0).update();
        CallStateUpdate second = outbox.sent.get(1).update();
        assertThat(first.getAudio()).isEqualTo(CallStateUpdate.Device.DEVICE_OFF);
        assertThat(second.getScreen()).isEqualTo(CallStateUpdate.Device.DEVICE_ON);
        assertThat(second.getSequence()).isGreaterThan(first.getSequence());
        assertThat(states.of(SELF)).isEqualTo(SHARING);
        assertThat(callStateEvents()).extracting(fields -> fields.get("peerId")).containsExactly(SELF, SELF);
    }

    @Test
    void aRefreshRepeatsTheStateUnderItsNumberAndAMemberThatHasItChangesNothing() {
        states.publish(MUTED);
        states.refresh();
        assertThat(outbox.sent).hasSize(2);
        CallStateUpdate change = outbox.sent.get(0).update();
        assertThat(outbox.sent.get(1).update()).isEqualTo(change);
        assertThat(outbox.sent.get(1).recipient()).isNull();

        CallStates other = new CallStates(BOB, new RecordingOutbox(), events, Runnable::run, clock);
        other.onEnvelope(
                Envelope.newBuilder().setSender(SELF).setCallState(change).build());
        int eventsBefore = callStateEvents().size();
        other.onEnvelope(
                Envelope.newBuilder().setSender(SELF).setCallState(change).build());
        assertThat(other.of(SELF)).isEqualTo(MUTED);
        assertThat(callStateEvents()).hasSize(eventsBefore);
    }

    @Test
    void aMemberThatJoinsLaterIsToldOurStateAlone() {
        states.publish(MUTED);
        long sequence = outbox.sent.get(0).update().getSequence();
        outbox.sent.clear();

        states.membershipChanged(view(SELF, BOB), List.of(member(BOB)), List.of(), false, false);

        assertThat(outbox.sent).singleElement().satisfies(sent -> {
            assertThat(sent.recipient()).isEqualTo(BOB);
            assertThat(sent.update().getAudio()).isEqualTo(CallStateUpdate.Device.DEVICE_OFF);
            assertThat(sent.update().getSequence()).as("a repeat, not a change").isEqualTo(sequence);
        });
    }

    @Test
    void joiningOrMergingTellsEveryoneAndRepeatsKnownStatesForTheView() {
        states.publish(MUTED);
        outbox.sent.clear();
        int before = callStateEvents().size();

        states.membershipChanged(view(SELF), List.of(member(SELF)), List.of(), true, false);

        assertThat(outbox.sent)
                .singleElement()
                .satisfies(sent -> assertThat(sent.recipient()).isNull());
        assertThat(callStateEvents()).hasSize(before + 1);

        outbox.sent.clear();
        states.membershipChanged(view(SELF, BOB), List.of(member(BOB)), List.of(), false, true);
        assertThat(outbox.sent)
                .singleElement()
                .satisfies(sent -> assertThat(sent.recipient()).isNull());
    }

    @Test
    void aSendThatFailsBeforeTheJoinIsNotAnError() {
        outbox.failing = true;
        states.publish(MUTED);
        assertThat(states.of(SELF)).isEqualTo(MUTED);
    }

    @Test
    void numbersStayAheadOfAnEarlierRunOfTheSameNode() {
        states.publish(MUTED);
        long earlier = outbox.sent.get(0).update().getSequence();

        Clock later = Clock.offset(clock, java.time.Duration.ofSeconds(5));
        CallStates restarted = new CallStates(SELF, outbox, events, Runnable::run, later);
        restarted.publish(MUTED);

        assertThat(outbox.sent.get(1).update().getSequence()).isGreaterThan(earlier);
    }

    private List<Map<String, Object>> callStateEvents() {
        return events.recent().stream()
                .filter(e -> e.type().equals(CallStates.EVENT))
                .map(LiveEvent::fields)
                .toList();
    }

    private static Envelope update(String sender, CallState state, long sequence) {
        return Envelope.newBuilder()
                .setSender(sender)
                .setCallState(CallStateMessages.toWire(state, sequence))
                .build();
    }

    private static MembershipView view(String... ids) {
        return new MembershipView(
                1,
                SELF,
                java.util.Arrays.stream(ids).map(CallStatesTest::member).toList());
    }

    private static Member member(String id) {
        return new Member(id, id, 0, "mesh", "");
    }

    private static final class RecordingOutbox implements CallStates.Outbox {
        record Sent(String recipient, CallStateUpdate update) {}

        final List<Sent> sent = new ArrayList<>();
        boolean failing;

        @Override
        public void broadcast(Envelope.Builder body) {
            record(null, body);
        }

        @Override
        public boolean sendTo(String peerId, Envelope.Builder body) {
            record(peerId, body);
            return true;
        }

        private void record(String recipient, Envelope.Builder body) {
            if (failing) {
                throw new RoomSendException("not connected to the room", null);
            }
            sent.add(new Sent(recipient, body.getCallState()));
        }
    }
}
