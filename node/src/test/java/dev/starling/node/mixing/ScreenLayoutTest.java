package dev.starling.node.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.mixing.GridLayout.Tile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScreenLayoutTest {

    @Test
    void aScreenAloneFillsThePicture() {
        assertThat(ScreenLayout.of(0, 640, 360)).containsExactly(new Tile(0, 0, 640, 360));
    }

    @Test
    void upToFourOthersStandInAQuarterWidthColumnOnTheRight() {
        List<Tile> tiles = ScreenLayout.of(4, 640, 360);
        assertThat(tiles)
                .containsExactly(
                        new Tile(0, 0, 480, 360),
                        new Tile(480, 0, 160, 90),
                        new Tile(480, 90, 160, 90),
                        new Tile(480, 180, 160, 90),
                        new Tile(480, 270, 160, 90));
    }

    @Test
    void twoOthersShareTheColumnHeight() {
        assertThat(ScreenLayout.of(2, 640, 360))
                .containsExactly(new Tile(0, 0, 480, 360), new Tile(480, 0, 160, 180), new Tile(480, 180, 160, 180));
    }

    @Test
    void moreThanFourFillColumnByColumnInAThirdOfTheWidth() {
        List<Tile> tiles = ScreenLayout.of(5, 640, 360);
        // Two columns of 106 pixels in the right third (213), the screen takes the rest.
        assertThat(tiles.get(0)).isEqualTo(new Tile(0, 0, 428, 360));
        assertThat(tiles.get(1)).isEqualTo(new Tile(428, 0, 106, 90));
        assertThat(tiles.get(4)).isEqualTo(new Tile(428, 270, 106, 90));
        assertThat(tiles.get(5)).isEqualTo(new Tile(534, 0, 106, 90));
    }

    @Test
    void tilesAreEvenDisjointAndInsideThePicture() {
        for (int n = 0; n <= ScreenLayout.MAX_STRIP; n++) {
            List<Tile> tiles = ScreenLayout.of(n, 320, 240);
            assertThat(tiles).hasSize(n + 1);
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                assertThat(List.of(t.x(), t.y(), t.width(), t.height()))
                        .as("tile %d of %d is even", i, n)
                        .allMatch(v -> v % 2 == 0);
                assertThat(t.x() + t.width()).isLessThanOrEqualTo(320);
                assertThat(t.y() + t.height()).isLessThanOrEqualTo(240);
                for (int j = i + 1; j < tiles.size(); j++) {
                    assertThat(overlap(t, tiles.get(j)))
                            .as("tiles %d and %d of %d", i, j, n)
                            .isFalse();
                }
            }
            assertThat(tiles.get(0).width())
                    .as("the screen is the largest tile")
                    .isGreaterThanOrEqualTo(320 * 2 / 3);
        }
    }

    @Test
    void refusesMoreThanTheCompositorHolds() {
        assertThatThrownBy(() -> ScreenLayout.of(ScreenLayout.MAX_STRIP + 1, 640, 360))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean overlap(Tile a, Tile b) {
        return a.x() < b.x() + b.width()
                && b.x() < a.x() + a.width()
                && a.y() < b.y() + b.height()
                && b.y() < a.y() + a.height();
    }

    @Test
    void aScreenKeepsItsShapeCentredInItsTile() {
        // 16:9 into the 480x360 tile beside a strip: full width, black bars above and below.
        assertThat(ScreenLayout.fit(new Tile(0, 0, 480, 360), 1280, 720)).isEqualTo(new Tile(0, 44, 480, 270));
        // 4:3 into a 16:9 tile: full height, bars left and right.
        assertThat(ScreenLayout.fit(new Tile(0, 0, 640, 360), 640, 480)).isEqualTo(new Tile(80, 0, 480, 360));
        // The same shape fills the tile exactly.
        assertThat(ScreenLayout.fit(new Tile(0, 0, 640, 360), 1920, 1080)).isEqualTo(new Tile(0, 0, 640, 360));
    }
}
