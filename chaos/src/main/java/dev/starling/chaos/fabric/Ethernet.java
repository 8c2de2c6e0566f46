package dev.starling.chaos.fabric;

/**
 * Reads the two addresses of an Ethernet II frame as 48-bit longs, so the MAC table can key on a
 * primitive instead of allocating per frame.
 */
final class Ethernet {
    static final int HEADER_BYTES = 14;
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Ethernet() {}

    static long destination(byte[] frame) {
        return mac(frame, 0);
    }

    static long source(byte[] frame) {
        return mac(frame, 6);
    }

    /** Broadcast and multicast share the I/G bit (lowest bit of the first octet). */
    static boolean isGroup(long mac) {
        return (mac >>> 40 & 1) != 0;
    }

    static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (sb.length() > 0) sb.append(':');
            sb.append(String.format("%02x", mac >>> shift & 0xFF));
        }
        return sb.toString();
    }

    private static long mac(byte[] frame, int offset) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = v << 8 | (frame[offset + i] & 0xFF);
        return v;
    }
}
