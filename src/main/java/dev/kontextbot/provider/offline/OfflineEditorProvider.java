package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageFormat;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A stand-in for Kontext that runs here, free and deterministic: it applies the edits it finds in the instruction
 * (see {@link InstructionParser#VOCABULARY}) to image 1, bringing in the references the instruction names ("put
 * image 2 in the corner"). Work happens inside {@link #submit}, so there is nothing to poll; resubmitting after a
 * crash is harmless.
 */
public final class OfflineEditorProvider implements KontextProvider {
    private static final String EXAMPLE = "make it sepia and add a vignette";
    private final InstructionParser parser = new InstructionParser();
    private final PictureGenerator generator = new PictureGenerator();
    private final ImageCodec codec;

    /** {@code decoder}: the bot's one decoder, so edits share the budget of pixels in flight with everything else. */
    public OfflineEditorProvider(ImageDecoder decoder) {
        this.codec = new ImageCodec(decoder);
    }

    @Override
    public String name() {
        return "offline";
    }

    /** Image 1 and up to three references: as many as a corner, a row or a palette can use and still be seen. */
    private static final int MAX_IMAGES = 4;

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        // The JDK's ImageIO has no WebP writer; safety_tolerance means nothing here, so every value is fine.
        return Offers.inputImages(ProviderRefusal.OFFLINE, inputImages, MAX_IMAGES)
                .or(() -> Offers.outputFormat(ProviderRefusal.OFFLINE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        InstructionParser.Reading reading = parser.read(request.prompt());
        List<SourceImage> sources = request.images();
        if (!sources.isEmpty() && reading.steps().isEmpty()) {
            // Said before any decoding: with nothing to do, the pixels are never needed.
            return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST,
                    new ProviderFailure.NotUnderstood(Plan.abbreviate(request.prompt()), InstructionParser.VOCABULARY, EXAMPLE));
        }
        Plan plan = Plan.of(reading, sources.size());
        Map<Integer, BufferedImage> pictures = new TreeMap<>();
        List<Integer> needed = new ArrayList<>(sources.isEmpty() ? List.of() : List.of(1));
        needed.addAll(plan.references());
        for (int number : needed) {
            SourceImage source = sources.get(number - 1);
            Optional<ProviderFailure> unreadable = unreadable(source, number);
            if (unreadable.isPresent()) {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, unreadable.get());
            }
            try {
                pictures.put(number, codec.decode(source.bytes()));
            } catch (UnusableImageException e) {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, new ProviderFailure.ImageUnreadable(number, e.rejected()));
            }
        }
        BufferedImage base = pictures.remove(1);
        References references = new References(sources.size(), pictures);
        TurnParams params = request.params();
        List<GeneratedImage> images = new ArrayList<>(params.numImages());
        for (int i = 0; i < params.numImages(); i++) {
            long seed = params.seedOf(i);
            BufferedImage start = base != null ? base : generator.generate(request.prompt(), seed,
                    params.aspectRatio() == null ? 1 : params.aspectRatio().width(), params.aspectRatio() == null ? 1 : params.aspectRatio().height());
            images.add(render(start, plan.edits(), references, params, seed));
        }
        return new SubmitOutcome.Finished(images, plan.shortfall());
    }

    private GeneratedImage render(BufferedImage start, List<Edit> edits, References references, TurnParams params, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double strength = 0.8 + random.nextDouble() * 0.4;
        BufferedImage image = start;
        for (Edit edit : edits) {
            image = edit.apply(image, references, strength);
        }
        if (params.aspectRatio() != null) {
            image = Pixels.centreCrop(image, params.aspectRatio().width(), params.aspectRatio().height());
        }
        image = seedSignature(image, random.nextDouble() * 0.08 - 0.04, Edit.leavesGrey(edits));
        byte[] shown = codec.encode(image, params.outputFormat());
        if (params.outputFormat() == OutputFormat.PNG) {
            return GeneratedImage.of(shown, OutputFormat.PNG.mime(), seed);
        }
        // The JPEG is what people see; the lossless PNG is what the next turn edits.
        return new GeneratedImage(shown, OutputFormat.JPEG.mime(), seed, codec.encode(image, OutputFormat.PNG), OutputFormat.PNG.mime());
    }

    /**
     * A slight shift per seed, so variants differ even for edits with no strength (rotate, invert): warm/cool, or
     * lighter/darker when the instruction took the colour out — a variant must never contradict the instruction.
     */
    private static BufferedImage seedSignature(BufferedImage image, double shift, boolean grey) {
        if (grey) {
            return Pixels.map(image, (r, g, b) -> new int[]{
                    (int) Math.round(r * (1 + shift)), (int) Math.round(g * (1 + shift)), (int) Math.round(b * (1 + shift))});
        }
        return Pixels.map(image, (r, g, b) -> new int[]{(int) Math.round(r * (1 + shift)), g, (int) Math.round(b * (1 - shift))});
    }

    /** {@code number}: which image of the turn, named in the message when it is a reference. */
    private Optional<ProviderFailure> unreadable(SourceImage source, int number) {
        Optional<ImageFormat> format = ImageFormat.sniff(source.bytes());
        if (format.isPresent() && (format.get() == ImageFormat.WEBP || format.get() == ImageFormat.AVIF)) {
            return Optional.of(new ProviderFailure.FormatUnreadable(format.get().label(), number));
        }
        return Optional.empty();
    }

    @Override
    public PollOutcome poll(String job) {
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.NoSuchJob(job));
    }

    @Override
    public void cancel(String job) {
        // Offline edits finish inside submit; there is never a job to stop.
    }

    @Override
    public boolean resubmitIsHarmless() {
        return true;
    }

    @Override
    public Optional<String> vocabulary() {
        return Optional.of(InstructionParser.VOCABULARY);
    }

    @Override
    public String example() {
        return EXAMPLE;
    }

    /** The operations are the same whatever the model, guidance, safety tolerance or prompt enhancement. */
    @Override
    public boolean usesModelSettings() {
        return false;
    }

    @Override
    public long pricePerImageMicros(ModelId tier) {
        return 0;
    }
}
