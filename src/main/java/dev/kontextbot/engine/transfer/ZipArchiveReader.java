package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.Rejected;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An uploaded archive, spooled to a temporary file (so it can be read twice: checked, then stored) and opened by
 * its central directory. Refuses what is not a zip, names that could point outside it, too many entries and sizes
 * over the limits, before the entries are read and again while they are.
 */
final class ZipArchiveReader implements AutoCloseable {
    /** manifest.json, the images/ folder and flat file names in it: nothing else is ever written or read. */
    static final Pattern ALLOWED = Pattern.compile("manifest\\.json|images/|images/[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    private static final long MB = 1024 * 1024;

    private final Path file;
    private final ZipFile zip;
    private final ImportLimits limits;
    private long readInPass;

    private ZipArchiveReader(Path file, ZipFile zip, ImportLimits limits) {
        this.file = file;
        this.zip = zip;
        this.limits = limits;
    }

    static ZipArchiveReader open(InputStream upload, ImportLimits limits) throws IOException {
        Path file = Files.createTempFile("kontext-import-", ".zip");
        ZipFile zip = null;
        try {
            spool(upload, file, limits.maxArchiveBytes());
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw ArchiveRejection.invalid("That file is not a zip archive. Import a .zip exported from kontext-bot.", new Rejected.ArchiveNotZip());
            }
            ZipArchiveReader reader = new ZipArchiveReader(file, zip, limits);
            reader.checkEntries();
            return reader;
        } catch (IOException | RuntimeException e) {
            if (zip != null) {
                zip.close();
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static void spool(InputStream upload, Path file, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = upload.read(buffer); n >= 0; n = upload.read(buffer)) {
                total += n;
                if (total > max) {
                    throw ArchiveRejection.tooLarge("The archive is larger than " + megabytes(max) + " MB, the most that can be imported.",
                            new Rejected.ArchiveTooLarge(max));
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private void checkEntries() {
        if (zip.size() > limits.maxEntries()) {
            throw ArchiveRejection.tooLarge("The archive has " + zip.size() + " entries; at most " + limits.maxEntries() + " can be imported.",
                    new Rejected.ArchiveTooManyEntries(zip.size(), limits.maxEntries()));
        }
        Set<String> names = new HashSet<>();
        long declared = 0;
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (escapes(name)) {
                throw ArchiveRejection.invalid("The archive has an entry named '" + printable(name)
                        + "' that points outside the archive; it was refused.", new Rejected.ArchiveEntryEscapes(printable(name)));
            }
            if (!ALLOWED.matcher(name).matches()) {
                throw ArchiveRejection.invalid("The archive has an unexpected entry '" + printable(name)
                        + "': a session archive holds manifest.json and images/ only.", new Rejected.ArchiveUnexpectedEntry(printable(name)));
            }
            if (!names.add(name)) {
                throw ArchiveRejection.invalid("The archive has two entries named '" + name + "'.", new Rejected.ArchiveDuplicateEntry(name));
            }
            long cap = cap(name);
            if (entry.getSize() > cap) {
                throw ArchiveRejection.tooLarge(name + " unpacks to " + megabytes(entry.getSize()) + " MB; the limit is " + megabytes(cap) + " MB.",
                        new Rejected.ArchiveEntryTooLarge(name, entry.getSize(), cap));
            }
            declared += Math.max(entry.getSize(), 0);
        }
        if (declared > limits.maxTotalBytes()) {
            throw ArchiveRejection.tooLarge("The archive unpacks to " + megabytes(declared) + " MB; the limit is "
                    + megabytes(limits.maxTotalBytes()) + " MB.", new Rejected.ArchiveUnpacksTooLarge(declared, limits.maxTotalBytes()));
        }
    }

    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /** Starts another reading of the entries: the total limit applies to each. */
    void newPass() {
        readInPass = 0;
    }

    /** The entry's bytes, read no further than its limit whatever its header says. */
    byte[] read(String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw ArchiveRejection.invalid("The archive has no " + name + ".", new Rejected.ArchiveMissingEntry(name));
        }
        long cap = cap(name);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > cap) {
                throw ArchiveRejection.tooLarge(name + " is larger than " + megabytes(cap) + " MB.", new Rejected.ArchiveEntryOverLimit(name, cap));
            }
            readInPass += bytes.length;
            if (readInPass > limits.maxTotalBytes()) {
                throw ArchiveRejection.tooLarge("The archive unpacks to more than " + megabytes(limits.maxTotalBytes()) + " MB.",
                        new Rejected.ArchiveUnpacksOverLimit(limits.maxTotalBytes()));
            }
            return bytes;
        } catch (ZipException | java.io.EOFException e) {
            throw ArchiveRejection.invalid("The archive is damaged: " + name + " cannot be read (" + e.getMessage() + ").",
                    new Rejected.ArchiveDamaged(name, String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the spooled archive " + file, e);
        }
    }

    private long cap(String name) {
        return name.equals(ArchiveManifest.FILE) ? limits.maxManifestBytes() : limits.maxImageBytes();
    }

    /** Absolute paths, drive letters, backslashes and parent steps: a name that could land outside a folder it is unpacked in. */
    static boolean escapes(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf(':') >= 0 || name.indexOf('\0') >= 0) {
            return true;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MB);
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
