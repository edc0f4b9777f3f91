package dev.kontextbot.engine.image;

/**
 * What an image's headers say decoding will allocate: its size as shown ({@code width}×{@code height}) and the
 * largest frame, chunk or canvas any of them declares. They differ for hostile files (a GIF with an 8×8 screen and
 * a 20000×20000 frame): limits apply to the largest.
 */
public record ImageHeader(int width, int height, int largestWidth, int largestHeight) {
    public ImageHeader {
        if (width <= 0 || height <= 0 || largestWidth <= 0 || largestHeight <= 0) {
            throw new IllegalArgumentException("image sizes are positive");
        }
    }

    static ImageHeader of(int width, int height) {
        return new ImageHeader(width, height, width, height);
    }

    /** The pixels of the largest allocation the headers declare. */
    public long largestPixels() {
        return (long) largestWidth * largestHeight;
    }

    /** This header with one more frame: the largest of the two is kept. */
    ImageHeader withFrame(int frameWidth, int frameHeight) {
        return (long) frameWidth * frameHeight > largestPixels() ? new ImageHeader(width, height, frameWidth, frameHeight) : this;
    }
}
