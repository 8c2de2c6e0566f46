package dev.starling.node.media.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StunBindingTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RFC 5769's sample transaction id. */
    private static final byte[] TRANSACTION = HEX.parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769, 2.2: a sample IPv4 response (SOFTWARE, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT). */
    private static final byte[] IPV4_RESPONSE = HEX.parseHex("0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "00200008" + "0001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    @Test
    void aRequestIsAHeaderWithTheMagicCookieAndTheTransaction() {
        byte[] request = StunBinding.request(TRANSACTION);

        assertThat(HEX.formatHex(request)).isEqualTo("000100002112a442b7e7a701bc34d686fa87dfae");
    }

    @Test
    void readsTheRfc5769SampleIpv4Response() {
        assertThat(StunBinding.mappedAddress(IPV4_RESPONSE, IPV4_RESPONSE.length, TRANSACTION))
                .contains(new InetSocketAddress("192.0.2.1", 32853));
    }

    @Test
    void readsAnIpv6XorMappedAddress() {
        // RFC 5769, 2.3's XOR-MAPPED-ADDRESS, in a response that carries only it.
        byte[] response = HEX.parseHex(
                "010100182112a442b7e7a701bc34d686fa87dfae" + "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9");

        assertThat(StunBinding.mappedAddress(response, response.length, TRANSACTION))
                .contains(new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853));
    }

    @Test
    void aPlainMappedAddressServesWhenThereIsNoXoredOne() {
        byte[] response = HEX.parseHex("0101000c2112a442b7e7a701bc34d686fa87dfae" + "00010008" + "00011f90c0000207");

        assertThat(StunBinding.mappedAddress(response, response.length, TRANSACTION))
                .contains(new InetSocketAddress("192.0.2.7", 8080));
    }

    @Test
    void anythingButASuccessToThisTransactionIsNoAnswer() {
        byte[] otherTransaction = TRANSACTION.clone();
        otherTransaction[0] ^= 1;
        byte[] error = IPV4_RESPONSE.clone();
        error[1] = 0x11;
        byte[] wrongLength = IPV4_RESPONSE.clone();
        wrongLength[3] = 0x40;
        byte[] attributeOverrun = HEX.parseHex("010100082112a442b7e7a701bc34d686fa87dfae" + "00200040" + "0001a147");

        assertThat(StunBinding.mappedAddress(IPV4_RESPONSE, IPV4_RESPONSE.length, otherTransaction))
                .isEmpty();
        assertThat(StunBinding.mappedAddress(error, error.length, TRANSACTION)).isEmpty();
        assertThat(StunBinding.mappedAddress(wrongLength, wrongLength.length, TRANSACTION))
                .isEmpty();
        assertThat(StunBinding.mappedAddress(IPV4_RESPONSE, 19, TRANSACTION)).isEmpty();
        assertThat(StunBinding.mappedAddress(IPV4_RESPONSE, 40, TRANSACTION))
                .as("cut short")
                .isEmpty();
        assertThat(StunBinding.mappedAddress(attributeOverrun, attributeOverrun.length, TRANSACTION))
                .isEmpty();
        assertThat(StunBinding.mappedAddress(new byte[600], 600, TRANSACTION)).isEmpty();
        assertThatThrownBy(() -> StunBinding.request(Arrays.copyOf(TRANSACTION, 4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
