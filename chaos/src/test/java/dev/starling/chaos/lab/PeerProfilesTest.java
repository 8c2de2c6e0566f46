package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerProfilesTest {
    private final PeerProfiles builtIn = PeerProfiles.builtIn();

    @Test
    void theBuiltInProfilesAreThereAndOrderedFromStrongToWeak() {
        assertThat(builtIn.names()).contains("desktop-fibre", "laptop-wifi", "phone-3g");
        PeerProfile desktop = builtIn.get("desktop-fibre").orElseThrow();
        PeerProfile phone = builtIn.get("phone-3g").orElseThrow();
        assertThat(desktop.cpuCores()).isGreaterThan(phone.cpuCores());
        assertThat(desktop.uplinkKbps()).isGreaterThan(phone.uplinkKbps());
        assertThat(phone.impairsLink()).isTrue();
    }

    @Test
    void theCompactFormGivesOneProfilePerNodeInOrder() {
        List<PeerProfile> nodes = builtIn.nodes("desktop-fibre:2, phone-3g:3,laptop-wifi");

        assertThat(nodes)
                .extracting(PeerProfile::name)
                .containsExactly("desktop-fibre", "desktop-fibre", "phone-3g", "phone-3g", "phone-3g", "laptop-wifi");
    }

    @Test
    void badNodeListsSayWhatIsWrong() {
        assertThatThrownBy(() -> builtIn.nodes("tablet:2"))
                .hasMessageContaining("unknown profile 'tablet'")
                .hasMessageContaining("phone-3g");
        assertThatThrownBy(() -> builtIn.nodes("phone-3g:x")).hasMessageContaining("not a count");
        assertThatThrownBy(() -> builtIn.nodes("phone-3g:0")).hasMessageContaining("1-16");
        assertThatThrownBy(() -> builtIn.nodes("phone-3g:17")).hasMessageContaining("1-16");
        assertThatThrownBy(() -> builtIn.nodes("phone-3g:1:2")).hasMessageContaining("NAME:COUNT");
        assertThatThrownBy(() -> builtIn.nodes("")).hasMessageContaining("NAME:COUNT");
    }

    @Test
    void aUserFileAddsAndReplacesProfiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "tablet-lte:\n  cpu: 0.5\n  uplink_kbps: 3000\nphone-3g:\n  cpu: 0.1\n");

        PeerProfiles mine = builtIn.with(file);

        assertThat(mine.get("tablet-lte").orElseThrow().uplinkKbps()).isEqualTo(3000);
        assertThat(mine.get("phone-3g").orElseThrow().cpuCores()).isEqualTo(0.1);
        assertThat(mine.get("phone-3g").orElseThrow().uplinkKbps())
                .as("a replaced profile is the file's, whole")
                .isZero();
        assertThat(mine.get("desktop-fibre")).isPresent();
    }

    @Test
    void garbageFilesAreRefusedWithAReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PeerProfiles.parse("- just\n- a list\n")).hasMessageContaining("maps profile names");
        assertThatThrownBy(() -> PeerProfiles.parse("x:\n  cpu: lots\n")).hasMessageContaining("cpu must be a number");
        assertThatThrownBy(() -> PeerProfiles.parse("x:\n  gpu: 1\n")).hasMessageContaining("unknown field 'gpu'");
        assertThatThrownBy(() -> PeerProfiles.parse("x:\n  loss_percent: 150\n"))
                .hasMessageContaining("loss_percent must be 0-100");
        assertThatThrownBy(() -> PeerProfiles.parse("Bad Name:\n  cpu: 1\n")).hasMessageContaining("profile name");
        assertThatThrownBy(() -> PeerProfiles.parse("a: &x {cpu: 1}\nb: *x\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerProfiles.parse("x: [unclosed")).hasMessageContaining("not a profiles file");
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "#".repeat(70_000));
        assertThatThrownBy(() -> builtIn.with(big)).hasMessageContaining("larger than");
    }
}
