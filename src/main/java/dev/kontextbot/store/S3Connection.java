package dev.kontextbot.store;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;

/**
 * An S3 client and presigner for one bucket, with credentials from the SDK's default chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, an instance role…). Calls go over the JDK's HttpURLConnection, which keeps no
 * threads of its own: nothing to stop when the process ends.
 */
public record S3Connection(S3Client client, S3Presigner presigner, S3Settings settings, AwsCredentialsProvider credentials)
        implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    public static S3Connection open(S3Settings settings) {
        return open(settings, DefaultCredentialsProvider.builder().build());
    }

    public static S3Connection open(S3Settings settings, AwsCredentialsProvider credentials) {
        // Path-style addresses for every endpoint but AWS's own; and checksums only where S3 requires them, because
        // several S3-compatible servers refuse the SDK's default trailing checksums on uploads.
        S3Configuration service = S3Configuration.builder().pathStyleAccessEnabled(settings.endpointUri().isPresent()).build();
        var client = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT).build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(service)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presigner = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(service);
        settings.endpointUri().ifPresent(uri -> {
            client.endpointOverride(uri);
            presigner.endpointOverride(uri);
        });
        return new S3Connection(client.build(), presigner.build(), settings, credentials);
    }

    /**
     * At start: the credentials are there, the endpoint answers and the bucket exists and lets them in; else one line
     * that names the bucket and the endpoint (never a credential) and what to do.
     */
    public void verify() {
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException("no credentials for the image " + settings.where()
                    + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or another source of the AWS SDK's default chain)", e);
        }
        try {
            client.headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
        } catch (S3Exception e) {
            throw new IllegalStateException(switch (e.statusCode()) {
                case 404 -> "the image " + settings.where() + " does not exist: create it, or set KONTEXT_S3_BUCKET";
                case 301, 400 -> "the image " + settings.where() + " is in another region: set KONTEXT_S3_REGION";
                case 401, 403 -> "the image " + settings.where() + " refuses the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
                default -> "the image " + settings.where() + " answers HTTP " + e.statusCode();
            }, e);
        } catch (SdkClientException e) {
            throw new IllegalStateException("the image " + settings.where() + " cannot be reached (check KONTEXT_S3_ENDPOINT): "
                    + String.valueOf(e.getMessage()).split("\n")[0], e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
