package dev.starling.chaos.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StudyScheduleTest {

    @Test
    void everyArmTakesEveryPositionInTurn() {
        List<StudyArm> arms = List.of(StudyArm.MESH, StudyArm.SEED, StudyArm.WORST);

        List<StudySchedule.Slot> slots = StudySchedule.interleaved(arms, 3);

        assertThat(slots)
                .extracting(StudySchedule.Slot::arm)
                .containsExactly(
                        StudyArm.MESH,
                        StudyArm.SEED,
                        StudyArm.WORST,
                        StudyArm.SEED,
                        StudyArm.WORST,
                        StudyArm.MESH,
                        StudyArm.WORST,
                        StudyArm.MESH,
                        StudyArm.SEED);
        assertThat(slots).extracting(StudySchedule.Slot::repeat).containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 3);
    }

    @Test
    void armsParseByNameAndRefuseUnknownsAndRepeats() {
        assertThat(StudyArm.parseList("worst, mesh")).containsExactly(StudyArm.WORST, StudyArm.MESH);
        assertThatThrownBy(() -> StudyArm.parseList("mesh,best")).hasMessageContaining("unknown arm 'best'");
        assertThatThrownBy(() -> StudyArm.parseList("seed,seed")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> StudySchedule.interleaved(List.of(), 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
