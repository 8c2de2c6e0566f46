package dev.starling.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void middleValueOrMeanOfTheMiddleTwoAndNaNForNone() {
        assertThat(Median.of(List.of(3.0, 1.0, 2.0, 10.0))).isEqualTo(2.5);
        assertThat(Median.of(List.of(5.0, 1.0, 9.0))).isEqualTo(5.0);
        assertThat(Median.of(List.of())).isNaN();
    }
}
