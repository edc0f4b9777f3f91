package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageFormat;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
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
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A stand-in for Kontext that runs here, free and deterministic: it applies the operations it finds in the
 * instruction (see {@link InstructionParser#VOCABULARY}). Work happens inside {@link #submit}, so there is
 * nothing to poll; resubmitting after a crash is harmless.
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

    @Override
    public Optional<String> refusal(TurnParams params, int inputImages) {
        // The JDK's ImageIO has no WebP writer; safety_tolerance means nothing here, so every value is fine.
        return Offers.inputImages("The offline editor", inputImages, 1)
                .or(() -> Offers.outputFormat("The offline editor", params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        InstructionParser.Reading reading = parser.read(request.prompt());
        List<Operation> operations = reading.operations();
        BufferedImage base;
        if (request.image().isPresent()) {
            Optional<String> unreadable = unreadable(request.image().get());
            if (unreadable.isPresent()) {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, unreadable.get());
            }
            try {
                base = codec.decode(request.image().get().bytes());
            } catch (UnusableImageException e) {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, "The offline editor could not read that image: " + e.getMessage());
            }
            if (operations.isEmpty()) {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, "The offline editor didn't understand \""
                        + abbreviate(request.prompt()) + "\". It understands: " + InstructionParser.VOCABULARY
                        + ". Try \"" + EXAMPLE + "\", or connect a Kontext provider for free-form edits.");
            }
        } else {
            base = null;
        }
        TurnParams params = request.params();
        List<GeneratedImage> images = new ArrayList<>(params.numImages());
        for (int i = 0; i < params.numImages(); i++) {
            long seed = params.seedOf(i);
            BufferedImage start = base != null ? base : generator.generate(request.prompt(), seed,
                    params.aspectRatio() == null ? 1 : params.aspectRatio().width(), params.aspectRatio() == null ? 1 : params.aspectRatio().height());
            images.add(render(start, operations, params, seed));
        }
        return new SubmitOutcome.Finished(images, base == null ? Optional.empty() : notDone(reading.ignored()));
    }

    private static final int MAX_NAMED_PARTS = 3;

    /**
     * The parts of an edit the editor left out, said in the turn's message: a done turn that quietly did half of what
     * was asked looks like a bug. (Text-only generation only paints the prompt as a picture, so nothing there is "left out".)
     */
    private static Optional<String> notDone(List<String> ignored) {
        if (ignored.isEmpty()) {
            return Optional.empty();
        }
        String parts = ignored.stream().limit(MAX_NAMED_PARTS).map(part -> "“" + abbreviate(part) + "”").collect(Collectors.joining(", "))
                + (ignored.size() > MAX_NAMED_PARTS ? " and " + (ignored.size() - MAX_NAMED_PARTS) + " more" : "");
        return Optional.of("Not done: " + parts + ". The offline editor only knows " + InstructionParser.VOCABULARY
                + "; connect a Kontext provider for free-form edits.");
    }

    private GeneratedImage render(BufferedImage start, List<Operation> operations, TurnParams params, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double strength = 0.8 + random.nextDouble() * 0.4;
        BufferedImage image = start;
        for (Operation operation : operations) {
            image = operation.apply(image, strength);
        }
        if (params.aspectRatio() != null) {
            image = Pixels.centreCrop(image, params.aspectRatio().width(), params.aspectRatio().height());
        }
        image = seedSignature(image, random.nextDouble() * 0.08 - 0.04, Operation.leavesGrey(operations));
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

    private Optional<String> unreadable(SourceImage source) {
        Optional<ImageFormat> format = ImageFormat.sniff(source.bytes());
        if (format.isPresent() && (format.get() == ImageFormat.WEBP || format.get() == ImageFormat.AVIF)) {
            return Optional.of("The offline editor can't read " + format.get().label()
                    + " images; send a PNG or JPEG, or connect a Kontext provider.");
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }

    @Override
    public PollOutcome poll(String job) {
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "The offline editor has no job " + job + " to look at.");
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
