package dev.starling.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void durationsUseGoUnits() {
        assertThat(Quantities.parseDuration("250ms")).contains(Duration.ofMillis(250));
        assertThat(Quantities.parseDuration("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(Quantities.parseDuration("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(Quantities.parseDuration("2h")).contains(Duration.ofHours(2));
        assertThat(Quantities.parseDuration("0")).contains(Duration.ZERO);
        assertThat(Quantities.parseDuration("60")).isEmpty();
        assertThat(Quantities.parseDuration("5 s")).isEmpty();
        assertThat(Quantities.parseDuration("5d")).isEmpty();
        assertThat(Quantities.parseDuration("")).isEmpty();
    }

    @Test
    void ratesFollowTcUnits() {
        assertThat(Quantities.parseRate("1mbit")).isEqualTo(OptionalLong.of(1_000_000));
        assertThat(Quantities.parseRate("100kbit")).isEqualTo(OptionalLong.of(100_000));
        assertThat(Quantities.parseRate("64kbps")).isEqualTo(OptionalLong.of(512_000)); // tc: bps are bytes
        assertThat(Quantities.parseRate("1.5mbit")).isEqualTo(OptionalLong.of(1_500_000));
        assertThat(Quantities.parseRate("1 Mbit/s")).isEmpty();
        assertThat(Quantities.parseRate("99999999999999999999tbit")).isEmpty(); // beyond a long, not wrapped
    }

    @Test
    void formatsPickTheLargestExactUnit() {
        assertThat(Quantities.formatRate(1_000_000)).isEqualTo("1mbit");
        assertThat(Quantities.formatRate(1_500_000)).isEqualTo("1500kbit");
        assertThat(Quantities.formatRate(1_234)).isEqualTo("1234bit");
        assertThat(Quantities.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Quantities.formatDuration(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Quantities.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Quantities.formatDuration(Duration.ZERO)).isEqualTo("0s");
    }
}
