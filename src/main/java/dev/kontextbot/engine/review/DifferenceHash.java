package dev.kontextbot.engine.review;

/**
 * A 64-bit difference hash (dHash): the region shrunk to 9×8 luminance cells, one bit per horizontal pair,
 * set when the left cell is darker. Survives resizing, recompression and small colour changes; flips with
 * changes of layout. Two hashes differ in about 32 bits for unrelated pictures.
 */
final class DifferenceHash {

    long of(LumaPlane plane, Region region) {
        LumaGrid grid = LumaGrid.sample(plane, region, 9, 8);
        long hash = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                hash <<= 1;
                if (grid.at(x, y) < grid.at(x + 1, y)) {
                    hash |= 1;
                }
            }
        }
        return hash;
    }

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
