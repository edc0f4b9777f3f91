package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.S3Connection;
import dev.kontextbot.store.S3ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/** The image store {@code images.store} names: the directory under the data directory, or the S3 bucket. */
final class ImageStoreWiring {
    private static final Logger log = LoggerFactory.getLogger(ImageStoreWiring.class);

    private ImageStoreWiring() {
    }

    /** An S3 bucket that is missing, refuses the credentials or cannot be reached stops the start with one line. */
    static ImageStore build(AppConfig.Images config, Path imagesDir, Database database, Clock clock) {
        if (!config.usesS3()) {
            return new FileImageStore(imagesDir, database.dsl(), clock);
        }
        S3Connection s3 = S3Connection.open(config.s3().settings());
        try {
            s3.verify();
        } catch (IllegalStateException e) {
            s3.close();
            throw new StartupException(e.getMessage(), e);
        }
        log.info("images are stored in the {}", s3.settings().where());
        return new S3ImageStore(s3, database.dsl(), clock);
    }
}
