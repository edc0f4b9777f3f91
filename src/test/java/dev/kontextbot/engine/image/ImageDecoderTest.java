package dev.kontextbot.engine.image;

import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.CraftedImages;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDecoderTest {
    private static final byte[] PICTURE = TestImages.encode(TestImages.drawn(100, 100, (x, y) -> x * 2000 + y), "png");

    @Test
    void decodesTheFirstFrameAndHandsItToTheCaller() {
        ImageDecoder decoder = new ImageDecoder(1_000_000, new DecodingBudget(1_000_000));
        assertThat(decoder.<Integer>decode(PICTURE, BufferedImage::getWidth)).isEqualTo(100);
        assertThat(decoder.<Integer>decode(PICTURE, 4, BufferedImage::getWidth)).as("subsampled").isEqualTo(25);
    }

    @Test
    void aJpegIsReadAsItsOwnLuminanceChannelWhichIsTheLuminanceOfItsPixels() {
        ImageDecoder decoder = new ImageDecoder(10_000_000, new DecodingBudget(10_000_000));
        byte[] jpeg = TestImages.encode(TestImages.drawn(160, 120, (x, y) -> (x * 255 / 160) << 16 | (y * 255 / 120) << 8 | ((x ^ y) & 255)), "jpg");
        // A comment before the JFIF marker: ImageIO's metadata reader refuses such files (its pixel reader does not).
        byte[] commentFirst = new byte[jpeg.length + 7];
        System.arraycopy(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0, 5, 'a', 'b', 'c'}, 0, commentFirst, 0, 9);
        System.arraycopy(jpeg, 2, commentFirst, 9, jpeg.length - 2);
        BufferedImage grey = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(10, 10, 0, 200);

        for (byte[] file : List.of(jpeg, commentFirst, TestImages.encode(grey, "jpg"))) {
            BufferedImage pixels = decoder.decode(file, image -> image);
            double difference = decoder.decodeJpegLuma(file, luma -> {
                double sum = 0;
                for (int y = 0; y < pixels.getHeight(); y++) {
                    for (int x = 0; x < pixels.getWidth(); x++) {
                        int rgb = pixels.getRGB(x, y);
                        sum += Math.abs(0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255) - luma.getSample(x, y, 0));
                    }
                }
                return sum / pixels.getWidth() / pixels.getHeight();
            }).orElseThrow();

            assertThat(difference).as("mean difference in levels of 255").isLessThan(1);
        }
    }

    @Test
    void anythingButAJpegIsNotReadAsLuminance() {
        ImageDecoder decoder = new ImageDecoder(10_000_000, new DecodingBudget(10_000_000));
        AtomicBoolean used = new AtomicBoolean();

        assertThat(decoder.decodeJpegLuma(PICTURE, luma -> used.getAndSet(true))).isEmpty();
        assertThat(used).isFalse();
    }

    @Test
    void refusesAFrameOverTheLimitWithoutAllocatingIt() {
        // Decoding this 35-byte GIF's one frame would allocate 400 MB.
        ImageDecoder decoder = new ImageDecoder(10_000_000, new DecodingBudget(10_000_000));
        AtomicBoolean decoded = new AtomicBoolean();

        assertThatThrownBy(() -> decoder.decode(CraftedImages.gif(8, 20_000, 20_000), image -> decoded.getAndSet(true)))
                .isInstanceOf(UnusableImageException.class).hasMessageContaining("20000×20000");
        assertThat(decoded).isFalse();
    }

    @Test
    void aDamagedFileIsUnusableNotAnImageIoException() {
        ImageDecoder decoder = new ImageDecoder(10_000_000, new DecodingBudget(10_000_000));
        // Headers that hold together over image data that does not: only decoding finds out.
        byte[] png = CraftedImages.png(64, 64);

        assertThatThrownBy(() -> decoder.decode(png, BufferedImage::getWidth)).isInstanceOf(UnusableImageException.class)
                .hasMessageContaining("damaged or unreadable");
        // WebP has a reader (Replicate's FLUX.2 answers WebP), which finds the crafted bitstream damaged; AVIF has none.
        assertThatThrownBy(() -> decoder.decode(CraftedImages.webp(8, 8, 8, 8), BufferedImage::getWidth))
                .isInstanceOf(UnusableImageException.class).hasMessageContaining("damaged or unreadable");
        assertThatThrownBy(() -> decoder.decode(CraftedImages.avif(8, 8), BufferedImage::getWidth))
                .isInstanceOf(UnusableImageException.class).hasMessageContaining("cannot be opened here");
    }

    @Test
    void aRealWebpIsDecoded() throws Exception {
        ImageDecoder decoder = new ImageDecoder(10_000_000, new DecodingBudget(10_000_000));
        byte[] webp = getClass().getResourceAsStream("/images/noise-400x300.webp").readAllBytes();

        String size = decoder.decode(webp, image -> image.getWidth() + "x" + image.getHeight());

        assertThat(size).isEqualTo("400x300");
    }

    @Test
    void aDecodeWaitsForPixelsInFlightInsteadOfExhaustingTheHeap() throws Exception {
        DecodingBudget budget = new DecodingBudget(15_000); // room for one 100×100 picture, not two
        ImageDecoder decoder = new ImageDecoder(1_000_000, budget);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstHolds = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            AtomicBoolean secondRan = new AtomicBoolean();
            Future<Integer> first = threads.submit(() -> decoder.decode(PICTURE, image -> {
                firstHolds.countDown();
                await(letGo);
                return image.getWidth();
            }));
            firstHolds.await();
            Future<Integer> second = threads.submit(() -> decoder.decode(PICTURE, image -> {
                secondRan.set(true);
                return image.getWidth();
            }));

            Await.until(budget::hasWaiting, "the second decode to wait for the budget");
            assertThat(secondRan).as("it waits while the first picture is in use").isFalse();
            assertThat(budget.availablePixels()).isEqualTo(5_000);
            letGo.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(100);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(100);
            assertThat(budget.availablePixels()).as("all given back").isEqualTo(15_000);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sixLargePicturesAtOnceNeverHoldMoreThanTheBudget() throws Exception {
        DecodingBudget budget = new DecodingBudget(25_000); // two at a time
        ImageDecoder decoder = new ImageDecoder(1_000_000, budget);
        AtomicLong inUse = new AtomicLong();
        AtomicLong mostInUse = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> decodes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                decodes.add(threads.submit(() -> decoder.decode(PICTURE, image -> {
                    long now = inUse.addAndGet((long) image.getWidth() * image.getHeight());
                    mostInUse.accumulateAndGet(now, Math::max);
                    Thread.yield();
                    inUse.addAndGet(-(long) image.getWidth() * image.getHeight());
                    return image.getWidth();
                })));
            }
            for (Future<Integer> decode : decodes) {
                assertThat(decode.get(20, TimeUnit.SECONDS)).isEqualTo(100);
            }
            assertThat(mostInUse.get()).isLessThanOrEqualTo(25_000);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPictureLargerThanTheWholeBudgetStillDecodesAlone() {
        DecodingBudget budget = new DecodingBudget(1_000);
        ImageDecoder decoder = new ImageDecoder(1_000_000, budget);

        assertThat(decoder.<Long>decode(PICTURE, image -> budget.availablePixels())).isZero();
        assertThat(budget.availablePixels()).isEqualTo(1_000);
    }

    @Test
    void theBudgetFromTheHeapLeavesRoomForTheRestOfTheBot() {
        assertThat(DecodingBudget.ofHeap(1_200_000_000L).totalPixels()).isEqualTo(50_000_000L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
