package dev.starling.node.collaboration.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestBudgetTest {
    @Test
    void eachPeerGetsItsShareAndTheWholeIsBounded() {
        ManifestBudget budget = new ManifestBudget();
        for (int i = 0; i < ManifestBudget.PER_PEER; i++) {
            assertThat(budget.admit("flooder", 100)).isTrue();
        }
        assertThat(budget.admit("flooder", 100)).isFalse();
        assertThat(budget.admit("honest", 100))
                .as("another peer still gets its share")
                .isTrue();
    }

    @Test
    void totalBytesAreCappedAcrossPeers() {
        ManifestBudget budget = new ManifestBudget();
        int big = (int) (ManifestBudget.TOTAL_BYTES / 4);
        assertThat(budget.admit("a", big)).isTrue();
        assertThat(budget.admit("b", big)).isTrue();
        assertThat(budget.admit("c", big)).isTrue();
        assertThat(budget.admit("d", big)).isTrue();
        assertThat(budget.admit("e", 1)).isFalse();
    }
}
