package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.JobProgress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest progress of each running turn, as the engine reports it, for the JSON the playground polls: the page
 * asks every second or so, so it shows the newest value and needs no throttle. Forgotten when the turn ends.
 */
final class RunningProgress implements TurnListener {
    private final Map<Long, JobProgress> latest = new ConcurrentHashMap<>();

    @Override
    public void onProgress(Turn turn, JobProgress progress, Duration elapsed) {
        latest.put(turn.id(), progress);
    }

    @Override
    public void onDone(Turn turn, List<Variant> variants) {
        latest.remove(turn.id());
    }

    @Override
    public void onFailed(Turn turn) {
        latest.remove(turn.id());
    }

    Optional<JobProgress> of(long turnId) {
        return Optional.ofNullable(latest.get(turnId));
    }

    /**
     * {@code {stage, text, percent?, step?, steps?, service?, position?}}: what is known, nothing guessed; {@code text}
     * is the chat platforms' wording of it, in the reader's language.
     */
    static Map<String, Object> json(Words words, JobProgress progress) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (progress instanceof JobProgress.Queued queued) {
            json.put("stage", "queued");
            json.put("service", queued.service());
            queued.position().ifPresent(position -> json.put("position", position));
        } else if (progress instanceof JobProgress.Generating generating) {
            json.put("stage", "generating");
            generating.percent().ifPresent(percent -> json.put("percent", percent));
            generating.steps().ifPresent(steps -> {
                json.put("step", steps.done());
                json.put("steps", steps.total());
            });
        } else if (progress instanceof JobProgress.Submitted) {
            json.put("stage", "submitted");
        } else {
            throw new IllegalStateException("unknown progress " + progress);
        }
        json.put("text", TurnDescriptions.progress(words, progress).words());
        return json;
    }
}
