package dev.starling.node.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallStateTest {
    @Test
    void devicesReadAndWriteTheirLowerCaseText() {
        assertThat(DeviceState.ON.text()).isEqualTo("on");
        assertThat(DeviceState.OFF.text()).isEqualTo("off");
        assertThat(DeviceState.NONE.text()).isEqualTo("none");
        for (DeviceState state : DeviceState.values()) {
            assertThat(DeviceState.fromText(state.text())).contains(state);
        }
        assertThat(DeviceState.fromText("ON")).isEmpty();
        assertThat(DeviceState.fromText(" on")).isEmpty();
        assertThat(DeviceState.fromText("")).isEmpty();
        assertThat(DeviceState.fromText(null)).isEmpty();
    }

    @Test
    void aNodeThatSendsHasItsTracksOnAndNoScreen() {
        assertThat(CallState.sending(true, true))
                .isEqualTo(new CallState(DeviceState.ON, DeviceState.ON, DeviceState.NONE));
        assertThat(CallState.sending(true, false))
                .isEqualTo(new CallState(DeviceState.ON, DeviceState.NONE, DeviceState.NONE));
        assertThat(CallState.NONE).isEqualTo(new CallState(DeviceState.NONE, DeviceState.NONE, DeviceState.NONE));
    }

    @Test
    void textFieldsRoundTrip() {
        CallState state = new CallState(DeviceState.OFF, DeviceState.ON, DeviceState.ON);
        assertThat(state.asText())
                .containsExactly(Map.entry("audio", "off"), Map.entry("video", "on"), Map.entry("screen", "on"));
        assertThat(CallState.fromText(state.asText())).isEqualTo(state);
    }

    @Test
    void textFieldsNameTheFieldTheyRefuse() {
        Map<String, Object> fields = new HashMap<>(CallState.NONE.asText());
        fields.put("video", "muted");
        assertThatThrownBy(() -> CallState.fromText(fields))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'video'");
        fields.put("video", "off");
        fields.remove("screen");
        assertThatThrownBy(() -> CallState.fromText(fields))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'screen'");
        fields.put("screen", true);
        assertThatThrownBy(() -> CallState.fromText(fields)).isInstanceOf(IllegalArgumentException.class);
    }
}
