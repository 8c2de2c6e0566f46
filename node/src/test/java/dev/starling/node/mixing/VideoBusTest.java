package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.routing.SendPlan;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VideoBusTest {
    private static final int W = 160;
    private static final int H = 120;
    private final VideoBus bus = new VideoBus("m");

    /** Our own camera: a flat picture of luma 50. */
    private final VideoFrames own = new VideoFrames() {
        @Override
        public int width() {
            return W;
        }

        @Override
        public int height() {
            return H;
        }

        @Override
        public long frameIntervalMicros() {
            return 66_666;
        }

        @Override
        public void render(long frameIndex, I420Frame out) {
            Arrays.fill(out.y(), (byte) 50);
        }
    };

    private static I420Frame flat(int luma) {
        I420Frame f = I420Frame.black(64, 48);
        f.fill(luma, 128, 128);
        return f;
    }

    private static int lumaAt(I420Frame image, GridLayout.Tile tile) {
        return image.y()[(tile.y() + tile.height() / 2) * image.width() + tile.x() + tile.width() / 2] & 0xFF;
    }

    @Test
    void aMixedLinkGetsAGridOfItsInputsInPlanOrder() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        bus.offer("b", flat(200));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own).render(0, out);
        GridLayout layout = GridLayout.of(2, W, H);
        assertThat(lumaAt(out, layout.tiles().get(0))).isEqualTo(50);
        assertThat(lumaAt(out, layout.tiles().get(1))).isEqualTo(200);
    }

    @Test
    void anInputWithoutAPictureYetIsLeftOut() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "c"))));
        bus.offer("c", flat(90));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own).render(0, out);
        GridLayout layout = GridLayout.of(2, W, H);
        assertThat(lumaAt(out, layout.tiles().get(1))).isEqualTo(90);
    }

    @Test
    void ownOnlyLinksSendTheCameraUntouched() {
        bus.plan(SendPlan.mesh("m"));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own).render(0, out);
        assertThat(out.y()).containsOnly((byte) 50);
    }

    @Test
    void onlyRelayedPeersAreWanted() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"), "b", Set.of("m", "a"), "c", Set.of())));
        assertThat(bus.wants("a")).isTrue();
        assertThat(bus.wants("c")).isFalse();
        assertThat(bus.wants("m")).isFalse();
    }
}
