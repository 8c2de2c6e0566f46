package dev.starling.chaos.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.chaos.lab.PeerProfile;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixerChoiceTest {
    private final PeerClasses room = StudyFixtures.ROOM;

    @Test
    void classesOrderByWhatTheDeviceCanCarry() {
        PeerProfile laptop = new PeerProfile("laptop-wifi", 0.5, 8000, 30000, 15, 5, 0.5);
        PeerProfile unlimited = new PeerProfile("server", 0, 0, 0, 0, 0, 0);
        PeerClasses mixed = new PeerClasses(
                List.of(StudyFixtures.PHONE, laptop, unlimited, StudyFixtures.DESKTOP, StudyFixtures.PHONE));

        assertThat(mixed.strongestFirst()).containsExactly("server", "desktop-fibre", "laptop-wifi", "phone-3g");
        assertThat(mixed.weakest()).isEqualTo("phone-3g");
        assertThat(mixed.weakestFirst()).containsExactly(5, 1, 2, 4, 3);
    }

    @Test
    void strongMeansAllMixersFromTheStrongestClass() {
        assertThat(room.areStrong(List.of(1, 2), 2)).isTrue();
        assertThat(room.areStrong(List.of(1, 3), 2)).isFalse();
        assertThat(room.areStrong(List.of(1), 2)).isFalse();
        assertThat(room.areStrong(List.of(), 2)).isFalse();
        assertThat(room.areStrong(List.of(2), 1)).isTrue();
    }

    @Test
    void electedArmsLetEveryoneStandAndTheOthersPinTheirMixers() {
        MixerChoice choice = new MixerChoice(room, 2, new Random(1));

        assertThat(choice.candidates(StudyArm.SEED)).isEmpty();
        assertThat(choice.candidates(StudyArm.MESH)).isEmpty();
        assertThat(choice.candidates(StudyArm.RANDOM))
                .hasSize(2)
                .doesNotHaveDuplicates()
                .allMatch(k -> k >= 1 && k <= 6);
    }

    @Test
    void theWorstAreTheWeakestPeersByProfile() {
        MixerChoice choice = new MixerChoice(room, 2, new Random(1));

        assertThat(choice.candidates(StudyArm.WORST)).containsExactly(5, 6);
        assertThatThrownBy(() -> new MixerChoice(room, 6, new Random(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
