package dev.kontextbot.engine.transfer;

/**
 * How much an imported archive may hold, so a small zip cannot expand into gigabytes (a zip bomb) or thousands
 * of rows. Sizes are checked against what the zip declares and again while reading, since headers can lie.
 */
public record ImportLimits(long maxArchiveBytes, int maxEntries, long maxTotalBytes, long maxImageBytes, long maxManifestBytes,
                           int maxTurns) {
    public ImportLimits {
        if (maxArchiveBytes <= 0 || maxEntries <= 0 || maxTotalBytes <= 0 || maxImageBytes <= 0 || maxManifestBytes <= 0 || maxTurns <= 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }

    /**
     * Limits for archives up to {@code maxArchiveBytes} whose images are each at most {@code maxImageBytes}
     * (the upload limit): images are compressed already, so an honest archive unpacks to about its own size,
     * and twice that is room enough.
     */
    public static ImportLimits of(long maxArchiveBytes, long maxImageBytes) {
        return new ImportLimits(maxArchiveBytes, 2_000, 2 * maxArchiveBytes, maxImageBytes, 4L * 1024 * 1024, 500);
    }
}
