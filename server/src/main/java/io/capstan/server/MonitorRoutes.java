package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.MonitorService;
import io.capstan.monitoring.monitor.StoredMonitor;
import io.capstan.monitoring.monitor.WindowReport;
import io.capstan.monitoring.monitor.WindowResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Monitors over REST, under {@code /api/capstan} (docs/monitoring.md): {@code monitors} (create or
 * replace, list, get, delete), their {@code windows} (list, one with its full drift result, its HTML
 * report, evaluate now), and {@code ground-truth}. Errors are {@code {"error_code","message"}}.
 */
public final class MonitorRoutes {
    static final String BASE = "/api/capstan/monitors";

    /** What a window's HTML report may do in a browser: show itself, nothing else. */
    static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    private final MonitorService monitors;

    public MonitorRoutes(MonitorService monitors) {
        this.monitors = java.util.Objects.requireNonNull(monitors, "monitors is null");
    }

    public void register(Router router) {
        router.add("POST", BASE, ex -> ex.json(wrap(monitors.put(MonitorJson.spec(ex.input().node())))));
        router.add("GET", BASE, ex -> {
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("monitors");
            for (StoredMonitor m : monitors.list()) {
                list.add(json(m));
            }
            ex.json(body);
        });
        router.add("GET", BASE + "/{name}", ex -> ex.json(wrap(monitors.get(ex.pathParam("name")))));
        router.add("DELETE", BASE + "/{name}", ex -> {
            monitors.delete(ex.pathParam("name"));
            ex.empty();
        });
        router.add("GET", BASE + "/{name}/windows", this::windows);
        router.add("GET", BASE + "/{name}/windows/{start}", ex -> {
            String name = ex.pathParam("name");
            Instant start = start(ex.pathParam("start"));
            WindowResult window = monitors.window(name, start);
            WindowReport report = monitors.report(name, start);
            ObjectNode summary = MonitorJson.summary(window);
            if (report.present()) {
                summary.set("drift", MonitorJson.parse(report.driftJson()));
            } else {
                summary.putNull("drift");
            }
            ObjectNode body = Exchange.object();
            body.set("window", summary);
            ex.json(body);
        });
        router.add("GET", BASE + "/{name}/windows/{start}/report.html", ex -> {
            String name = ex.pathParam("name");
            Instant start = start(ex.pathParam("start"));
            WindowReport report = monitors.report(name, start);
            if (!report.present()) {
                throw CapstanException.notFound("Window %s of monitor '%s' was not tested (%s), so it has no report",
                        start, name, monitors.window(name, start).status().id());
            }
            ex.responseHeader("Content-Security-Policy", REPORT_POLICY);
            ex.responseHeader("X-Content-Type-Options", "nosniff");
            ex.bytes(200, "text/html; charset=utf-8", report.html().getBytes(StandardCharsets.UTF_8));
        });
        router.add("POST", BASE + "/{name}/evaluate", ex -> {
            String name = ex.pathParam("name");
            var input = ex.input();
            List<WindowResult> done = input.node() != null && input.has("window_start")
                    ? List.of(monitors.evaluate(name, start(input.requiredString("window_start"))))
                    : monitors.evaluateDue(name);
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("windows");
            done.forEach(w -> list.add(MonitorJson.summary(w)));
            ex.json(body);
        });
        router.add("POST", "/api/capstan/ground-truth", ex -> {
            int accepted = monitors.postGroundTruth(MonitorJson.groundTruth(ex.input().node()));
            ObjectNode body = Exchange.object();
            body.put("accepted", accepted);
            ex.json(body);
        });
    }

    private void windows(Exchange ex) throws IOException {
        Map<String, List<String>> query = ex.query();
        Instant from = query.containsKey("from") ? MonitorJson.instant(first(query, "from"), "from") : Instant.EPOCH;
        Instant to = query.containsKey("to") ? MonitorJson.instant(first(query, "to"), "to") : Instant.MAX;
        int max = 100;
        if (query.containsKey("max_results")) {
            try {
                max = Integer.parseInt(first(query, "max_results"));
            } catch (NumberFormatException e) {
                throw CapstanException.invalid("'max_results' must be a whole number, got '%s'", first(query, "max_results"));
            }
        }
        Page<WindowResult> page = monitors.windows(ex.pathParam("name"), from, to, max,
                query.containsKey("page_token") ? first(query, "page_token") : null);
        ObjectNode body = Exchange.object();
        ArrayNode list = body.putArray("windows");
        page.items().forEach(w -> list.add(MonitorJson.summary(w)));
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static Instant start(String text) {
        return MonitorJson.instant(text, "window_start");
    }

    private ObjectNode wrap(StoredMonitor monitor) {
        ObjectNode body = Exchange.object();
        body.set("monitor", json(monitor));
        return body;
    }

    private ObjectNode json(StoredMonitor monitor) {
        String name = monitor.spec().name();
        return MonitorJson.json(monitor, monitors.latestWindow(name).orElse(null),
                monitors.latestTestedWindow(name).orElse(null));
    }
}
