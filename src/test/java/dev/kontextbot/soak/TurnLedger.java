package dev.kontextbot.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every turn as the database holds it, read straight from the soak's PostgreSQL: the ground truth after the run. */
final class TurnLedger {
    private static final Pattern MARKER = Pattern.compile("soak-[dsa]-\\d+");

    /** {@code marker}: the soak's name for the request that started the turn (in its prompt). */
    record Row(long id, String marker, String status, String errorCode, String errorMessage, String providerJob, Instant created,
               Instant finished) {
        boolean isFinal() {
            return !status.equals("queued") && !status.equals("running");
        }

        /** Ended for a reason of ours that the engine could not name: what "Something went wrong on our side" is stored as. */
        boolean internalError() {
            return status.equals("failed") && "provider_error".equals(errorCode);
        }

        String outcome() {
            return errorCode == null || status.equals("done") ? status : status + " (" + errorCode + ")";
        }
    }

    private final String url;

    TurnLedger(String url) {
        this.url = url;
    }

    List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, PrivatePostgres.USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, prompt, status, error_code, error_message, provider_job, created_at, finished_at"
                     + " FROM turn ORDER BY id")) {
            while (r.next()) {
                rows.add(new Row(r.getLong("id"), markerOf(r.getString("prompt")), r.getString("status").toLowerCase(java.util.Locale.ROOT),
                        r.getString("error_code"), r.getString("error_message"), r.getString("provider_job"),
                        instant(r.getObject("created_at", OffsetDateTime.class)), instant(r.getObject("finished_at", OffsetDateTime.class))));
            }
        }
        return rows;
    }

    /** The soak's name for a request ({@code soak-d-12}) in a prompt, or the prompt itself when it has none. */
    static String markerOf(String prompt) {
        Matcher marker = MARKER.matcher(prompt);
        return marker.find() ? marker.group() : prompt;
    }

    private static Instant instant(OffsetDateTime time) {
        return Optional.ofNullable(time).map(OffsetDateTime::toInstant).orElse(null);
    }
}
