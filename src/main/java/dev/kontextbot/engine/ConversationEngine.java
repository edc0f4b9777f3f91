package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.PromptText;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.FailureTexts;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.ImageUrlRepository;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.port.VoteRepository;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.FidelityScorer;
import dev.kontextbot.engine.review.MeasuredImages;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.review.VariantScoring;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What every chat adapter calls: start a session, refine it, pick, reroll, undo, branch, cancel. Knows no
 * platform and no SQL; adapters hear back through {@link TurnListener}.
 */
public final class ConversationEngine implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConversationEngine.class);
    /**
     * Measured images kept for the next turn's score (its parent is mostly the last one's variant): 16 hold up to
     * 32 MB, and save a decode and a measurement, some 10 ms of CPU for 2 megapixels, each time a turn edits one.
     */
    private static final int MEASURED_IMAGES_KEPT = 16;

    private final InstructionFlags flags = new InstructionFlags();
    private final SessionRepository sessions;
    private final TurnRepository turns;
    private final VoteRepository votes;
    private final ImageIntake intake;
    private final ImageUrlRepository imageUrls;
    private final KontextProvider provider;
    private final EngineSettings settings;
    private final Clock clock;
    private final LongSupplier seeds;
    private final EngineEvents events = new EngineEvents();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService leases;
    private final ExecutorService scoring;
    private final InstanceSettings instance;
    private final TurnClaims claims;
    private final TurnRunner runner;
    private final CircuitBreaker breaker;
    private final QuotaCheck quotaCheck;
    private final TurnRules rules;
    private final SessionReviews reviews;

    /** An engine without tenant policies: every turn the quotas allow is admitted; votes follow {@code settings}. */
    public ConversationEngine(EngineStores stores, KontextProvider provider, ImageInspector inspector, EngineSettings settings,
                              Clock clock, LongSupplier seeds) {
        this(stores, TurnRules.votesOnly(settings.votesToPick()), provider, inspector, settings, clock, seeds);
    }

    /** {@code rules}: each tenant's policy (models, safety, budgets, vote rule), asked before any turn is stored. */
    public ConversationEngine(EngineStores stores, TurnRules rules, KontextProvider provider, ImageInspector inspector,
                              EngineSettings settings, Clock clock, LongSupplier seeds) {
        this(stores, rules, provider, inspector, settings, InstanceSettings.sole("engine-" + Long.toHexString(System.nanoTime())), clock, seeds);
    }

    /** An engine without tenant policies, as one of several instances sharing the database. */
    public ConversationEngine(EngineStores stores, KontextProvider provider, ImageInspector inspector, EngineSettings settings,
                              InstanceSettings instance, Clock clock, LongSupplier seeds) {
        this(stores, TurnRules.votesOnly(settings.votesToPick()), provider, inspector, settings, instance, clock, seeds);
    }

    /** An engine that records typed failures as data ({@link FailureTexts#AS_DATA}): for tests that never read them. */
    public ConversationEngine(EngineStores stores, TurnRules rules, KontextProvider provider, ImageInspector inspector,
                              EngineSettings settings, InstanceSettings instance, Clock clock, LongSupplier seeds) {
        this(stores, rules, provider, inspector, settings, instance, clock, seeds, FailureTexts.AS_DATA);
    }

    /**
     * {@code instance}: who this engine is among the instances sharing the database, and its lease on running turns.
     * {@code failureTexts}: what a turn ended for a typed reason keeps as its failure text.
     */
    public ConversationEngine(EngineStores stores, TurnRules rules, KontextProvider provider, ImageInspector inspector,
                              EngineSettings settings, InstanceSettings instance, Clock clock, LongSupplier seeds, FailureTexts failureTexts) {
        this.sessions = stores.sessions();
        this.turns = stores.turns();
        this.votes = stores.votes();
        this.intake = new ImageIntake(inspector, stores.images());
        this.imageUrls = stores.imageUrls();
        this.provider = provider;
        this.settings = settings;
        this.instance = instance;
        this.clock = clock;
        this.seeds = seeds;
        // A ThreadPoolExecutor, not just an ExecutorService, so that load() can tell busy workers and waiting tasks.
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("kontext-worker"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("kontext-scheduler"));
        // Its own thread: renewing leases must not wait behind workers busy with slow provider calls.
        this.leases = Executors.newSingleThreadScheduledExecutor(named("kontext-leases"));
        // A thread per core: scoring is CPU alone, and one thread per four cores (one on two) held every finished turn
        // of a busy instance in its queue. A scoring keeps only a 512-pixel copy of each picture (the decoded picture,
        // 2 MB of luminance for a 2-megapixel JPEG, is let go at once), so more threads add little memory.
        this.scoring = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), named("kontext-scoring"));
        TurnOutcomes outcomes = new TurnOutcomes(turns, sessions, stores.images(), stores.imageUrls(), stores.transactions(), inspector, events, clock,
                new VariantScoring(sessions, stores.images(), stores.scores(), new FidelityScorer(), inspector.decoder(),
                        new MeasuredImages(MEASURED_IMAGES_KEPT)), scoring, instance.id(),
                provider, failureTexts);
        this.reviews = new SessionReviews(sessions, stores.scores());
        this.quotaCheck = new QuotaCheck(turns, stores.transactions(), settings.quotas(), clock);
        this.rules = rules;
        this.breaker = new CircuitBreaker(settings.circuitFailures(), settings.circuitOpenFor(), clock);
        this.claims = new TurnClaims(turns, stores.transactions(), instance, clock, new RunningLimits(turns, sessions, settings.quotas()));
        this.runner = new TurnRunner(turns, stores.images(), stores.imageUrls(), provider, outcomes, events, settings, clock, workers, scheduler, breaker,
                claims, new PollSchedule(settings.pollInterval()));
    }

    /**
     * The image with these bytes can be fetched by anyone at {@code url} until {@code validUntil} (empty: no expiry
     * known): a platform's CDN URL of an attachment, a link the person pasted. A provider is then sent the URL instead of
     * the bytes. Recorded before the image is stored (adapters download first, then start the turn); an image stored
     * under other bytes (turned upright, say) never matches it.
     */
    public void knownAt(byte[] bytes, java.net.URI url, Optional<java.time.Instant> validUntil) {
        imageUrls.record(ImageId.of(bytes), new dev.kontextbot.engine.port.ImageUrl(url, Optional.empty(), validUntil), clock.instant());
    }

    /** The one decoder of this engine's images: renderers and chat adapters decode through it, within its budget. */
    public ImageDecoder decoder() {
        return intake.decoder();
    }

    public void addListener(TurnListener listener) {
        events.add(listener);
    }

    /**
     * Continues every turn a previous process left queued or running, then keeps this instance's leases and looks for
     * turns other instances abandoned. Call once, after listeners are added.
     */
    public void resume() {
        runner.resume();
        long every = instance.renewEvery().toNanos();
        leases.scheduleWithFixedDelay(runner::keepLeases, every, every, TimeUnit.NANOSECONDS);
    }

    /** A look at the queue, the workers and the provider's circuit, for metrics and health. */
    public EngineLoad load() {
        return new EngineLoad(turns.countWithStatus(TurnStatus.QUEUED), claims.heldCount(), workers.getActiveCount(), workers.getMaximumPoolSize(),
                workers.getQueue().size(), circuitOpenFor());
    }

    /** How long the provider's circuit stays open, if it is: a health check needs only this, not the queue count. */
    public Optional<Duration> circuitOpenFor() {
        return breaker.openFor();
    }

    public String providerName() {
        return provider.name();
    }

    /**
     * Every model people can choose, as surfaces list it: the catalogue as this bot serves it, or, with a provider
     * built without a catalogue (tests), the models that provider names.
     */
    public List<dev.kontextbot.engine.catalogue.ModelChoice> models() {
        return provider.lineup().map(dev.kontextbot.engine.catalogue.ModelLineup::choices).orElseGet(() -> provider.models().stream()
                .map(id -> new dev.kontextbot.engine.catalogue.ModelChoice(id, id.id(), Optional.of(provider.name()), Optional.empty(),
                        provider.pricePerImageMicros(id), new dev.kontextbot.engine.catalogue.ModelPrice.PerImage(provider.pricePerImageMicros(id)), 1))
                .toList());
    }

    /**
     * What a turn is expected to cost before it has run, in micro-dollars: its model's catalogue price for each variant,
     * with its images as inputs (image 1 and the references; none for text alone); 0 when the route is free.
     */
    public long estimateMicros(Turn turn) {
        int inputs = turn.kind() == TurnKind.GENERATE ? 0 : 1 + turn.references().size();
        long perVariant = provider.lineup().map(lineup -> lineup.estimateMicros(turn.params(), inputs))
                .orElseGet(() -> provider.pricePerImageMicros(turn.params().model()));
        return perVariant * turn.params().numImages();
    }

    /** What interfaces tell people about the provider before they write an instruction. */
    public ProviderProfile providerProfile() {
        Map<ModelId, Long> prices = new java.util.LinkedHashMap<>();
        for (ModelId tier : provider.models()) {
            prices.put(tier, provider.pricePerImageMicros(tier));
        }
        return new ProviderProfile(provider.name(), provider.vocabulary(), provider.example(), provider.usesModelSettings(), prices);
    }

    /** A new session in {@code conversation}, from an image (an edit) or from text alone (Kontext generates). */
    public Started start(StartCommand command) {
        Instruction instruction = instruction(command.prompt(), command.params());
        String prompt = instruction.prompt();
        if (sessions.findByConversation(command.conversation()).isPresent()) {
            throw EngineRejection.conflict("This thread already has a session; reply in it to continue.", new Rejected.ThreadHasSession(true));
        }
        quotaCheck.check(command.conversation(), command.requester());
        ParamOverrides defaults = instruction.params().over(settings.defaults()).withoutSeed();
        TurnParams params = instruction.params().over(defaults).resolve(seeds);
        checkProviderAccepts(params, command.inputImages());
        checkNotResting();
        // Every refusal comes before the image is stored, so a refused start leaves nothing behind; admit checks again.
        rules.check(command.conversation(), command.requester(), params);
        intake.checkReferences(command.references());
        ImageId source = command.image() == null ? null : intake.accept(command.image()).id();
        List<ImageId> references = accepted(command.references());
        TurnKind kind = source == null ? TurnKind.GENERATE : TurnKind.REFINE;
        // The session and its first turn are stored together: a crash between them must not leave an empty session.
        Stored stored = rules.admit(command.conversation(), command.requester(), params, () -> quotaCheck.admit(command.conversation(),
                command.requester(), () -> {
            Session session = sessions.create(command.conversation(), command.requester(), source, defaults, null);
            return new Stored(session, claims.enqueue(session.id(), () -> turns.insert(new TurnRepository.NewTurn(session.id(), kind,
                    prompt, params, source, null, command.requester(), command.requestKey(), provider.nameFor(params), references), clock.instant())));
        }));
        Turn turn = announce(stored.enqueued());
        return new Started(sessions.find(stored.session().id()).orElseThrow(), turn);
    }

    private record Stored(Session session, TurnClaims.Enqueued enqueued) {
    }

    /**
     * Every check {@link #start} makes, storing nothing, so an adapter can refuse before it opens a thread. The
     * command's conversation only names the tenant and channel (its thread may not exist yet).
     */
    public void check(StartCommand command) {
        Instruction instruction = instruction(command.prompt(), command.params());
        quotaCheck.check(command.conversation(), command.requester());
        if (command.image() != null) {
            intake.check(command.image());
        }
        intake.checkReferences(command.references());
        TurnParams params = instruction.params().over(settings.defaults()).resolve(seeds);
        checkProviderAccepts(params, command.inputImages());
        checkNotResting();
        rules.check(command.conversation(), command.requester(), params);
    }

    /** The next instruction, applied to whatever the head is when the turn before it has finished. */
    public Turn refine(long sessionId, String requester, String prompt, ParamOverrides params, String requestKey) {
        return refine(sessionId, requester, prompt, params, List.of(), requestKey);
    }

    /**
     * The next instruction with extra images for it alone: the head is image 1 when the turn starts, {@code references}
     * (the bytes a person sent with the instruction) images 2..N, in their order. Each goes through the same checks as
     * any image, and is stored only once every refusal has been asked.
     */
    public Turn refine(long sessionId, String requester, String prompt, ParamOverrides params, List<byte[]> references, String requestKey) {
        Optional<Turn> replay = replayed(requestKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        Session session = session(sessionId);
        Instruction instruction = instruction(prompt, params);
        TurnParams resolved = instruction.params().over(session.defaults()).resolve(seeds);
        checkProviderAccepts(resolved, 1 + references.size());
        if (!references.isEmpty()) {
            intake.checkReferences(references);
            checkNotResting();
            quotaCheck.check(session.conversation(), requester);
            rules.check(session.conversation(), requester, resolved);
        }
        return enqueue(new TurnRepository.NewTurn(sessionId, TurnKind.REFINE, instruction.prompt(), resolved, null, null,
                requester, requestKey, provider.nameFor(resolved), accepted(references)));
    }

    private List<ImageId> accepted(List<byte[]> images) {
        return images.stream().map(bytes -> intake.accept(bytes).id()).toList();
    }

    /** The same instruction on the same parent with a new seed. */
    public Turn reroll(long sessionId, long turnId, String requester, String requestKey) {
        return remix(sessionId, turnId, requester, null, ParamOverrides.NONE, requestKey);
    }

    /**
     * An earlier turn run again on the same parent, with its prompt and parameters changed where given
     * ({@code prompt} null keeps the original); a new seed unless one is given.
     */
    public Turn remix(long sessionId, long turnId, String requester, String prompt, ParamOverrides changes, String requestKey) {
        Optional<Turn> replay = replayed(requestKey);
        if (replay.isPresent()) {
            return replay.get();
        }
        Turn original = turnOf(sessionId, turnId);
        if (original.kind() == TurnKind.REFINE && original.parent() == null) {
            throw EngineRejection.conflict("That turn has not started yet; wait for it before running it again.", new Rejected.TurnNotStarted());
        }
        Instruction instruction = prompt == null ? new Instruction(original.prompt(), changes) : instruction(prompt, changes);
        String newPrompt = instruction.prompt();
        TurnParams params = instruction.params().over(ParamOverrides.of(original.params()).withoutSeed()).resolve(seeds);
        checkProviderAccepts(params, original.inputImages());
        TurnKind kind = original.parent() == null ? TurnKind.GENERATE : TurnKind.REROLL;
        // The same inputs as the original: its parent and its references, in their order.
        return enqueue(new TurnRepository.NewTurn(sessionId, kind, newPrompt, params, original.parent(), original.id(),
                requester, requestKey, provider.nameFor(params), original.references()));
    }

    /** The turn an earlier delivery of the same request started, if any (chat platforms redeliver events). */
    public Optional<Turn> turnForRequest(String requestKey) {
        return replayed(requestKey);
    }

    /** Makes a variant of a finished turn the head. */
    public Session pick(long sessionId, VariantRef ref, String actor) {
        Variant variant = variantOf(sessionId, ref);
        Session session = session(sessionId);
        if (rules.votesToPick(session.conversation()) == 0 && !session.owner().equals(actor)) {
            throw EngineRejection.conflict("Here only the person who started the session picks its head; votes don't pick.", new Rejected.OnlyStarterPicks());
        }
        sessions.changeHead(sessionId, new HeadChange(variant.context(), ref, HeadChange.Reason.PICK));
        return session(sessionId);
    }

    /**
     * {@code voter} votes for (or withdraws a vote from) a variant, once per person. With a vote rule set, the
     * first variant to reach its number of votes becomes the head.
     */
    public VoteResult vote(long sessionId, VariantRef ref, String voter, boolean add) {
        Variant variant = variantOf(sessionId, ref);
        int count = votes.vote(ref, voter, add);
        int needed = rules.votesToPick(session(sessionId).conversation());
        // Only the vote that reaches the rule picks (counts are taken under a lock, so exactly one vote sees it):
        // votes arriving together must not each move the head and fill the undo history with copies.
        if (add && needed > 0 && count == needed && !variant.context().equals(session(sessionId).head())) {
            sessions.changeHead(sessionId, new HeadChange(variant.context(), ref, HeadChange.Reason.PICK));
            return new VoteResult(count, true);
        }
        return new VoteResult(count, false);
    }

    /** A new image (a reply with an attachment) becomes the head; the next instruction edits it. */
    public Session replaceHead(long sessionId, byte[] image, String actor) {
        session(sessionId);
        StoredImage stored = intake.accept(image);
        sessions.changeHead(sessionId, new HeadChange(stored.id(), null, HeadChange.Reason.UPLOAD));
        return session(sessionId);
    }

    /** The head goes back to what it was before its last change. */
    public Session undo(long sessionId, String actor) {
        session(sessionId);
        if (sessions.undoHead(sessionId).isEmpty()) {
            throw EngineRejection.conflict("There is nothing to undo: the head is the session's first image.", new Rejected.NothingToUndo());
        }
        return session(sessionId);
    }

    /** The head goes forward again along the change undone last, until the head changes in another way. */
    public Session redo(long sessionId, String actor) {
        session(sessionId);
        if (sessions.redoHead(sessionId).isEmpty()) {
            throw EngineRejection.conflict("There is nothing to redo: nothing was undone since the head last changed.", new Rejected.NothingToRedo());
        }
        return session(sessionId);
    }

    /** Whether {@link #undo} and {@link #redo} would move the head now. */
    public History history(long sessionId) {
        session(sessionId);
        return new History(sessions.liveHeads(sessionId).size() > 1, sessions.canRedo(sessionId));
    }

    public record History(boolean canUndo, boolean canRedo) {
    }

    /** A new session, in {@code conversation}, that starts from an earlier variant of this one. */
    public Session branch(long sessionId, VariantRef ref, Conversation conversation, String actor) {
        Session origin = session(sessionId);
        Variant variant = variantOf(sessionId, ref);
        if (sessions.findByConversation(conversation).isPresent()) {
            throw EngineRejection.conflict("That thread already has a session.", new Rejected.ThreadHasSession(false));
        }
        return sessions.create(conversation, actor, variant.context(), origin.defaults(), ref);
    }

    /** Stops a queued or running turn; the head stays where it was. */
    public Turn cancel(long sessionId, long turnId, String actor) {
        Turn turn = turnOf(sessionId, turnId);
        if (!runner.cancel(turn, actor)) {
            TurnStatus ended = turns.find(turnId).orElseThrow().status();
            throw EngineRejection.conflict("That turn has already ended (" + ended.wireName() + ").", new Rejected.TurnEnded(ended));
        }
        return turns.find(turnId).orElseThrow();
    }

    public SessionSnapshot snapshot(long sessionId) {
        session(sessionId);
        // Turns before the head: a turn seen as done then always comes with the head it set (they commit together).
        List<Turn> sessionTurns = turns.ofSession(sessionId);
        Map<Long, List<Variant>> variants = turns.variantsOfSession(sessionId).stream()
                .collect(Collectors.groupingBy(Variant::turnId));
        Map<Long, Integer> picked = new HashMap<>();
        for (HeadChange change : sessions.liveHeads(sessionId)) {
            if (change.variant() != null) {
                picked.put(change.variant().turnId(), change.variant().index());
            }
        }
        Session session = session(sessionId);
        List<SessionSnapshot.TurnSnapshot> turnViews = sessionTurns.stream()
                .map(t -> new SessionSnapshot.TurnSnapshot(t, variants.getOrDefault(t.id(), List.of()), picked.get(t.id())))
                .toList();
        return new SessionSnapshot(session, turnViews, origin(session));
    }

    private SessionSnapshot.BranchOrigin origin(Session session) {
        VariantRef from = session.branchedFrom();
        if (from == null) {
            return null;
        }
        return turns.find(from.turnId()).map(t -> new SessionSnapshot.BranchOrigin(t.sessionId(),
                SessionSnapshot.numberIn(turns.ofSession(t.sessionId()), t.id()), from.index())).orElse(null);
    }

    /** The session with its variants' fidelity scores, the head's drift from the source, and its branches. */
    public SessionReview review(long sessionId) {
        return reviews.review(snapshot(sessionId));
    }

    /** The fidelity score of each variant of the session that has one (see docs/playground.md, "Fidelity score"). */
    public Map<VariantRef, VariantScore> scores(long sessionId) {
        return review(sessionId).scores();
    }

    /** How much of the source the head keeps; empty when that is unknown (text-only session, uploaded or unscored head). */
    public Optional<Drift> drift(long sessionId) {
        return review(sessionId).drift();
    }

    /** The newest sessions of a channel, newest first (for a channel's history). */
    public List<SessionSnapshot> recentSessions(Platform platform, String tenant, String channel, int limit) {
        return sessions.recentIn(platform, tenant, channel, limit).stream().map(s -> snapshot(s.id())).toList();
    }

    /** Whether the image is one of this tenant's (shown or edited in one of its sessions). */
    public boolean imageBelongsTo(Platform platform, String tenant, ImageId image) {
        return sessions.imageBelongsTo(platform, tenant, image);
    }

    /** The parameters a new session starts with. */
    public ParamOverrides defaults() {
        return settings.defaults();
    }

    public Optional<Session> sessionIn(Conversation conversation) {
        return sessions.findByConversation(conversation);
    }

    public Optional<Turn> turn(long turnId) {
        return turns.find(turnId);
    }

    public Session session(long sessionId) {
        return sessions.find(sessionId).orElseThrow(() -> EngineRejection.notFound("There is no session " + sessionId + ".", new Rejected.NoSession(sessionId)));
    }

    /** Stops after the steps in progress; the turns still running are handed over at once (their leases given up). */
    @Override
    public void close() throws InterruptedException {
        runner.stopping();
        leases.shutdownNow();
        scheduler.shutdownNow();
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        scoring.shutdown();
        if (!scoring.awaitTermination(5, TimeUnit.SECONDS)) {
            int unscored = scoring.shutdownNow().size();
            log.warn("{} finished turns stay without fidelity scores: scoring them did not finish before the stop", unscored);
        }
        try {
            claims.releaseAll();
        } catch (RuntimeException e) {
            log.warn("could not give up the leases of running turns ({}); other instances take them over when the leases run out",
                    e.getMessage());
        }
    }

    /**
     * Stops as a crashed process would: the steps in progress end, nothing queued or scheduled runs, and no lease is
     * given up — other instances take this one's turns over only once their leases run out.
     */
    void halt() throws InterruptedException {
        runner.stopping();
        leases.shutdownNow();
        scheduler.shutdownNow();
        workers.shutdownNow();
        scoring.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Turn enqueue(TurnRepository.NewTurn newTurn) {
        checkNotResting();
        Conversation where = session(newTurn.sessionId()).conversation();
        quotaCheck.check(where, newTurn.requestedBy());
        return announce(rules.admit(where, newTurn.requestedBy(), newTurn.params(),
                () -> quotaCheck.admit(where, newTurn.requestedBy(),
                        () -> claims.enqueue(newTurn.sessionId(), () -> turns.insert(newTurn, clock.instant())))));
    }

    private void checkNotResting() {
        breaker.openFor().ifPresent(remaining -> {
            throw EngineRejection.conflict(CircuitBreaker.unavailableMessage(remaining), new Rejected.ServiceResting(CircuitBreaker.minutes(remaining)));
        });
    }

    private Turn announce(TurnClaims.Enqueued queued) {
        Turn turn = queued.current();
        events.onQueued(turn, turns.unfinishedBefore(turn.sessionId(), turn.id()));
        runner.enqueued(queued);
        return turn;
    }

    private Optional<Turn> replayed(String requestKey) {
        return requestKey == null ? Optional.empty() : turns.findByRequestKey(requestKey);
    }

    private Turn turnOf(long sessionId, long turnId) {
        return turns.find(turnId).filter(t -> t.sessionId() == sessionId)
                .orElseThrow(() -> EngineRejection.notFound("Session " + sessionId + " has no turn " + turnId + ".", new Rejected.NoTurn(sessionId, turnId)));
    }

    private Variant variantOf(long sessionId, VariantRef ref) {
        Turn turn = turnOf(sessionId, ref.turnId());
        if (turn.status() != TurnStatus.DONE) {
            throw EngineRejection.conflict("That turn has no images (it is " + turn.status().wireName() + ").", new Rejected.TurnHasNoImages(turn.status()));
        }
        return turns.variants(turn.id()).stream().filter(v -> v.index() == ref.index()).findFirst()
                .orElseThrow(() -> EngineRejection.notFound("That turn has no variant " + (ref.index() + 1) + ".", new Rejected.NoVariant(ref.index() + 1)));
    }

    /** The prompt without its flags, checked; the flags' parameters over {@code given} (what is written last wins). */
    private record Instruction(String prompt, ParamOverrides params) {
    }

    private Instruction instruction(String prompt, ParamOverrides given) {
        InstructionFlags.Read read = flags.read(prompt);
        return new Instruction(checkedPrompt(read.prompt()), read.params().over(given));
    }

    private String checkedPrompt(String prompt) {
        String trimmed = prompt == null ? "" : PromptText.strip(prompt);
        if (trimmed.isEmpty()) {
            throw EngineRejection.invalid("Write an instruction, for example \"make the jacket red\".", new Rejected.NoInstruction());
        }
        if (trimmed.length() > settings.maxPromptLength()) {
            throw EngineRejection.invalid("The instruction is " + trimmed.length() + " characters long; keep it under "
                    + settings.maxPromptLength() + ".", new Rejected.InstructionTooLong(trimmed.length(), settings.maxPromptLength()));
        }
        return trimmed;
    }

    private void checkProviderAccepts(TurnParams params, int inputImages) {
        provider.refusal(params, inputImages).ifPresent(refusal -> {
            throw new EngineRejection(refusal);
        });
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * {@code image}: the bytes a person sent, or null to generate from the prompt alone; it becomes the session's source
     * and the turn's image 1. {@code references}: more images sent with it, images 2..N of the first turn only.
     */
    public record StartCommand(Conversation conversation, String requester, byte[] image, String prompt,
                               ParamOverrides params, String requestKey, List<byte[]> references) {
        public StartCommand {
            references = references == null ? List.of() : List.copyOf(references);
            if (image == null && !references.isEmpty()) {
                throw new IllegalArgumentException("references need an image 1 to go with");
            }
        }

        public StartCommand(Conversation conversation, String requester, byte[] image, String prompt, ParamOverrides params,
                            String requestKey) {
            this(conversation, requester, image, prompt, params, requestKey, List.of());
        }

        /** Images 1..N when all are sent in order: the one the session starts from first. */
        public static StartCommand of(Conversation conversation, String requester, List<byte[]> images, String prompt,
                                      ParamOverrides params, String requestKey) {
            return new StartCommand(conversation, requester, images.isEmpty() ? null : images.get(0), prompt, params, requestKey,
                    images.size() < 2 ? List.of() : images.subList(1, images.size()));
        }

        int inputImages() {
            return (image == null ? 0 : 1) + references.size();
        }
    }

    public record Started(Session session, Turn turn) {
    }
}
