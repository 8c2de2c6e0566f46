package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MacTableTest {
    private static final long A = 0x02_00_00_00_00_0AL, B = 0x02_00_00_00_00_0BL, C = 0x02_00_00_00_00_0CL;

    @Test
    void learnsTheLastPortASourceWasSeenOn() {
        MacTable t = new MacTable(8, 1_000);
        assertThat(t.lookup(A, 0)).isEqualTo(MacTable.UNKNOWN);
        t.learn(A, 1, 0);
        assertThat(t.lookup(A, 10)).isEqualTo(1);
        t.learn(A, 2, 20); // the node moved
        assertThat(t.lookup(A, 30)).isEqualTo(2);
    }

    @Test
    void entriesAgeOutSoTrafficIsFloodedAgain() {
        MacTable t = new MacTable(8, 1_000);
        t.learn(A, 1, 0);
        assertThat(t.lookup(A, 1_000)).isEqualTo(1);
        assertThat(t.lookup(A, 1_001)).isEqualTo(MacTable.UNKNOWN);
    }

    @Test
    void groupAddressesAreNeverLearned() {
        MacTable t = new MacTable(8, 1_000);
        t.learn(Ethernet.BROADCAST, 1, 0);
        t.learn(0x01_00_5E_00_00_01L, 1, 0); // IPv4 multicast
        assertThat(t.size()).isZero();
    }

    @Test
    void aFullTableEvictsOnlyAgedEntriesAndOtherwiseStopsLearning() {
        MacTable t = new MacTable(2, 1_000);
        t.learn(A, 0, 0);
        t.learn(B, 1, 500);
        t.learn(C, 2, 600); // full, nothing aged: C stays unknown (flooded), A and B kept
        assertThat(t.lookup(C, 600)).isEqualTo(MacTable.UNKNOWN);
        assertThat(t.lookup(A, 600)).isEqualTo(0);
        t.learn(C, 2, 1_200); // A aged out by now and makes room
        assertThat(t.lookup(C, 1_200)).isEqualTo(2);
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void ethernetHelpersReadAddressesAndTheGroupBit() {
        byte[] f = new byte[14];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xFF;
        f[6] = 0x02;
        f[11] = 0x0A;
        assertThat(Ethernet.destination(f)).isEqualTo(Ethernet.BROADCAST);
        assertThat(Ethernet.source(f)).isEqualTo(A);
        assertThat(Ethernet.isGroup(Ethernet.BROADCAST)).isTrue();
        assertThat(Ethernet.isGroup(A)).isFalse();
        assertThat(Ethernet.format(A)).isEqualTo("02:00:00:00:00:0a");
    }
}
