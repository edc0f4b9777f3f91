# Build: the same Maven build as README's run command, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY db db
COPY config config
COPY src src
RUN mvn -B -q -DskipTests package

# Run: a slim JRE, a non-root user, data on a volume.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app kontext \
    && mkdir -p /app/config /data && chown -R kontext /app /data
WORKDIR /app
COPY --from=build /src/target/kontext-bot.jar /app/kontext-bot.jar
COPY config/application.yaml /app/config/application.yaml
USER kontext
# Listening on all interfaces requires KONTEXT_HTTP_TOKEN (docker run -e KONTEXT_HTTP_TOKEN=…).
ENV KONTEXT_DATA_DIR=/data \
    KONTEXT_HTTP_HOST=0.0.0.0 \
    KONTEXT_HTTP_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/kontext-bot.jar"]
