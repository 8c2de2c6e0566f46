package dev.starling.node.mixing;

import dev.starling.node.mixing.GridLayout.Tile;
import java.util.ArrayList;
import java.util.List;

/**
 * A composite while someone shares a screen: the screen takes the left of the picture at full
 * height, where text stays legible (and is {@link #fit fitted} into that tile unstretched), and the other pictures stand in a strip on the right, at most
 * {@value #STRIP_ROWS} to a column, filled column by column. One column is a quarter of the width;
 * more columns share a third. Alone, the screen fills the whole picture. Like the grid, every
 * origin and size is even so the chroma planes line up.
 */
public final class ScreenLayout {
    /** Rows in the strip: four 16:9 tiles stacked are as tall as a 16:9 picture a quarter as wide. */
    static final int STRIP_ROWS = 4;

    /** The most pictures beside the screen, so screen and strip fit the compositor's tiles. */
    public static final int MAX_STRIP = GridLayout.MAX_TILES - 1;

    private ScreenLayout() {}

    /**
     * The largest even rectangle of the picture's aspect ratio centred in {@code tile}: a screen is
     * shown whole and unstretched, so its text keeps its shape; the bars beside it stay black.
     */
    public static Tile fit(Tile tile, int pictureWidth, int pictureHeight) {
        long widthAtFullHeight = (long) tile.height() * pictureWidth / pictureHeight;
        int width = (int) Math.min(tile.width(), widthAtFullHeight) & ~1;
        int height = (int) Math.min(tile.height(), (long) tile.width() * pictureHeight / pictureWidth) & ~1;
        width = Math.max(2, width);
        height = Math.max(2, height);
        int x = tile.x() + ((tile.width() - width) / 2 & ~1);
        int y = tile.y() + ((tile.height() - height) / 2 & ~1);
        return new Tile(x, y, width, height);
    }

    /** The screen's tile first, then {@code stripCount} strip tiles, for an output of even size. */
    public static List<Tile> of(int stripCount, int outWidth, int outHeight) {
        if (stripCount < 0 || stripCount > MAX_STRIP) {
            throw new IllegalArgumentException("strip must hold 0.." + MAX_STRIP + ": " + stripCount);
        }
        int width = outWidth & ~1;
        int height = outHeight & ~1;
        List<Tile> tiles = new ArrayList<>(1 + stripCount);
        if (stripCount == 0) {
            tiles.add(new Tile(0, 0, width, height));
            return tiles;
        }
        int rows = Math.min(stripCount, STRIP_ROWS);
        int columns = (stripCount + STRIP_ROWS - 1) / STRIP_ROWS;
        int stripWidth = columns == 1 ? outWidth / 4 : outWidth / 3;
        int tileWidth = (stripWidth / columns) & ~1;
        int tileHeight = (outHeight / rows) & ~1;
        if (tileWidth < 2 || tileHeight < 2) {
            throw new IllegalArgumentException(
                    "output " + outWidth + "x" + outHeight + " too small for a strip of " + stripCount);
        }
        int screenWidth = width - columns * tileWidth;
        tiles.add(new Tile(0, 0, screenWidth, height));
        for (int i = 0; i < stripCount; i++) {
            tiles.add(new Tile(screenWidth + (i / rows) * tileWidth, (i % rows) * tileHeight, tileWidth, tileHeight));
        }
        return tiles;
    }
}
