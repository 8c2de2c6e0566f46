package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.routing.SendPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VideoBusTest {
    private static final int W = 160;
    private static final int H = 120;
    private final AtomicLong nanos = new AtomicLong();
    private final VideoBus bus = new VideoBus("m", nanos::get);

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
    void aCompositeIsDueWhenAPictureInItChangesNotOnABeat() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "c"))));
        VideoFrames toA = bus.output("a", own);
        assertThat(toA.arrivesOnItsOwnClock()).isTrue();
        bus.offer("b", flat(200));
        long before = toA.pictureNumber();
        assertThat(toA.pictureNumber()).as("nothing new").isEqualTo(before);
        bus.offer("c", flat(100));
        long afterC = toA.pictureNumber();
        assertThat(afterC).isNotEqualTo(before);
        bus.offer("b", flat(201));
        assertThat(toA.pictureNumber()).isNotEqualTo(afterC);
        // Our own camera's frames count too, at its frame rate.
        long beforeOwnFrame = toA.pictureNumber();
        nanos.addAndGet(own.frameIntervalMicros() * 1_000);
        assertThat(toA.pictureNumber()).isNotEqualTo(beforeOwnFrame);
    }

    @Test
    void aLinkCarryingOnlyOurCameraIsPacedByThePusher() {
        assertThat(bus.output("a", own).pictureNumber()).isEqualTo(-1);
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
    void aCameraThatStoppedSendingAndOurOwnCameraTurnedOffLeaveTheComposite() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "c"))));
        bus.offer("b", flat(200));
        nanos.set(VideoBus.STALE_NANOS);
        bus.offer("c", flat(90));
        VideoFrames ownOff = new VideoFrames.NeverLive(W, H, 15);
        I420Frame out = I420Frame.packed(W, H);

        nanos.set(VideoBus.STALE_NANOS + 1); // b: silent for just over two seconds
        bus.output("a", ownOff).render(0, out);

        GridLayout alone = GridLayout.of(1, W, H);
        assertThat(lumaAt(out, alone.tiles().get(0)))
                .as("c fills the picture alone")
                .isEqualTo(90);
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

    /** Our own screen: a flat picture of luma 120, shared or not. */
    private static VideoFrames ownScreen(boolean shared) {
        return new VideoFrames() {
            @Override
            public int width() {
                return 320;
            }

            @Override
            public int height() {
                return 180;
            }

            @Override
            public long frameIntervalMicros() {
                return 200_000;
            }

            @Override
            public void render(long frameIndex, I420Frame out) {
                Arrays.fill(out.y(), (byte) 120);
            }

            @Override
            public boolean live() {
                return shared;
            }
        };
    }

    @Test
    void aRemoteScreenTakesTheLargeTileAndTheCamerasStandBesideIt() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        bus.offer("b", flat(200));
        bus.offerScreen("b", flat(30));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own, ownScreen(false)).render(0, out);
        List<GridLayout.Tile> layout = ScreenLayout.of(2, W, H);
        assertThat(lumaAt(out, layout.get(0))).as("b's screen").isEqualTo(30);
        // A 4:3 screen in the square tile beside a two-picture strip: full width, bars above and below.
        GridLayout.Tile shown = ScreenLayout.fit(layout.get(0), 64, 48);
        assertThat(shown.width()).isEqualTo(layout.get(0).width());
        assertThat(shown.height()).isLessThan(layout.get(0).height());
        assertThat(out.y()[layout.get(0).width() / 2] & 0xFF)
                .as("the bar at the top edge")
                .isEqualTo(16);
        assertThat(lumaAt(out, layout.get(1))).as("our camera").isEqualTo(50);
        assertThat(lumaAt(out, layout.get(2))).as("b's camera").isEqualTo(200);
    }

    @Test
    void ourOwnSharedScreenTakesTheLargeTile() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        bus.offer("b", flat(200));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own, ownScreen(true)).render(0, out);
        List<GridLayout.Tile> layout = ScreenLayout.of(2, W, H);
        assertThat(lumaAt(out, layout.get(0))).isEqualTo(120);
        assertThat(lumaAt(out, layout.get(1))).isEqualTo(50);
        assertThat(lumaAt(out, layout.get(2))).isEqualTo(200);
    }

    @Test
    void aScreenNotSharedIsNotShown() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        bus.offer("b", flat(200));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own, ownScreen(false)).render(0, out);
        GridLayout grid = GridLayout.of(2, W, H);
        assertThat(lumaAt(out, grid.tiles().get(0))).isEqualTo(50);
        assertThat(lumaAt(out, grid.tiles().get(1))).isEqualTo(200);
    }

    @Test
    void aScreenWhosePicturesStoppedLeavesTheCompositeAfterTwoSeconds() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "c"))));
        bus.offer("b", flat(200));
        bus.offer("c", flat(90));
        bus.offerScreen("b", flat(30));
        VideoFrames output = bus.output("a", own, ownScreen(false));
        I420Frame out = I420Frame.packed(W, H);

        nanos.set(VideoBus.STALE_NANOS); // exactly two seconds: still shared
        output.render(0, out);
        assertThat(lumaAt(out, ScreenLayout.of(3, W, H).get(0))).isEqualTo(30);
        int bottomRight = (H - 1) * W + W - 1;
        assertThat(out.y()[bottomRight] & 0xFF).as("c's camera in the strip").isEqualTo(90);

        nanos.set(VideoBus.STALE_NANOS + 1);
        bus.offer("b", flat(200)); // the cameras keep coming; only the screen stopped
        bus.offer("c", flat(90));
        output.render(1, out);
        GridLayout grid = GridLayout.of(3, W, H);
        assertThat(lumaAt(out, grid.tiles().get(0))).isEqualTo(50);
        assertThat(lumaAt(out, grid.tiles().get(1))).isEqualTo(200);
        assertThat(lumaAt(out, grid.tiles().get(2))).isEqualTo(90);
        // The grid's empty corner is black again, not left over from the strip.
        assertThat(out.y()[bottomRight] & 0xFF).isEqualTo(16);
    }

    @Test
    void onlyTheFirstScreenInPlanOrderIsShownLarge() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "c"))));
        bus.offer("b", flat(200));
        bus.offer("c", flat(90));
        bus.offerScreen("c", flat(70));
        bus.offerScreen("b", flat(30));
        I420Frame out = I420Frame.packed(W, H);
        bus.output("a", own, ownScreen(false)).render(0, out);
        assertThat(lumaAt(out, ScreenLayout.of(3, W, H).get(0))).isEqualTo(30);
    }

    @Test
    void theScreenTrackCarriesOurScreenOnlyWhereNothingIsComposited() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"), "b", Set.of("m"), "c", Set.of())));
        VideoFrames shared = ownScreen(true);
        assertThat(bus.screenOutput("a", shared).live())
                .as("composited: the screen is in the composite")
                .isFalse();
        assertThat(bus.screenOutput("b", shared).live())
                .as("our own media only")
                .isTrue();
        assertThat(bus.screenOutput("c", shared).live()).as("frozen").isFalse();
        assertThat(bus.screenOutput("d", shared).live()).as("mesh").isTrue();
        assertThat(bus.screenOutput("d", ownScreen(false)).live())
                .as("not shared")
                .isFalse();
    }

    @Test
    void aCompositeWithOnlyOurSharedScreenIsLive() {
        bus.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        VideoFrames cameraOff = new VideoFrames() {
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
            public void render(long frameIndex, I420Frame out) {}

            @Override
            public boolean live() {
                return false;
            }
        };
        assertThat(bus.output("a", cameraOff, ownScreen(true)).live()).isTrue();
    }

    /** A bus that stamps composites (luma 7 in the first pixel, time 1234) and keeps what it announced. */
    private final List<Map.Entry<String, CompositeContents>> announced = new java.util.ArrayList<>();

    private final VideoBus stamping = new VideoBus(
            "m",
            nanos::get,
            picture -> {
                picture.y()[0] = 7;
                return 1234L;
            },
            (recipient, contents) -> announced.add(Map.entry(recipient, contents)));

    @Test
    void aStampedCompositeSaysWhichPicturesItShowsThroughASecondMixerToo() {
        stamping.plan(new SendPlan("m", Map.of("a", Set.of("m", "b", "n"))));
        stamping.offer("b", flat(200), List.of(new ShownPicture("b", 1000)));
        // n is another mixer: its composite shows itself and its client x
        stamping.offer("n", flat(90), List.of(new ShownPicture("n", 1100), new ShownPicture("x", 1050)));
        I420Frame out = I420Frame.packed(W, H);
        stamping.output("a", own).render(0, out);

        assertThat(out.y()[0]).as("stamped after compositing").isEqualTo((byte) 7);
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).getKey()).isEqualTo("a");
        assertThat(announced.get(0).getValue().stampMillis()).isEqualTo(1234L);
        assertThat(announced.get(0).getValue().pictures())
                .containsExactlyInAnyOrder(
                        new ShownPicture("m", 1234),
                        new ShownPicture("b", 1000),
                        new ShownPicture("n", 1100),
                        new ShownPicture("x", 1050));
    }

    @Test
    void ourCameraTurnedOffIsNotAnnouncedAndOwnOnlyLinksAreNotStampedAgain() {
        stamping.plan(new SendPlan("m", Map.of("a", Set.of("m", "b"))));
        stamping.offer("b", flat(200), List.of(new ShownPicture("b", 1000)));
        stamping.output("a", new VideoFrames.NeverLive(W, H, 15)).render(0, I420Frame.packed(W, H));
        assertThat(announced.get(0).getValue().pictures()).containsExactly(new ShownPicture("b", 1000));

        stamping.plan(SendPlan.mesh("m"));
        I420Frame out = I420Frame.packed(W, H);
        stamping.output("a", own).render(1, out);
        assertThat(out.y()).containsOnly((byte) 50);
        assertThat(announced).hasSize(1);
    }
}
