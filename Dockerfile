# Build: the same Maven build as README's run command, tests skipped (CI runs them).
# .dockerignore keeps target/ and data/ (people's images and the database) out of the build context.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY db db
COPY config config
COPY src src
RUN mvn -B -q -DskipTests package

# Run: a slim JRE, a non-root user (uid 10001), data on a volume.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app kontext \
    && mkdir -p /app/config /data && chown -R kontext /app /data
WORKDIR /app
COPY --from=build /src/target/kontext-bot.jar /app/kontext-bot.jar
COPY config/application.yaml /app/config/application.yaml
# Class archive (AppCDS): a training run of the bot's own start (throwaway data, offline editor, no tokens: no network)
# writes the classes it loaded, already parsed and verified, to /app/kontext-bot.jsa; the ENTRYPOINT maps it instead of
# reading them from the 70 MB jar at each start (docs/benchmark.md, "Cold start"). The ENTRYPOINT's flags, made here by
# this image's JVM from this jar (the archive holds to both); the benchmark runs this line on its own jar.
RUN ["java", "-XX:ArchiveClassesAtExit=/app/kontext-bot.jsa", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m", "-cp", "/app/kontext-bot.jar", "dev.kontextbot.app.ClassArchiveTraining"]
USER 10001
# Listening on all interfaces requires KONTEXT_HTTP_TOKEN (docker run -e KONTEXT_HTTP_TOKEN=…).
# MALLOC_ARENA_MAX: glibc gives each busy thread a malloc arena of its own (64 MB reserved each); two keep the
# native memory of the HTTP, database and image threads from growing with their number (docs/benchmark.md).
ENV KONTEXT_DATA_DIR=/data \
    KONTEXT_HTTP_HOST=0.0.0.0 \
    KONTEXT_HTTP_PORT=8080 \
    MALLOC_ARENA_MAX=2
# A bind-mounted host folder must be writable by uid 10001 (docs/operations.md): chown 10001 ./data on the host.
VOLUME ["/data"]
EXPOSE 8080
# No curl in this image: a second, small JVM asks /healthz (200, or 503 when a configured connection is down).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx24m", "-Xshare:auto", "-cp", "/app/kontext-bot.jar", "dev.kontextbot.app.HealthProbe"]
# Memory for a 1 GB container (docs/benchmark.md, "Memory"): half of it heap, the serial collector (no per-core
# GC threads or remembered sets; pauses stay short at this heap size), caps on class metadata and compiled code.
# The benchmark runs its memory figures with exactly these flags.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/kontext-bot.jsa", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m", "-jar", "/app/kontext-bot.jar"]
