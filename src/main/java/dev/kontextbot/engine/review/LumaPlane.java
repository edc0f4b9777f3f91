package dev.kontextbot.engine.review;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * An image's luminance (0–255, Rec. 601 weights, transparent pixels over white), at full resolution or shrunk.
 * Every measure reads a plane instead of the image, so pixels are read once per image. The layouts ImageIO decodes
 * JPEG and PNG into are read in bulk, a row at a time: {@link BufferedImage#getRGB} converts pixel by pixel and
 * took two thirds of a score's time on a 2-megapixel photo. Other layouts go through it.
 */
final class LumaPlane {
    private final int width;
    private final int height;
    private final float[] values;

    private LumaPlane(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.values = values;
    }

    /** Every pixel. */
    static LumaPlane of(BufferedImage image) {
        return of(rows(image), image.getWidth(), image.getHeight());
    }

    /** Every pixel of band 0 of {@code luma}, which holds luminance (a JPEG's Y channel). */
    static LumaPlane of(Raster luma) {
        return of(band(luma), luma.getWidth(), luma.getHeight());
    }

    private static LumaPlane of(RowReader rows, int w, int h) {
        float[] values = new float[w * h];
        float[] row = new float[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, row);
            System.arraycopy(row, 0, values, y * w, w);
        }
        return new LumaPlane(w, h, values);
    }

    /**
     * An area-averaged copy at most {@code longSide} pixels on its long side (every pixel if the image is no larger),
     * made row by row without a full-resolution plane: the measures then read a fifth of a 2-megapixel photo's
     * pixels instead of all of them, several times over, and hold 1 MB instead of 8.
     */
    static LumaPlane shrunk(BufferedImage image, int longSide) {
        return shrunk(rows(image), image.getWidth(), image.getHeight(), longSide);
    }

    /** {@link #shrunk(BufferedImage, int)} of band 0 of {@code luma}. */
    static LumaPlane shrunk(Raster luma, int longSide) {
        return shrunk(band(luma), luma.getWidth(), luma.getHeight(), longSide);
    }

    private static LumaPlane shrunk(RowReader rows, int width, int height, int longSide) {
        if (Math.max(width, height) <= longSide) {
            return of(rows, width, height);
        }
        double factor = (double) longSide / Math.max(width, height);
        int w = Math.max(1, (int) Math.round(width * factor));
        int h = Math.max(1, (int) Math.round(height * factor));
        return new LumaPlane(w, h, LumaGrid.areaMeans(rows, width, height, w, h));
    }

    /** One row of luminance at a time, {@code out} as wide as the image. */
    interface RowReader {
        void read(int y, float[] out);
    }

    private static RowReader rows(BufferedImage image) {
        return switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> bytes(image, 3);
            case BufferedImage.TYPE_4BYTE_ABGR -> bytes(image, 4);
            case BufferedImage.TYPE_INT_RGB -> ints(image, 0xff000000);
            case BufferedImage.TYPE_INT_ARGB -> ints(image, 0);
            default -> rgb(image);
        };
    }

    /**
     * Interleaved bytes, read straight from the raster's buffer (band offsets give red, green, blue and alpha, in
     * band order): copying rows out with getDataElements cost as much as the rest of a measurement.
     */
    private static RowReader bytes(BufferedImage image, int bands) {
        WritableRaster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof ComponentSampleModel model) || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || buffer.getNumBanks() != 1) {
            return rgb(image);
        }
        byte[] data = buffer.getData();
        int w = image.getWidth();
        int stride = model.getPixelStride();
        // A cut-out shares its parent's buffer: its (0, 0) sits at minus the translation in the sample model.
        int dx = -raster.getSampleModelTranslateX();
        int dy = -raster.getSampleModelTranslateY();
        int start = buffer.getOffset();
        return (y, out) -> {
            int r = start + model.getOffset(dx, y + dy, 0);
            int g = start + model.getOffset(dx, y + dy, 1);
            int b = start + model.getOffset(dx, y + dy, 2);
            if (bands == 4) {
                int a = start + model.getOffset(dx, y + dy, 3);
                for (int x = 0, o = 0; x < w; x++, o += stride) {
                    out[x] = luma((data[a + o] & 0xff) << 24 | (data[r + o] & 0xff) << 16 | (data[g + o] & 0xff) << 8 | (data[b + o] & 0xff));
                }
            } else {
                for (int x = 0, o = 0; x < w; x++, o += stride) {
                    out[x] = opaqueLuma(data[r + o] & 0xff, data[g + o] & 0xff, data[b + o] & 0xff);
                }
            }
        };
    }

    /** Band 0, read straight from an interleaved byte buffer where it is one (what ImageIO's readRaster returns). */
    private static RowReader band(Raster raster) {
        int w = raster.getWidth();
        if (!(raster.getSampleModel() instanceof ComponentSampleModel model) || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || buffer.getNumBanks() != 1) {
            int[] samples = new int[w];
            return (y, out) -> {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, samples);
                for (int x = 0; x < w; x++) {
                    out[x] = samples[x];
                }
            };
        }
        byte[] data = buffer.getData();
        int stride = model.getPixelStride();
        int dx = raster.getMinX() - raster.getSampleModelTranslateX();
        int dy = raster.getMinY() - raster.getSampleModelTranslateY();
        int start = buffer.getOffset();
        return (y, out) -> {
            int o = start + model.getOffset(dx, y + dy, 0);
            java.util.Objects.checkFromIndexSize(o, (w - 1) * stride + 1, data.length);
            for (int x = 0; x < w; x++, o += stride) {
                out[x] = data[o] & 0xff;
            }
        };
    }

    /** Packed ints; {@code opaque} sets the alpha bits a layout without alpha leaves at zero. */
    private static RowReader ints(BufferedImage image, int opaque) {
        WritableRaster raster = image.getRaster();
        int[] pixels = new int[image.getWidth()];
        return (y, out) -> {
            raster.getDataElements(0, y, pixels.length, 1, pixels);
            for (int x = 0; x < pixels.length; x++) {
                out[x] = luma(pixels[x] | opaque);
            }
        };
    }

    private static RowReader rgb(BufferedImage image) {
        int[] argb = new int[image.getWidth()];
        return (y, out) -> {
            image.getRGB(0, y, argb.length, 1, argb, 0, argb.length);
            for (int x = 0; x < argb.length; x++) {
                out[x] = luma(argb[x]);
            }
        };
    }

    static float luma(int argb) {
        int alpha = (argb >>> 24) & 0xff;
        float y = opaqueLuma((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
        if (alpha == 0xff) {
            return y;
        }
        float a = alpha / 255f;
        return a * y + (1 - a) * 255f;
    }

    private static float opaqueLuma(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    float at(int x, int y) {
        return values[y * width + x];
    }

    Region whole() {
        return new Region(0, 0, width, height);
    }
}
