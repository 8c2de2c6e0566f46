package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoCompositorTest {

    /** A tightly packed frame whose luma is f(x, y) and chroma constant. */
    private static I420Frame frame(int w, int h, java.util.function.IntBinaryOperator luma, int cb, int cr) {
        I420Frame f = I420Frame.black(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f.y()[y * w + x] = (byte) luma.applyAsInt(x, y);
            }
        }
        java.util.Arrays.fill(f.u(), (byte) cb);
        java.util.Arrays.fill(f.v(), (byte) cr);
        return f;
    }

    private static I420Frame solid(int w, int h, int luma) {
        return frame(w, h, (x, y) -> luma, 90, 160);
    }

    @Test
    void layoutForEveryTileCountFrom1To16() {
        // n -> columns = ceil(sqrt(n)), rows = ceil(n / columns)
        int[][] expected = {
            {1, 1, 1}, {2, 2, 1}, {3, 2, 2}, {4, 2, 2}, {5, 3, 2}, {6, 3, 2}, {7, 3, 3}, {8, 3, 3},
            {9, 3, 3}, {10, 4, 3}, {11, 4, 3}, {12, 4, 3}, {13, 4, 4}, {14, 4, 4}, {15, 4, 4}, {16, 4, 4}
        };
        for (int[] e : expected) {
            int n = e[0];
            GridLayout l = GridLayout.of(n, 1280, 720);
            assertThat(l.columns()).as("columns for %d", n).isEqualTo(e[1]);
            assertThat(l.rows()).as("rows for %d", n).isEqualTo(e[2]);
            assertThat(l.tiles()).hasSize(n);
            int tw = (1280 / e[1]) & ~1;
            int th = (720 / e[2]) & ~1;
            for (int i = 0; i < n; i++) {
                GridLayout.Tile t = l.tiles().get(i);
                // Row by row, even origins and sizes, inside the frame.
                assertThat(t).isEqualTo(new GridLayout.Tile((i % e[1]) * tw, (i / e[1]) * th, tw, th));
                assertThat(t.x() % 2 + t.y() % 2 + t.width() % 2 + t.height() % 2)
                        .isZero();
                assertThat(t.x() + t.width()).isLessThanOrEqualTo(1280);
                assertThat(t.y() + t.height()).isLessThanOrEqualTo(720);
                for (int j = 0; j < i; j++) {
                    GridLayout.Tile o = l.tiles().get(j);
                    boolean disjoint = t.x() >= o.x() + o.width()
                            || o.x() >= t.x() + t.width()
                            || t.y() >= o.y() + o.height()
                            || o.y() >= t.y() + t.height();
                    assertThat(disjoint)
                            .as("tiles %d and %d of %d overlap", i, j, n)
                            .isTrue();
                }
            }
        }
        assertThat(GridLayout.of(0, 640, 360).tiles()).isEmpty();
        assertThatThrownBy(() -> GridLayout.of(17, 640, 360)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTileCountComposesWithEachTileInItsCell() {
        VideoCompositor c = new VideoCompositor(96, 64);
        for (int n = 1; n <= 16; n++) {
            List<I420Frame> tiles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tiles.add(solid(32, 24, 20 + 10 * i));
            }
            I420Frame out = c.compose(tiles);
            for (int i = 0; i < n; i++) {
                GridLayout.Tile t = c.layout().tiles().get(i);
                assertThat(out.lumaAt(t.x(), t.y())).isEqualTo(20 + 10 * i);
                assertThat(out.lumaAt(t.x() + t.width() - 1, t.y() + t.height() - 1))
                        .isEqualTo(20 + 10 * i);
                assertThat(out.cbAt(t.x() / 2, t.y() / 2)).isEqualTo(90);
                assertThat(out.crAt((t.x() + t.width()) / 2 - 1, (t.y() + t.height()) / 2 - 1))
                        .isEqualTo(160);
            }
        }
    }

    @Test
    void upscalingRepeatsEachSourcePixel() {
        // 2x2 source [10 20 / 30 40] into a single 4x4 tile: every source pixel becomes a 2x2 block.
        I420Frame src = frame(2, 2, (x, y) -> 10 + 10 * x + 20 * y, 100, 200);
        I420Frame out = new VideoCompositor(4, 4).compose(List.of(src));
        int[][] expected = {{10, 10, 20, 20}, {10, 10, 20, 20}, {30, 30, 40, 40}, {30, 30, 40, 40}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out.lumaAt(x, y)).as("(%d,%d)", x, y).isEqualTo(expected[y][x]);
            }
        }
        // 1x1 source chroma fills the 2x2 output chroma.
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat(out.cbAt(x, y)).isEqualTo(100);
                assertThat(out.crAt(x, y)).isEqualTo(200);
            }
        }
    }

    @Test
    void downscalingSamplesPixelCentres() {
        // 8x8 source, luma = x + 8y, into a 4x4 tile: column d samples (2d + 1) * 8 / 8 = 2d + 1.
        I420Frame src = frame(8, 8, (x, y) -> x + 8 * y, 128, 128);
        I420Frame out = new VideoCompositor(4, 4).compose(List.of(src));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out.lumaAt(x, y)).isEqualTo((2 * x + 1) + 8 * (2 * y + 1));
            }
        }
    }

    @Test
    void nonIntegerScaleFactorMapsAsDocumented() {
        // 3 source columns onto 4: centres at (2d+1)*3/8 -> 0, 1, 1, 2.
        I420Frame src = frame(3, 1, (x, y) -> 50 * (x + 1), 128, 128);
        I420Frame out = new VideoCompositor(4, 2).compose(List.of(src));
        assertThat(new int[] {out.lumaAt(0, 0), out.lumaAt(1, 0), out.lumaAt(2, 0), out.lumaAt(3, 0)})
                .containsExactly(50, 100, 100, 150);
    }

    @Test
    void rowPaddingInTheSourceIsNeverCopied() {
        // width 4, stride 6: columns 4 and 5 of each row are padding filled with 255.
        byte[] y = new byte[6 * 4];
        java.util.Arrays.fill(y, (byte) 255);
        for (int row = 0; row < 4; row++) {
            for (int x = 0; x < 4; x++) {
                y[row * 6 + x] = (byte) 60;
            }
        }
        byte[] u = new byte[3 * 2];
        byte[] v = new byte[3 * 2];
        java.util.Arrays.fill(u, (byte) 255);
        java.util.Arrays.fill(v, (byte) 255);
        for (int row = 0; row < 2; row++) {
            u[row * 3] = u[row * 3 + 1] = (byte) 70;
            v[row * 3] = v[row * 3 + 1] = (byte) 80;
        }
        I420Frame src = new I420Frame(4, 4, y, 6, u, v, 3);
        I420Frame out = new VideoCompositor(8, 8).compose(List.of(src));
        for (int row = 0; row < 8; row++) {
            for (int x = 0; x < 8; x++) {
                assertThat(out.lumaAt(x, row)).isEqualTo(60);
            }
        }
        for (int row = 0; row < 4; row++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out.cbAt(x, row)).isEqualTo(70);
                assertThat(out.crAt(x, row)).isEqualTo(80);
            }
        }
    }

    @Test
    void emptyCellsAreBlackAndAreClearedWhenTheLayoutShrinks() {
        VideoCompositor c = new VideoCompositor(8, 8);
        c.compose(Collections.nCopies(4, solid(4, 4, 200)));
        assertThat(c.output().lumaAt(6, 6)).isEqualTo(200);
        I420Frame out = c.compose(Collections.nCopies(3, solid(4, 4, 200)));
        // 3 tiles in a 2x2 grid: the bottom-right cell is black (Y 16, chroma 128).
        for (int y = 4; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                assertThat(out.lumaAt(x, y)).isEqualTo(16);
            }
        }
        assertThat(out.cbAt(3, 3)).isEqualTo(128);
        assertThat(out.crAt(3, 3)).isEqualTo(128);
        assertThat(out.lumaAt(0, 0)).isEqualTo(200);
        assertThat(c.compose(List.of())).isSameAs(out);
        assertThat(out.lumaAt(0, 0)).isEqualTo(16);
    }

    @Test
    void tilesOfDifferentSizesAndChangingSizesAreRemapped() {
        VideoCompositor c = new VideoCompositor(8, 4);
        c.compose(List.of(solid(2, 2, 40), solid(16, 8, 80)));
        assertThat(c.output().lumaAt(0, 0)).isEqualTo(40);
        assertThat(c.output().lumaAt(7, 3)).isEqualTo(80);
        // The first participant changes resolution mid-call.
        I420Frame bigger = frame(4, 4, (x, y) -> x < 2 ? 10 : 250, 128, 128);
        c.compose(List.of(bigger, solid(16, 8, 80)));
        assertThat(c.output().lumaAt(0, 0)).isEqualTo(10);
        assertThat(c.output().lumaAt(3, 0)).isEqualTo(250);
    }

    @Test
    void everyTileCountFrom1To16FillsExactlyItsCellsAt640x480() {
        // Each 320x240 source has luma = tile-specific base + a coarse x/y pattern, so a pixel
        // from the wrong tile, the wrong source position or a stale frame would be caught.
        VideoCompositor c = new VideoCompositor(640, 480);
        for (int n = 1; n <= 16; n++) {
            List<I420Frame> tiles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int base = 16 * i;
                tiles.add(frame(320, 240, (x, y) -> base + (x / 40) + 8 * (y / 120), 40 + i, 200 - i));
            }
            I420Frame out = c.compose(tiles);
            GridLayout l = c.layout();
            int[] owner = new int[640 * 480];
            java.util.Arrays.fill(owner, -1);
            for (int i = 0; i < n; i++) {
                GridLayout.Tile t = l.tiles().get(i);
                for (int y = t.y(); y < t.y() + t.height(); y++) {
                    for (int x = t.x(); x < t.x() + t.width(); x++) {
                        owner[y * 640 + x] = i;
                    }
                }
            }
            int wrong = 0;
            for (int y = 0; y < 480; y++) {
                for (int x = 0; x < 640; x++) {
                    int i = owner[y * 640 + x];
                    int expected;
                    if (i < 0) {
                        expected = 16;
                    } else {
                        GridLayout.Tile t = l.tiles().get(i);
                        int sx = (int) ((2L * (x - t.x()) + 1) * 320 / (2L * t.width()));
                        int sy = (int) ((2L * (y - t.y()) + 1) * 240 / (2L * t.height()));
                        expected = 16 * i + sx / 40 + 8 * (sy / 120);
                    }
                    if (out.lumaAt(x, y) != expected) {
                        wrong++;
                    }
                }
            }
            assertThat(wrong).as("wrong luma pixels with %d tiles", n).isZero();
            for (int y = 0; y < 240; y++) {
                for (int x = 0; x < 320; x++) {
                    int i = owner[(2 * y) * 640 + 2 * x];
                    assertThat(out.cbAt(x, y)).isEqualTo(i < 0 ? 128 : 40 + i);
                    assertThat(out.crAt(x, y)).isEqualTo(i < 0 ? 128 : 200 - i);
                }
            }
        }
    }

    @Test
    void oddSourceSizesScaleWithoutReadingOutsideTheirPlanes() {
        // Odd widths and heights have chroma planes rounded up (5x3 -> 3x2); the last chroma
        // column and row must be reachable and nothing past them read.
        int[][] sizes = {{1, 1}, {5, 3}, {3, 5}, {7, 7}, {321, 241}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            I420Frame src = frame(w, h, (x, y) -> (x + 3 * y) % 200 + 20, 0, 0);
            int cw = src.chromaWidth();
            int ch = src.chromaHeight();
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    src.u()[y * cw + x] = (byte) (x == cw - 1 ? 250 : 60);
                    src.v()[y * cw + x] = (byte) (y == ch - 1 ? 240 : 70);
                }
            }
            I420Frame out = new VideoCompositor(64, 48).compose(List.of(src));
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    int sx = (int) ((2L * x + 1) * w / 128);
                    int sy = (int) ((2L * y + 1) * h / 96);
                    assertThat(out.lumaAt(x, y))
                            .as("%dx%d at (%d,%d)", w, h, x, y)
                            .isEqualTo((sx + 3 * sy) % 200 + 20);
                }
            }
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    int sx = (int) ((2L * x + 1) * cw / 64);
                    int sy = (int) ((2L * y + 1) * ch / 48);
                    assertThat(out.cbAt(x, y)).isEqualTo(sx == cw - 1 ? 250 : 60);
                    assertThat(out.crAt(x, y)).isEqualTo(sy == ch - 1 ? 240 : 70);
                }
            }
            // Up to 64 source chroma columns the last output column reaches the last source one.
            if (cw <= 32) {
                assertThat(out.cbAt(31, 0)).isEqualTo(250);
                assertThat(out.crAt(0, 23)).isEqualTo(240);
            }
        }
    }

    @Test
    void zeroSourcesGiveABlackPicture() {
        I420Frame out = new VideoCompositor(16, 8).compose(List.of());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(out.lumaAt(x, y)).isEqualTo(16);
            }
        }
        assertThat(out.u()).containsOnly((byte) 128);
        assertThat(out.v()).containsOnly((byte) 128);
    }

    @Test
    void rejectedComposeLeavesTheCompositorUsable() {
        VideoCompositor c = new VideoCompositor(8, 8);
        assertThatThrownBy(() -> c.compose(Collections.nCopies(17, solid(4, 4, 50))))
                .isInstanceOf(IllegalArgumentException.class);
        // 16 tiles of 2x2 fit 8x8, but not in a 4x4 output (1x1 tiles cannot carry chroma).
        assertThatThrownBy(() -> new VideoCompositor(4, 4).compose(Collections.nCopies(16, solid(4, 4, 50))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too small");
        assertThat(c.compose(List.of(solid(4, 4, 50))).lumaAt(7, 7)).isEqualTo(50);
    }

    @Test
    void rejectsMalformedFrames() {
        // Odd width: chroma rows need (5 + 1) / 2 = 3 bytes, a stride of 2 is too short.
        assertThatThrownBy(() -> new I420Frame(5, 3, new byte[15], 5, new byte[6], new byte[6], 2))
                .isInstanceOf(IllegalArgumentException.class);
        // Odd height: 2 chroma rows of 3 needed, only one given.
        assertThatThrownBy(() -> new I420Frame(5, 3, new byte[15], 5, new byte[3], new byte[6], 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new I420Frame(0, 4, new byte[16], 4, new byte[4], new byte[4], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new I420Frame(4, -2, new byte[16], 4, new byte[4], new byte[4], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new I420Frame(4, 4, null, 4, new byte[4], new byte[4], 2))
                .isInstanceOf(NullPointerException.class);
        assertThat(new I420Frame(5, 3, new byte[15], 5, new byte[6], new byte[6], 3).chromaWidth())
                .isEqualTo(3);
    }

    @Test
    void rejectsBadFrames() {
        assertThatThrownBy(() -> new VideoCompositor(7, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new I420Frame(4, 4, new byte[15], 4, new byte[4], new byte[4], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new I420Frame(4, 4, new byte[16], 3, new byte[4], new byte[4], 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
