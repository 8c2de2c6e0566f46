package dev.starling.node.mixing;

import dev.starling.node.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * The mixer peer's video path: one composite of up to 16 I420 pictures, in a grid or, while a
 * screen is shared, the screen large beside a strip of the others; each scaled to its tile by
 * nearest neighbour (sampling the source at tile pixel centres), stretched to fill it.
 *
 * <p>The output frame and the per-tile coordinate maps are kept between calls and rebuilt only
 * when a tile's source size or the layout changes, so a steady call composes without
 * allocating. Not thread-safe.
 */
public final class VideoCompositor {

    private final I420Frame output;
    private final TileMaps[] maps = new TileMaps[GridLayout.MAX_TILES];
    private GridLayout layout;
    private List<GridLayout.Tile> screenTiles;
    private int screenWidth;
    private int screenHeight;
    /** The tile list last drawn: the background is cleared only when it changes. */
    private List<GridLayout.Tile> drawn;

    private final List<I420Frame> pictures = new ArrayList<>(GridLayout.MAX_TILES);

    public VideoCompositor(int outWidth, int outHeight) {
        if (outWidth % 2 != 0 || outHeight % 2 != 0) {
            throw new IllegalArgumentException("output size must be even: " + outWidth + "x" + outHeight);
        }
        this.output = I420Frame.black(outWidth, outHeight);
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new TileMaps();
        }
    }

    /** The composite; the same instance every time, overwritten by each {@link #compose}. */
    public I420Frame output() {
        return output;
    }

    public GridLayout layout() {
        return layout;
    }

    /** Composes {@code tiles} in order (row by row) and returns {@link #output()}. */
    public I420Frame compose(List<I420Frame> tiles) {
        int n = tiles.size();
        if (layout == null || layout.tiles().size() != n) {
            layout = GridLayout.of(n, output.width(), output.height());
        }
        return compose(layout.tiles(), tiles);
    }

    /**
     * Composes a shared screen large and {@code others} in a strip beside it (see {@link
     * ScreenLayout}) and returns {@link #output()}.
     */
    public I420Frame composeWithScreen(I420Frame screen, List<I420Frame> others) {
        int n = others.size();
        if (screenTiles == null
                || screenTiles.size() != n + 1
                || screen.width() != screenWidth
                || screen.height() != screenHeight) {
            List<GridLayout.Tile> tiles = new ArrayList<>(ScreenLayout.of(n, output.width(), output.height()));
            tiles.set(0, ScreenLayout.fit(tiles.get(0), screen.width(), screen.height()));
            screenTiles = List.copyOf(tiles);
            screenWidth = screen.width();
            screenHeight = screen.height();
        }
        pictures.clear();
        pictures.add(screen);
        pictures.addAll(others);
        return compose(screenTiles, pictures);
    }

    private I420Frame compose(List<GridLayout.Tile> rects, List<I420Frame> tiles) {
        if (rects != drawn) {
            // Only the area outside tiles needs clearing, and it only changes with the layout.
            output.fill(16, 128, 128);
            drawn = rects;
        }
        for (int i = 0; i < tiles.size(); i++) {
            GridLayout.Tile t = rects.get(i);
            I420Frame src = tiles.get(i);
            TileMaps m = maps[i].fit(src, t);
            blit(src.y(), src.strideY(), output.y(), output.strideY(), t.x(), t.y(), m.lumaX, m.lumaY);
            int cx = t.x() / 2;
            int cy = t.y() / 2;
            blit(src.u(), src.strideUv(), output.u(), output.strideUv(), cx, cy, m.chromaX, m.chromaY);
            blit(src.v(), src.strideUv(), output.v(), output.strideUv(), cx, cy, m.chromaX, m.chromaY);
        }
        return output;
    }

    private static void blit(
            byte[] src, int srcStride, byte[] dst, int dstStride, int dstX, int dstY, int[] mapX, int[] mapY) {
        for (int row = 0; row < mapY.length; row++) {
            int srcRow = mapY[row] * srcStride;
            int dstRow = (dstY + row) * dstStride + dstX;
            for (int col = 0; col < mapX.length; col++) {
                dst[dstRow + col] = src[srcRow + mapX[col]];
            }
        }
    }

    /** Source coordinate for every destination column and row of one tile, both planes. */
    private static final class TileMaps {
        int srcWidth = -1;
        int srcHeight = -1;
        int tileWidth = -1;
        int tileHeight = -1;
        int[] lumaX;
        int[] lumaY;
        int[] chromaX;
        int[] chromaY;

        TileMaps fit(I420Frame src, GridLayout.Tile t) {
            if (src.width() != srcWidth
                    || src.height() != srcHeight
                    || t.width() != tileWidth
                    || t.height() != tileHeight) {
                srcWidth = src.width();
                srcHeight = src.height();
                tileWidth = t.width();
                tileHeight = t.height();
                lumaX = nearest(srcWidth, tileWidth);
                lumaY = nearest(srcHeight, tileHeight);
                chromaX = nearest(src.chromaWidth(), tileWidth / 2);
                chromaY = nearest(src.chromaHeight(), tileHeight / 2);
            }
            return this;
        }

        /** Destination pixel d samples the source at the centre of its footprint. */
        static int[] nearest(int srcSize, int dstSize) {
            int[] map = new int[dstSize];
            for (int d = 0; d < dstSize; d++) {
                map[d] = (int) (((2L * d + 1) * srcSize) / (2L * dstSize));
            }
            return map;
        }
    }
}
