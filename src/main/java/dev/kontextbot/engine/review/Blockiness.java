package dev.kontextbot.engine.review;

/**
 * How much a picture steps at the edges of JPEG's 8×8 blocks compared with everywhere else, at its own
 * resolution (the block grid starts at the top-left pixel). About 1 for photographs and lossless images;
 * heavily compressed JPEG is flat inside blocks and steps at their edges, which drives the ratio up.
 */
final class Blockiness {
    private static final int BLOCK = 8;
    /** Added to both sides so that flat pictures (no gradient anywhere) read as 1, not 0/0. */
    private static final double FLOOR = 0.5;

    double of(LumaPlane plane) {
        int w = plane.width();
        int h = plane.height();
        if (w < 2 * BLOCK || h < 2 * BLOCK) {
            return 1;
        }
        double edge = 0;
        double inside = 0;
        long edgeCount = 0;
        long insideCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x + 1 < w; x++) {
                double step = Math.abs(plane.at(x + 1, y) - plane.at(x, y));
                if ((x + 1) % BLOCK == 0) {
                    edge += step;
                    edgeCount++;
                } else {
                    inside += step;
                    insideCount++;
                }
            }
            if (y > 0) {
                for (int x = 0; x < w; x++) {
                    double step = Math.abs(plane.at(x, y) - plane.at(x, y - 1));
                    if (y % BLOCK == 0) {
                        edge += step;
                        edgeCount++;
                    } else {
                        inside += step;
                        insideCount++;
                    }
                }
            }
        }
        return (edge / edgeCount + FLOOR) / (inside / insideCount + FLOOR);
    }
}
