package dev.kontextbot.provider.offline;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

/** An edit that brings other images of the turn into image 1 ("put image 2 in the corner"). */
sealed interface Composition extends Edit {

    /** The images it uses, by number (1: the edited one), in a turn of {@code count} images. */
    List<Integer> images(int count);

    /** Another image brings its own colours, even into a picture an earlier step made grey. */
    @Override
    default Colour colour() {
        return Colour.ADDS;
    }

    enum Corner {
        TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

        static Corner of(boolean top, boolean left) {
            return top ? (left ? TOP_LEFT : TOP_RIGHT) : (left ? BOTTOM_LEFT : BOTTOM_RIGHT);
        }

        boolean top() {
            return this == TOP_LEFT || this == TOP_RIGHT;
        }

        boolean left() {
            return this == TOP_LEFT || this == BOTTOM_LEFT;
        }
    }

    /** Image {@code image} a quarter of the width across (at most half the height), framed in white, in a corner. */
    record PictureInPicture(int image, Corner corner) implements Composition {
        @Override
        public List<Integer> images(int count) {
            return List.of(1, image);
        }

        @Override
        public BufferedImage apply(BufferedImage base, References references, double strength) {
            BufferedImage picture = references.picture(image, base);
            int w = base.getWidth();
            int h = base.getHeight();
            int border = Math.max(1, Math.min(w, h) / 200);
            int margin = Math.max(border, (int) Math.round(Math.min(w, h) * 0.03));
            int insetWidth = Math.max(1, (int) Math.round(w / 4.0));
            int insetHeight = Math.max(1, (int) Math.round((double) insetWidth * picture.getHeight() / picture.getWidth()));
            if (insetHeight > h / 2) {
                insetHeight = Math.max(1, h / 2);
                insetWidth = Math.max(1, (int) Math.round((double) insetHeight * picture.getWidth() / picture.getHeight()));
            }
            BufferedImage inset = Pixels.framed(Pixels.scale(picture, insetWidth, insetHeight), border, Color.WHITE);
            int x = corner.left() ? margin : w - margin - inset.getWidth();
            int y = corner.top() ? margin : h - margin - inset.getHeight();
            return Pixels.paste(base, inset, x, y);
        }
    }

    /**
     * The images left to right at the height of the first, the whole no longer than the editor's largest side.
     * {@code images} empty: every image of the turn, in order.
     */
    record SideBySide(List<Integer> images) implements Composition {
        public SideBySide {
            images = List.copyOf(images);
        }

        @Override
        public List<Integer> images(int count) {
            return images.isEmpty() ? IntStream.rangeClosed(1, count).boxed().toList() : images;
        }

        @Override
        public BufferedImage apply(BufferedImage base, References references, double strength) {
            List<BufferedImage> pictures = images(references.count()).stream().map(n -> references.picture(n, base)).toList();
            int height = pictures.get(0).getHeight();
            int width = widthAt(pictures, height);
            int longSide = Math.max(width, height);
            if (longSide > ImageCodec.MAX_SIDE) {
                height = Math.max(1, (int) ((long) height * ImageCodec.MAX_SIDE / longSide));
                width = widthAt(pictures, height);
            }
            int common = height;
            return Pixels.row(pictures.stream().map(picture -> Pixels.scale(picture, widthAt(picture, common), common)).toList());
        }

        private static int widthAt(List<BufferedImage> pictures, int height) {
            return pictures.stream().mapToInt(picture -> widthAt(picture, height)).sum();
        }

        private static int widthAt(BufferedImage picture, int height) {
            return Math.max(1, (int) ((long) picture.getWidth() * height / picture.getHeight()));
        }
    }

    /** Image 1 recoloured towards the palette of image {@code image} (more or less of the way, by the variant's seed). */
    record ColoursOf(int image) implements Composition {
        @Override
        public List<Integer> images(int count) {
            return List.of(1, image);
        }

        @Override
        public BufferedImage apply(BufferedImage base, References references, double strength) {
            return ColourTransfer.apply(base, references.picture(image, base), Math.min(1, strength));
        }
    }
}
