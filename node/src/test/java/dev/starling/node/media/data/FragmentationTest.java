package dev.starling.node.media.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.starling.protocol.WireVersion;
import dev.starling.protocol.v1.FileFragment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentationTest {
    private static final int MAX = 512 * 1024 + 1024;
    private final Random random = new Random(42);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Optional<byte[]> feed(Reassembler r, List<ByteBuffer> fragments) {
        Optional<byte[]> out = Optional.empty();
        for (ByteBuffer f : fragments) {
            Optional<byte[]> got = r.accept(f);
            assertThat(out).as("only the last fragment completes").isEmpty();
            out = got;
        }
        return out;
    }

    private static FileFragment parse(ByteBuffer b) throws Exception {
        return FileFragment.parseFrom(b.duplicate());
    }

    private static ByteBuffer wire(FileFragment f) {
        return ByteBuffer.wrap(f.toByteArray());
    }

    @Test
    void roundTripsEverySizeAroundTheFragmentBoundaries() {
        int p = Fragmenter.MAX_PAYLOAD_BYTES;
        Fragmenter fragmenter = new Fragmenter(1);
        Reassembler reassembler = new Reassembler(MAX, 4);
        for (int size : new int[] {0, 1, p - 1, p, p + 1, 2 * p, 256 * 1024, MAX}) {
            byte[] message = bytes(size);
            List<ByteBuffer> fragments = fragmenter.split(message);
            assertThat(fragments).hasSize(Fragmenter.fragmentsFor(size));
            assertThat(feed(reassembler, fragments))
                    .hasValueSatisfying(m -> assertThat(m).isEqualTo(message));
        }
        assertThat(reassembler.dropped()).isZero();
        assertThat(reassembler.pendingMessages()).isZero();
    }

    @Test
    void everyFragmentFitsTheWireLimitEvenWithTheLargestIds() {
        Fragmenter fragmenter = new Fragmenter(Long.MAX_VALUE - 1);
        for (ByteBuffer f : fragmenter.split(bytes(MAX))) {
            assertThat(f.remaining()).isLessThanOrEqualTo(Fragmenter.MAX_WIRE_BYTES);
        }
        // Message id wraps to negative (10-byte varint): still within the limit.
        for (ByteBuffer f : fragmenter.split(bytes(MAX))) {
            assertThat(f.remaining()).isLessThanOrEqualTo(Fragmenter.MAX_WIRE_BYTES);
        }
        for (ByteBuffer f : fragmenter.split(bytes(MAX))) {
            assertThat(f.remaining()).isLessThanOrEqualTo(Fragmenter.MAX_WIRE_BYTES);
        }
    }

    @Test
    void interleavedMessagesBothComplete() {
        Fragmenter a = new Fragmenter(10);
        Fragmenter b = new Fragmenter(20);
        byte[] ma = bytes(100_000);
        byte[] mb = bytes(70_000);
        List<ByteBuffer> fa = a.split(ma);
        List<ByteBuffer> fb = b.split(mb);
        Reassembler r = new Reassembler(MAX, 4);
        List<byte[]> done = new ArrayList<>();
        for (int i = 0; i < Math.max(fa.size(), fb.size()); i++) {
            if (i < fa.size()) {
                r.accept(fa.get(i)).ifPresent(done::add);
            }
            if (i < fb.size()) {
                r.accept(fb.get(i)).ifPresent(done::add);
            }
        }
        assertThat(done).containsExactly(mb, ma);
        assertThat(r.dropped()).isZero();
    }

    @Test
    void garbageIsCountedAndDropped() {
        Reassembler r = new Reassembler(MAX, 4);
        for (int i = 0; i < 200; i++) {
            assertThat(r.accept(ByteBuffer.wrap(bytes(random.nextInt(2000))))).isEmpty();
        }
        assertThat(r.accept(ByteBuffer.allocate(0))).isEmpty(); // parses as version 0: unsupported
        assertThat(r.dropped()).isEqualTo(201);
        assertThat(r.pendingMessages()).isZero();
    }

    @Test
    void oversizedFragmentsAndDeclaredSizesAreRefusedBeforeAnyAllocation() throws Exception {
        Reassembler r = new Reassembler(MAX, 4);
        assertThat(r.accept(ByteBuffer.allocate(Fragmenter.MAX_WIRE_BYTES + 1))).isEmpty();
        FileFragment huge = FileFragment.newBuilder()
                .setVersion(WireVersion.CURRENT)
                .setMessageId(1)
                .setIndex(0)
                .setCount(Fragmenter.fragmentsFor(MAX + 1))
                .setTotalBytes(MAX + 1)
                .setPayload(ByteString.copyFrom(bytes(Fragmenter.MAX_PAYLOAD_BYTES)))
                .build();
        assertThat(r.accept(wire(huge))).isEmpty();
        FileFragment negative = huge.toBuilder().setTotalBytes(-1).build(); // uint32 2^32-1
        assertThat(r.accept(wire(negative))).isEmpty();
        assertThat(r.counters().get("oversized")).isEqualTo(3);
        assertThat(r.pendingBytes()).isZero();
    }

    @Test
    void countThatDoesNotMatchTheSizeOrAnIndexOutOfRangeIsMalformed() throws Exception {
        Reassembler r = new Reassembler(MAX, 4);
        FileFragment first = parse(new Fragmenter(5).split(bytes(40_000)).get(0));
        assertThat(r.accept(wire(first.toBuilder().setCount(5).build()))).isEmpty();
        assertThat(r.accept(wire(first.toBuilder().setIndex(3).build()))).isEmpty();
        assertThat(r.counters().get("malformed")).isEqualTo(2);
    }

    @Test
    void aFragmentOfAnUnknownMessageIsStale() {
        List<ByteBuffer> fragments = new Fragmenter(7).split(bytes(50_000));
        Reassembler r = new Reassembler(MAX, 4);
        assertThat(r.accept(fragments.get(1))).isEmpty();
        assertThat(r.accept(fragments.get(2))).isEmpty();
        assertThat(r.counters().get("stale")).isEqualTo(2);
    }

    @Test
    void aSkippedOrRepeatedFragmentDropsTheMessageAndItsRest() {
        List<ByteBuffer> fragments = new Fragmenter(7).split(bytes(60_000));
        Reassembler r = new Reassembler(MAX, 4);
        r.accept(fragments.get(0));
        assertThat(r.accept(fragments.get(2))).isEmpty(); // skipped 1
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.accept(fragments.get(3))).isEmpty(); // rest of a dropped message
        assertThat(r.counters()).containsEntry("inconsistent", 1L).containsEntry("stale", 1L);

        r.accept(fragments.get(0));
        r.accept(fragments.get(1));
        assertThat(r.accept(fragments.get(1))).isEmpty(); // repeated
        assertThat(r.counters()).containsEntry("inconsistent", 2L);
    }

    @Test
    void fragmentsThatContradictTheFirstOneAreInconsistent() throws Exception {
        List<ByteBuffer> fragments = new Fragmenter(9).split(bytes(50_000));
        Reassembler r = new Reassembler(MAX, 4);
        r.accept(fragments.get(0));
        FileFragment second = parse(fragments.get(1));
        // Same count, different total: would overflow or underfill the buffer claimed from the first.
        assertThat(r.accept(wire(second.toBuilder()
                        .setTotalBytes(second.getTotalBytes() - 10)
                        .build())))
                .isEmpty();
        assertThat(r.counters()).containsEntry("inconsistent", 1L);
        // A short middle fragment.
        r.accept(fragments.get(0));
        assertThat(r.accept(wire(second.toBuilder()
                        .setPayload(ByteString.copyFrom(bytes(10)))
                        .build())))
                .isEmpty();
        // A last fragment longer than what is left.
        List<ByteBuffer> two = new Fragmenter(30).split(bytes(Fragmenter.MAX_PAYLOAD_BYTES + 5));
        r.accept(two.get(0));
        FileFragment last = parse(two.get(1));
        assertThat(r.accept(wire(last.toBuilder()
                        .setPayload(ByteString.copyFrom(bytes(6)))
                        .build())))
                .isEmpty();
        // And one shorter than what is left.
        r.accept(two.get(0));
        assertThat(r.accept(wire(last.toBuilder()
                        .setPayload(ByteString.copyFrom(bytes(4)))
                        .build())))
                .isEmpty();
        assertThat(r.counters()).containsEntry("inconsistent", 4L);
        assertThat(r.pendingMessages()).isZero();
    }

    @Test
    void aNewerVersionIsRefused() throws Exception {
        FileFragment f = parse(new Fragmenter(1).split(bytes(10)).get(0));
        Reassembler r = new Reassembler(MAX, 4);
        assertThat(r.accept(
                        wire(f.toBuilder().setVersion(WireVersion.CURRENT + 1).build())))
                .isEmpty();
        assertThat(r.counters()).containsEntry("unsupportedVersion", 1L);
    }

    @Test
    void memoryIsBoundedByEvictingTheOldestPartialMessage() {
        Reassembler r = new Reassembler(MAX, 3);
        Fragmenter f = new Fragmenter(100);
        List<List<ByteBuffer>> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<ByteBuffer> m = f.split(bytes(MAX));
            messages.add(m);
            r.accept(m.get(0));
            assertThat(r.pendingMessages()).isLessThanOrEqualTo(3);
            assertThat(r.pendingBytes()).isLessThanOrEqualTo(3L * MAX);
        }
        assertThat(r.counters()).containsEntry("evicted", 7L);
        // The newest survives and completes; an evicted one's rest is stale.
        List<ByteBuffer> newest = messages.get(9);
        assertThat(feed(r, newest.subList(1, newest.size()))).isPresent();
        assertThat(r.accept(messages.get(0).get(1))).isEmpty();
        assertThat(r.counters()).containsEntry("stale", 1L);
    }

    @Test
    void aRestartedMessageIdReplacesTheOldPartial() {
        byte[] message = bytes(40_000);
        List<ByteBuffer> fragments = new Fragmenter(3).split(message);
        Reassembler r = new Reassembler(MAX, 4);
        r.accept(fragments.get(0));
        r.accept(fragments.get(1));
        assertThat(feed(r, fragments)).hasValueSatisfying(m -> assertThat(m).isEqualTo(message));
        assertThat(r.counters()).containsEntry("inconsistent", 1L);
    }

    @Test
    void readsTheWireBufferWithoutConsumingIt() {
        ByteBuffer f = new Fragmenter(1).split(bytes(100)).get(0);
        int before = f.position();
        new Reassembler(MAX, 1).accept(f);
        assertThat(f.position()).isEqualTo(before);
    }
}
