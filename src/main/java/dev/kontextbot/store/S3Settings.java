package dev.kontextbot.store;

import java.net.URI;
import java.util.Optional;

/**
 * Where images go in an S3-compatible object store. {@code endpoint}: empty for AWS S3 itself; set (MinIO, R2, Ceph,
 * S3Proxy…) it is used with path-style addresses ({@code endpoint/bucket/key}), which every such server understands.
 * {@code prefix}: put before every key, so one bucket can hold several deployments' images.
 */
public record S3Settings(String bucket, String endpoint, String region, String prefix) {
    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 image store needs a bucket");
        }
        bucket = bucket.trim();
        endpoint = endpoint == null ? "" : endpoint.trim().replaceAll("/+$", "");
        region = region == null || region.isBlank() ? "us-east-1" : region.trim();
        String trimmed = prefix == null ? "" : prefix.trim().replaceAll("^/+|/+$", "");
        prefix = trimmed.isEmpty() ? "" : trimmed + "/";
    }

    public Optional<URI> endpointUri() {
        return endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    /** For messages and logs: the bucket and where it is, never a credential. */
    public String where() {
        return "bucket '" + bucket + "' at " + (endpoint.isEmpty() ? "AWS S3 (" + region + ")" : endpoint);
    }
}
