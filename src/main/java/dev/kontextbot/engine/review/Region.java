package dev.kontextbot.engine.review;

/** A rectangle of an image's pixels: the part of it that is compared. */
record Region(int x, int y, int width, int height) {
    Region {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a region needs at least one pixel, got " + width + "×" + height);
        }
    }

    double aspect() {
        return (double) width / height;
    }

    /** The largest centred part of this region with the given width/height ratio. */
    Region centred(double aspect) {
        if (aspect > aspect()) {
            int h = Math.max(1, (int) Math.round(width / aspect));
            return new Region(x, y + (height - h) / 2, width, h);
        }
        int w = Math.max(1, (int) Math.round(height * aspect));
        return new Region(x + (width - w) / 2, y, w, height);
    }
}
