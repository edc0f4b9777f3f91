package dev.kontextbot.engine.model;

/**
 * What is wrong with the manifest.json of an archive someone imports, as data (where in the manifest, what it says,
 * what it may say) for the adapter to put in the person's words; carried by {@link Rejected.ArchiveManifestProblem}.
 * Names of fields ({@code created_at}, {@code head_history}) stay as the manifest writes them.
 */
public sealed interface ArchiveProblem {

    /** The part of the manifest a problem is in: the session, a turn, a variant of a turn, a vote, a head_history entry. */
    sealed interface Part {
        /** The key segment naming the part in the words ({@code manifest.part.<key>}). */
        String key();
    }

    record InSession() implements Part {
        public String key() {
            return "session";
        }
    }

    record InTurn(long turn) implements Part {
        public String key() {
            return "turn";
        }
    }

    record InVariant(long turn, int index) implements Part {
        public String key() {
            return "variant";
        }
    }

    record InVote() implements Part {
        public String key() {
            return "vote";
        }
    }

    record InHeadHistory() implements Part {
        public String key() {
            return "head";
        }
    }

    /**
     * A text or image field of {@code part}: {@code name} is the key segment ({@code owner}, {@code prompt}, {@code image},
     * …); {@code number} counts a turn's images (its first reference is image 2) and is 0 for every other field.
     */
    record Field(Part part, String name, int number) {
        public static Field of(Part part, String name) {
            return new Field(part, name, 0);
        }
    }

    /** manifest.json cannot be parsed; {@code detail} is the JSON reader's (English) reason. */
    record NotJson(String detail) implements ArchiveProblem {
    }

    /** manifest.json does not fit its {@code version}; {@code detail} is the JSON reader's (English) reason. */
    record DoesNotFit(int version, String detail) implements ArchiveProblem {
    }

    /** manifest.json has no session. */
    record NoSession() implements ArchiveProblem {
    }

    /** manifest.json lists no images. */
    record NoImages() implements ArchiveProblem {
    }

    /** {@code turns} turns, over the {@code maximum} an import takes. */
    record TooManyTurns(int turns, int maximum) implements ArchiveProblem {
    }

    /** Turn ids must grow: {@code turn} comes after {@code previous} (0 for the first). */
    record TurnOrder(long turn, long previous) implements ArchiveProblem {
    }

    /** The session's head is not the last image of its head_history. */
    record HeadNotLast() implements ArchiveProblem {
    }

    /** The head_history does not start with the session's source. */
    record HistoryNotFromSource() implements ArchiveProblem {
    }

    /** {@code part} has no {@code field} (as the manifest names it: {@code created_at}, {@code params}, {@code cast_at}). */
    record Missing(Part part, String field) implements ArchiveProblem {
    }

    /** {@code part}'s {@code field} ({@code kind}, {@code status}, {@code reason}) is {@code given}, which the bot does not know. */
    record Unknown(Part part, String field, String given) implements ArchiveProblem {
    }

    /** A turn's params lack one the turn needs (only aspect_ratio may be left out). */
    record ParamsIncomplete(long turn) implements ArchiveProblem {
    }

    /** A turn's params, and what is wrong with them. */
    record BadParams(long turn, Rejected problem) implements ArchiveProblem {
    }

    /** The session's defaults, and what is wrong with them. */
    record BadDefaults(Rejected problem) implements ArchiveProblem {
    }

    /** A turn's error code over {@code maximum} characters. */
    record ErrorCodeTooLong(long turn, int maximum) implements ArchiveProblem {
    }

    /** A turn's error message over {@code maximum} characters. */
    record ErrorMessageTooLong(long turn, int maximum) implements ArchiveProblem {
    }

    /** A turn with a negative cost. */
    record NegativeCost(long turn) implements ArchiveProblem {
    }

    /** A turn with a negative input_bytes_sent. */
    record NegativeInputBytes(long turn) implements ArchiveProblem {
    }

    /** {@code turn} is a reroll of {@code rerolledFrom}, which is no earlier turn of the archive. */
    record RerollNotEarlier(long turn, long rerolledFrom) implements ArchiveProblem {
    }

    /** A turn that did not end done ({@code status}) but has variants. */
    record VariantsNotDone(long turn, TurnStatus status) implements ArchiveProblem {
    }

    /** A turn with more than {@code maximum} variants. */
    record TooManyVariants(long turn, int maximum) implements ArchiveProblem {
    }

    /** A turn with more than {@code maximum} references. */
    record TooManyReferences(long turn, int maximum) implements ArchiveProblem {
    }

    /** A variant's index outside 0..{@code last}, or given twice. */
    record VariantIndex(long turn, int index, int last) implements ArchiveProblem {
    }

    /** A variant's seed outside what a seed can be. */
    record VariantSeed(long turn, int index) implements ArchiveProblem {
    }

    /** A variant that says it has {@code says} votes where the archive lists {@code listed}. */
    record VoteCount(long turn, int index, int says, int listed) implements ArchiveProblem {
    }

    /** A variant's score that cannot be read; {@code detail} is the (English) reason. */
    record Unreadable(long turn, int index, String detail) implements ArchiveProblem {
    }

    /** {@code field} names no image. */
    record NoImage(Field field) implements ArchiveProblem {
    }

    /** {@code field} names {@code file}, which is not among the manifest's images. */
    record ImageNotListed(Field field, String file) implements ArchiveProblem {
    }

    /** A text {@code field} that is missing or blank. */
    record TextMissing(Field field) implements ArchiveProblem {
    }

    /** A text {@code field} over {@code maximum} characters. */
    record TextTooLong(Field field, int maximum) implements ArchiveProblem {
    }

    /** A vote for variant {@code variant} of {@code turn}, which the archive does not have. */
    record VoteForNothing(long turn, int variant) implements ArchiveProblem {
    }

    /** {@code voter} votes twice for the same variant. */
    record VotesTwice(String voter, long turn, int variant) implements ArchiveProblem {
    }

    /** A head_history entry with a turn and no variant, or a variant and no turn. */
    record HeadHalfNamed() implements ArchiveProblem {
    }

    /** A head_history entry for variant {@code variant} of {@code turn}, which the archive does not have. */
    record HeadForNothing(long turn, int variant) implements ArchiveProblem {
    }

    /** A head_history entry for a variant whose image is not that variant's context image. */
    record HeadNotContext(long turn, int variant) implements ArchiveProblem {
    }

    /** An image {@code file} name (as written, may be null) an archive may not hold. */
    record ImageName(String file) implements ArchiveProblem {
    }

    /** An image {@code file} with no valid sha256. */
    record ImageSha(String file) implements ArchiveProblem {
    }

    /** An image {@code file} listed twice. */
    record ImageTwice(String file) implements ArchiveProblem {
    }
}
