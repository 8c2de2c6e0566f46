package dev.starling.node.mixing;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each participant's tile goes in the composite: {@code ceil(sqrt(n))} columns, as many rows
 * as needed, filled row by row. Tile origins and sizes are even so the half-resolution chroma
 * planes line up with luma; the few pixels left over at the right and bottom stay black.
 */
public record GridLayout(int columns, int rows, List<Tile> tiles) {

    public static final int MAX_TILES = 16;

    /** A tile rectangle in output luma pixels. */
    public record Tile(int x, int y, int width, int height) {}

    public GridLayout {
        tiles = List.copyOf(tiles);
    }

    public static GridLayout of(int count, int outWidth, int outHeight) {
        if (count < 0 || count > MAX_TILES) {
            throw new IllegalArgumentException("tiles must be 0.." + MAX_TILES + ": " + count);
        }
        if (count == 0) {
            return new GridLayout(0, 0, List.of());
        }
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + columns - 1) / columns;
        int tileWidth = (outWidth / columns) & ~1;
        int tileHeight = (outHeight / rows) & ~1;
        if (tileWidth < 2 || tileHeight < 2) {
            throw new IllegalArgumentException("output " + outWidth + "x" + outHeight + " too small for " + count);
        }
        List<Tile> tiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tiles.add(new Tile((i % columns) * tileWidth, (i / columns) * tileHeight, tileWidth, tileHeight));
        }
        return new GridLayout(columns, rows, tiles);
    }
}
