package dev.starling.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BitrateConverterTest {
    private final BitrateConverter converter = new BitrateConverter();

    @Test
    void readsTcUnitsAndPlainBitsPerSecond() {
        assertThat(converter.convert("32kbit")).isEqualTo(32_000);
        assertThat(converter.convert("500kbit")).isEqualTo(500_000);
        assertThat(converter.convert("1mbit")).isEqualTo(1_000_000);
        assertThat(converter.convert(" 1.5Mbit ")).isEqualTo(1_500_000);
        assertThat(converter.convert("4kbps")).isEqualTo(32_000); // tc: bps are bytes, as in scenario files
        assertThat(converter.convert("64000")).isEqualTo(64_000);
        assertThat(converter.convert("2147483647")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void refusesGarbageWithExamples() {
        for (String garbage : new String[] {"", "fast", "32 kbit", "32k", "1mbit/s", "-32kbit", "1e6"}) {
            assertThatThrownBy(() -> converter.convert(garbage))
                    .as(garbage)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("not a bitrate")
                    .hasMessageContaining("32kbit");
        }
    }

    @Test
    void refusesRatesThatAreNotPositiveOrDoNotFitLibwebrtc() {
        for (String outOfRange : new String[] {"0", "0kbit", "0.1bit", "2147483648", "3gbit", "999999999999999999"}) {
            assertThatThrownBy(() -> converter.convert(outOfRange))
                    .as(outOfRange)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("bitrate out of range");
        }
    }
}
