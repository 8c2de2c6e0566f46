package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabSiteTest {
    @Test
    void aListOfSitesParsesInOrderWhateverTheCase() {
        assertThat(LabSite.parseList("public, Cone,SYMMETRIC"))
                .containsExactly(LabSite.PUBLIC, LabSite.CONE, LabSite.SYMMETRIC);
        assertThat(LabSite.parseList("cone")).isEqualTo(List.of(LabSite.CONE));
    }

    @Test
    void anUnknownOrEmptySiteIsNamedInTheError() {
        assertThatThrownBy(() -> LabSite.parseList("public,hotel"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hotel'")
                .hasMessageContaining("public, cone or symmetric");
        assertThatThrownBy(() -> LabSite.parseList("public,,cone")).hasMessageContaining("''");
    }

    @Test
    void onlyTheNatSitesAreNatted() {
        assertThat(LabSite.PUBLIC.natted()).isFalse();
        assertThat(LabSite.CONE.natted()).isTrue();
        assertThat(LabSite.SYMMETRIC.natted()).isTrue();
    }
}
