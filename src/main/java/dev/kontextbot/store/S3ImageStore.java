package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.ImageStoreUnavailable;
import org.jooq.DSLContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Images as objects named by their sha-256, {@code <prefix>ab/cd/<sha>} as {@link FileImageStore} names its files, in
 * one bucket that every instance reads and writes; their type and size are in the database's image rows (shared by
 * the instances too), and on the object as its Content-Type and {@code x-amz-meta-width}/{@code -height}.
 * <p>
 * An object is written once: a put first asks whether it is there. Two instances that put the same bytes at the same
 * moment may both upload them; since a key names its content, the second upload writes what is already there, and a
 * reader in between sees one whole object or the other (S3 replaces objects atomically).
 * <p>
 * A store that cannot be reached, or answers with anything but the object or "no such key", is
 * {@link ImageStoreUnavailable}: the engine treats it like a database that is away.
 */
public final class S3ImageStore implements ImageStore {
    private final S3Connection s3;
    private final ImageRows rows;

    public S3ImageStore(S3Connection s3, DSLContext dsl, Clock clock) {
        this.s3 = s3;
        this.rows = new ImageRows(dsl, clock);
    }

    @Override
    public StoredImage put(byte[] bytes, String mime, int width, int height) {
        ImageId id = ImageRows.idOf(bytes);
        String key = keyOf(id);
        try {
            if (!exists(key)) {
                s3.client().putObject(PutObjectRequest.builder().bucket(s3.settings().bucket()).key(key)
                        .contentType(mime).contentLength((long) bytes.length)
                        .metadata(Map.of("width", Integer.toString(width), "height", Integer.toString(height)))
                        .build(), RequestBody.fromBytes(bytes));
            }
        } catch (SdkException e) {
            throw unavailable("storing image " + id, e);
        }
        return rows.record(id, mime, width, height, bytes.length);
    }

    private boolean exists(String key) {
        try {
            s3.client().headObject(HeadObjectRequest.builder().bucket(s3.settings().bucket()).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD has no body, so S3 cannot say NoSuchKey: a bare 404 means the same.
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredImage> find(ImageId id) {
        return rows.find(id);
    }

    @Override
    public byte[] read(ImageId id) throws IOException {
        try (InputStream in = open(id)) {
            return in.readAllBytes();
        } catch (NoSuchFileException | ImageStoreUnavailable e) {
            throw e;
        } catch (IOException e) {
            // The object is there (its response began): a body cut off midway is the store going away, not a lost image.
            throw new ImageStoreUnavailable("reading image " + id + " failed: the image " + s3.settings().where()
                    + " stopped answering midway", e);
        }
    }

    @Override
    public InputStream open(ImageId id) throws IOException {
        String key = keyOf(id);
        try {
            return s3.client().getObject(GetObjectRequest.builder().bucket(s3.settings().bucket()).key(key).build());
        } catch (NoSuchKeyException e) {
            throw missing(id, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(id, e);
            }
            throw unavailable("reading image " + id, e);
        } catch (SdkException e) {
            throw unavailable("reading image " + id, e);
        }
    }

    /** Signed with this instance's credentials; the signature carries its expiry, so no call is made here. */
    @Override
    public Optional<URI> presignedUrl(ImageId id, Duration validFor) {
        try {
            return Optional.of(s3.presigner().presignGetObject(request -> request.signatureDuration(validFor)
                    .getObjectRequest(get -> get.bucket(s3.settings().bucket()).key(keyOf(id)))).url().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the SDK signed an invalid URL for image " + id, e);
        }
    }

    @Override
    public void probe() {
        try {
            s3.client().headBucket(head -> head.bucket(s3.settings().bucket()));
        } catch (SdkException e) {
            throw unavailable("looking at the bucket", e);
        }
    }

    /** The object's key in the bucket: {@code <prefix>ab/cd/<sha-256>}. */
    public String keyOf(ImageId id) {
        return s3.settings().prefix() + String.join("/", ImageRows.segments(id));
    }

    private NoSuchFileException missing(ImageId id, SdkException e) {
        NoSuchFileException missing = new NoSuchFileException("image " + id + " is not in the " + s3.settings().where());
        missing.initCause(e);
        return missing;
    }

    private ImageStoreUnavailable unavailable(String what, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? "HTTP " + s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode()
                : String.valueOf(e.getMessage()).split("\n")[0];
        return new ImageStoreUnavailable(what + " failed: the image " + s3.settings().where() + " is unavailable (" + reason + ")",
                new IOException(e));
    }
}
