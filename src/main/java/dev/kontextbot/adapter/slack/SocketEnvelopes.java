package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * One Socket Mode envelope through the Bolt app, and the acknowledgement Slack expects back: the envelope's id, with
 * the handler's answer as its payload when there is one (a slash command's immediate reply), as Bolt's own
 * SocketModeApp builds it.
 */
final class SocketEnvelopes implements SlackSockets.Handler {
    private static final Logger log = LoggerFactory.getLogger(SocketEnvelopes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final App app;
    private final SocketModeRequestParser parser;

    SocketEnvelopes(App app) {
        this.app = app;
        this.parser = new SocketModeRequestParser(app.config());
    }

    @Override
    public Optional<String> handle(String envelope) throws Exception {
        SocketModeRequest request = parser.parse(envelope);
        if (request == null) {
            return Optional.empty();
        }
        Response response = app.run(request.getBoltRequest());
        String id = request.getEnvelope().getEnvelopeId();
        if (response.getStatusCode() != 200) {
            log.warn("the Slack app answered envelope {} with status {}; it is not acknowledged", id, response.getStatusCode());
            return Optional.empty();
        }
        ObjectNode ack = JSON.createObjectNode().put("envelope_id", id);
        String body = response.getBody();
        if (body != null && !body.isEmpty()) {
            if (response.getContentType() != null && response.getContentType().startsWith("application/json")) {
                ack.set("payload", JSON.readTree(body));
            } else {
                ack.putObject("payload").put("text", body);
            }
        }
        return Optional.of(JSON.writeValueAsString(ack));
    }
}
