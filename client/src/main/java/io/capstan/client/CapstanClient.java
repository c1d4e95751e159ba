package io.capstan.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.protocol.Json;
import io.capstan.protocol.MlflowRoutes;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Reads a running Capstan (or MLflow) server over MLflow's REST API: experiments, runs, metric
 * histories, registered models and model versions.
 *
 * <p>Objects come back as the server sent them ({@link JsonNode}s such as
 * {@code {"experiment_id": "1", "name": "churn", ...}}); searches return one {@link Page} of them
 * (walk further pages with {@link Pages#collect}). Searches always send a page size, as MLflow's
 * Python client does: MLflow rejects an experiment search without one.
 *
 * <p>Thread-safe. Arguments must not be null unless documented otherwise.
 *
 * <p>Every call throws {@link CapstanClientException} when the server answers with an error,
 * {@link ServerUnreachableException} when it does not answer, and {@link CapstanException}
 * (INVALID_PARAMETER_VALUE) for a bad argument, before anything is sent.
 */
public final class CapstanClient implements AutoCloseable {
    /** The page size of experiment searches when a query gives none (MLflow's client default). */
    public static final int DEFAULT_EXPERIMENTS_PAGE_SIZE = 1000;
    /** The page size of run searches when a query gives none (MLflow's client default). */
    public static final int DEFAULT_RUNS_PAGE_SIZE = 1000;
    /** The page size of registered-model searches when a query gives none (MLflow's client default). */
    public static final int DEFAULT_REGISTERED_MODELS_PAGE_SIZE = 100;
    /** The page size of model-version searches when a query gives none (MLflow's client default). */
    public static final int DEFAULT_MODEL_VERSIONS_PAGE_SIZE = 10_000;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A model file can be large; its download gets longer than an API call. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final int QUOTED_BODY_CHARS = 200;

    private final URI trackingUri;
    private final String apiBase;
    private final HttpClient http;
    private final String proxyBase;
    private final String capstanBase;
    private final boolean ownsHttp;
    private final Duration requestTimeout;

    /**
     * A client with its own HTTP client (10 s to connect, 60 s per request), closed by {@link #close()}.
     *
     * @param trackingUri the server, such as {@code http://127.0.0.1:5000}, optionally with a path
     *     prefix ({@code https://host/mlflow})
     * @throws CapstanException INVALID_PARAMETER_VALUE when the URI is not an absolute http(s) URL
     */
    public CapstanClient(URI trackingUri) {
        this(trackingUri, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).build(), REQUEST_TIMEOUT, true);
    }

    /**
     * A client over the caller's HTTP client, which {@link #close()} leaves open.
     *
     * @param trackingUri as for {@link #CapstanClient(URI)}
     * @param http the HTTP client to send requests with
     * @param requestTimeout how long to wait for each answer
     * @throws CapstanException INVALID_PARAMETER_VALUE when the URI is not an absolute http(s) URL
     */
    public CapstanClient(URI trackingUri, HttpClient http, Duration requestTimeout) {
        this(trackingUri, http, requestTimeout, false);
    }

    private CapstanClient(URI trackingUri, HttpClient http, Duration requestTimeout, boolean ownsHttp) {
        Objects.requireNonNull(trackingUri, "trackingUri is null");
        String scheme = trackingUri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || trackingUri.getHost() == null) {
            throw CapstanException.invalid("Tracking URI must be an http(s) URL such as http://127.0.0.1:5000, got '%s'",
                    trackingUri);
        }
        String text = trackingUri.toString();
        this.trackingUri = trackingUri;
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.apiBase = base + MlflowRoutes.API;
        this.proxyBase = base + MlflowRoutes.ARTIFACTS_API;
        this.capstanBase = base + "/api/capstan";
        this.http = Objects.requireNonNull(http, "http is null");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout is null");
        this.ownsHttp = ownsHttp;
    }

    /** The server this client talks to. */
    public URI trackingUri() {
        return trackingUri;
    }

    /**
     * One page of experiments ({@code POST /experiments/search}).
     *
     * @param view which lifecycle stages to include
     */
    public Page<JsonNode> searchExperiments(SearchQuery query, ViewType view) {
        ObjectNode body = searchBody(query, DEFAULT_EXPERIMENTS_PAGE_SIZE);
        body.put("view_type", view.name());
        return page(post(MlflowRoutes.EXPERIMENTS_SEARCH, body), "experiments");
    }

    /**
     * One experiment by id ({@code GET /experiments/get}).
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such experiment
     */
    public JsonNode getExperiment(String experimentId) {
        return member(get(MlflowRoutes.EXPERIMENTS_GET, new Query().add("experiment_id", experimentId)), "experiment");
    }

    /**
     * One experiment by name ({@code GET /experiments/get-by-name}), deleted ones included.
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such experiment
     */
    public JsonNode getExperimentByName(String name) {
        return member(get(MlflowRoutes.EXPERIMENTS_GET_BY_NAME, new Query().add("experiment_name", name)), "experiment");
    }

    /**
     * One page of runs of some experiments ({@code POST /runs/search}).
     *
     * @param experimentIds the experiments to search; MLflow finds nothing when empty
     * @param view which lifecycle stages to include
     */
    public Page<JsonNode> searchRuns(List<String> experimentIds, SearchQuery query, ViewType view) {
        ObjectNode body = searchBody(query, DEFAULT_RUNS_PAGE_SIZE);
        ArrayNode ids = body.putArray("experiment_ids");
        List.copyOf(experimentIds).forEach(ids::add);
        body.put("run_view_type", view.name());
        return page(post(MlflowRoutes.RUNS_SEARCH, body), "runs");
    }

    /**
     * One run with its info, data (latest metrics, params, tags), inputs and outputs
     * ({@code GET /runs/get}).
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such run
     */
    public JsonNode getRun(String runId) {
        return member(get(MlflowRoutes.RUNS_GET, new Query().add("run_id", runId)), "run");
    }

    /**
     * Every value logged for one metric of a run, following the server's pages
     * ({@code GET /metrics/get-history}).
     *
     * @return metric objects ({@code key, value, timestamp, step}) in the server's order
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such run
     */
    public List<JsonNode> metricHistory(String runId, String metricKey) {
        Query base = new Query().add("run_id", runId).add("metric_key", metricKey);
        return Pages.collect(token -> page(get(MlflowRoutes.METRICS_GET_HISTORY,
                token == null ? base : base.copy().add("page_token", token)), "metrics"), Integer.MAX_VALUE);
    }

    /** One page of registered models ({@code GET /registered-models/search}). */
    public Page<JsonNode> searchRegisteredModels(SearchQuery query) {
        return page(get(MlflowRoutes.REGISTERED_MODELS_SEARCH, searchQuery(query, DEFAULT_REGISTERED_MODELS_PAGE_SIZE)),
                "registered_models");
    }

    /**
     * One registered model with its latest versions, tags and aliases
     * ({@code GET /registered-models/get}).
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such model
     */
    public JsonNode getRegisteredModel(String name) {
        return member(get(MlflowRoutes.REGISTERED_MODELS_GET, new Query().add("name", name)), "registered_model");
    }

    /**
     * One page of model versions ({@code GET /model-versions/search}); filter by model with
     * {@code name='churn-model'}.
     */
    public Page<JsonNode> searchModelVersions(SearchQuery query) {
        return page(get(MlflowRoutes.MODEL_VERSIONS_SEARCH, searchQuery(query, DEFAULT_MODEL_VERSIONS_PAGE_SIZE)),
                "model_versions");
    }

    /**
     * One version of a registered model, with its aliases ({@code GET /model-versions/get}).
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such version
     */
    public JsonNode getModelVersion(String name, String version) {
        return member(get(MlflowRoutes.MODEL_VERSIONS_GET, new Query().add("name", name).add("version", version)),
                "model_version");
    }

    /**
     * The version an alias points at ({@code GET /registered-models/alias}).
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when there is no such alias
     */
    public JsonNode getModelVersionByAlias(String name, String alias) {
        return member(get(MlflowRoutes.REGISTERED_MODELS_ALIAS, new Query().add("name", name).add("alias", alias)),
                "model_version");
    }

    /**
     * The newest version of a registered model, what {@code models:/<name>/latest} means.
     *
     * @throws CapstanClientException RESOURCE_DOES_NOT_EXIST when the model has no versions
     */
    public JsonNode getLatestModelVersion(String name) {
        ObjectNode body = Json.mapper().createObjectNode().put("name", name);
        JsonNode answer = post(MlflowRoutes.REGISTERED_MODELS_GET_LATEST_VERSIONS, body);
        JsonNode newest = null;
        for (JsonNode version : answer.path("model_versions")) {
            if (newest == null || version.path("version").asLong() > newest.path("version").asLong()) {
                newest = version;
            }
        }
        if (newest == null) {
            throw new CapstanClientException(404, "RESOURCE_DOES_NOT_EXIST",
                    "Registered model '" + name + "' has no versions");
        }
        return newest;
    }

    /** Where a model version's files are ({@code GET /model-versions/get-download-uri}). */
    public String getModelVersionDownloadUri(String name, String version) {
        JsonNode uri = get(MlflowRoutes.MODEL_VERSIONS_GET_DOWNLOAD_URI,
                new Query().add("name", name).add("version", version)).path("artifact_uri");
        if (!uri.isTextual() || uri.asText().isEmpty()) {
            throw new CapstanClientException(200, "INTERNAL_ERROR",
                    "The server at " + trackingUri + " answered get-download-uri without 'artifact_uri'");
        }
        return uri.asText();
    }

    /** An MLflow 3 logged model ({@code GET /logged-models/<id>}): its {@code info} and {@code data}. */
    public JsonNode getLoggedModel(String modelId) {
        return member(get(MlflowRoutes.LOGGED_MODELS + "/" + encodeSegment(modelId), new Query()), "model");
    }

    /**
     * The files directly under {@code path} in the server's artifact proxy
     * ({@code GET /api/2.0/mlflow-artifacts/artifacts?path=}): {@code path}, {@code is_dir},
     * {@code file_size} each, paths relative to {@code path}.
     */
    public List<JsonNode> listProxiedArtifacts(String path) {
        String url = proxyBase + MlflowRoutes.PROXY_ARTIFACTS + "?" + new Query().add("path", path).encoded();
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(url)).GET(),
                "GET " + MlflowRoutes.ARTIFACTS_API + MlflowRoutes.PROXY_ARTIFACTS);
        List<JsonNode> files = new ArrayList<>();
        answer.path("files").forEach(files::add);
        return files;
    }

    /**
     * Downloads one file from the artifact proxy into {@code target} (written to a temporary
     * sibling, then renamed).
     */
    public void downloadProxiedArtifact(String path, java.nio.file.Path target) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                encoded.append('/').append(encodeSegment(segment));
            }
        }
        String url = proxyBase + MlflowRoutes.PROXY_ARTIFACTS + encoded;
        java.nio.file.Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<java.nio.file.Path> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                String body = java.nio.file.Files.readString(partial, StandardCharsets.UTF_8);
                java.nio.file.Files.deleteIfExists(partial);
                JsonNode parsed = parse(body);
                throw new CapstanClientException(response.statusCode(),
                        parsed != null && parsed.path("error_code").isTextual() ? parsed.path("error_code").asText()
                                : CapstanClientException.errorCodeForStatus(response.statusCode()),
                        "Downloading artifact '" + path + "' failed with HTTP " + response.statusCode() + ": "
                                + quote(body));
            }
            java.nio.file.Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServerUnreachableException(trackingUri, reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(trackingUri, "interrupted while downloading", e);
        }
    }

    /** Every deployment with its status ({@code GET /api/capstan/deployments}). */
    public List<JsonNode> listDeployments() {
        List<JsonNode> list = new ArrayList<>();
        send(HttpRequest.newBuilder(URI.create(capstanBase + "/deployments")).GET(), "GET /api/capstan/deployments")
                .path("deployments").forEach(list::add);
        return list;
    }

    /** One deployment's spec, weights in force, windows and events. */
    public JsonNode getDeployment(String name) {
        return member(send(HttpRequest.newBuilder(URI.create(capstanBase + "/deployments/" + encodeSegment(name))).GET(),
                "GET /api/capstan/deployments/<name>"), "deployment");
    }

    /** Creates or replaces a deployment from its JSON spec; returns its status. */
    public JsonNode applyDeployment(ObjectNode spec) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a request body", e);
        }
        return member(send(HttpRequest.newBuilder(URI.create(capstanBase + "/deployments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)),
                "POST /api/capstan/deployments"), "deployment");
    }

    /** Removes a deployment. */
    public void deleteDeployment(String name) {
        send(HttpRequest.newBuilder(URI.create(capstanBase + "/deployments/" + encodeSegment(name))).DELETE(),
                "DELETE /api/capstan/deployments/<name>");
    }

    /** Every monitor with its newest window ({@code GET /api/capstan/monitors}). */
    public List<JsonNode> listMonitors() {
        return items(capstan("GET", "/monitors", null), "monitors");
    }

    /** One monitor's spec and newest window. */
    public JsonNode getMonitor(String name) {
        return member(capstan("GET", "/monitors/" + encodeSegment(name), null), "monitor");
    }

    /** Creates or replaces a monitor from its JSON spec. */
    public JsonNode applyMonitor(ObjectNode spec) {
        return member(capstan("POST", "/monitors", spec), "monitor");
    }

    /** Deletes a monitor and its windows. */
    public void deleteMonitor(String name) {
        capstan("DELETE", "/monitors/" + encodeSegment(name), null);
    }

    /** One page of a monitor's windows, newest first. */
    public Page<JsonNode> monitorWindows(String name, int maxResults, String pageToken) {
        Query query = new Query().add("max_results", Integer.toString(maxResults));
        if (pageToken != null) {
            query.add("page_token", pageToken);
        }
        return page(capstan("GET", "/monitors/" + encodeSegment(name) + "/windows?" + query.encoded(), null), "windows");
    }

    /** Evaluates one closed window now ({@code windowStart}), or every due window (null). */
    public List<JsonNode> evaluateMonitor(String name, String windowStart) {
        ObjectNode body = Json.mapper().createObjectNode();
        if (windowStart != null) {
            body.put("window_start", windowStart);
        }
        return items(capstan("POST", "/monitors/" + encodeSegment(name) + "/evaluate", body), "windows");
    }

    /** Every alert rule with its state. */
    public List<JsonNode> listAlerts() {
        return items(capstan("GET", "/alerts", null), "alerts");
    }

    /** One alert rule with its state. */
    public JsonNode getAlert(String name) {
        return member(capstan("GET", "/alerts/" + encodeSegment(name), null), "alert");
    }

    /** Creates or replaces an alert rule from its JSON spec. */
    public JsonNode applyAlert(ObjectNode spec) {
        return member(capstan("POST", "/alerts", spec), "alert");
    }

    /** Deletes an alert rule with its state and events. */
    public void deleteAlert(String name) {
        capstan("DELETE", "/alerts/" + encodeSegment(name), null);
    }

    /** An alert rule's events, newest first. */
    public List<JsonNode> alertEvents(String name, int maxResults) {
        return items(capstan("GET", "/alerts/" + encodeSegment(name) + "/events?max_results=" + maxResults, null),
                "events");
    }

    /** Sends an event's failed deliveries again; returns how many. */
    public int redeliverAlertEvent(String rule, String eventId) {
        return capstan("POST", "/alerts/" + encodeSegment(rule) + "/events/" + encodeSegment(eventId) + "/redeliver",
                Json.mapper().createObjectNode()).path("redelivered").asInt();
    }

    /** Retrain requests, newest first, of one status ({@code pending}, …) and monitor, or all (nulls). */
    public List<JsonNode> retrainRequests(String status, String monitor, int maxResults) {
        Query query = new Query().add("max_results", Integer.toString(maxResults));
        if (status != null) {
            query.add("status", status);
        }
        if (monitor != null) {
            query.add("monitor", monitor);
        }
        return items(capstan("GET", "/retrain-requests?" + query.encoded(), null), "retrain_requests");
    }

    /** Claims a pending retrain request for {@code worker}. */
    public JsonNode claimRetrainRequest(String id, String worker) {
        ObjectNode body = Json.mapper().createObjectNode().put("worker", worker);
        return member(capstan("POST", "/retrain-requests/" + encodeSegment(id) + "/claim", body), "retrain_request");
    }

    /** Completes a claimed retrain request with {@code succeeded} or {@code failed}. */
    public JsonNode completeRetrainRequest(String id, String status, String result) {
        ObjectNode body = Json.mapper().createObjectNode().put("status", status);
        if (result != null) {
            body.put("result", result);
        }
        return member(capstan("POST", "/retrain-requests/" + encodeSegment(id) + "/complete", body), "retrain_request");
    }

    private JsonNode capstan(String method, String route, ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(capstanBase + route));
        String endpoint = method + " /api/capstan" + route.replaceAll("\\?.*", "");
        if (body == null) {
            return send(request.method(method, HttpRequest.BodyPublishers.noBody()), endpoint);
        }
        try {
            return send(request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body), StandardCharsets.UTF_8)),
                    endpoint);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a request body", e);
        }
    }

    private static List<JsonNode> items(JsonNode answer, String field) {
        List<JsonNode> list = new ArrayList<>();
        answer.path(field).forEach(list::add);
        return list;
    }

    private static String encodeSegment(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Closes the HTTP client if this client created it. */
    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    private static ObjectNode searchBody(SearchQuery query, int defaultPageSize) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("max_results", query.maxResults() == null ? defaultPageSize : query.maxResults());
        if (query.filter() != null) {
            body.put("filter", query.filter());
        }
        if (!query.orderBy().isEmpty()) {
            ArrayNode orderBy = body.putArray("order_by");
            query.orderBy().forEach(orderBy::add);
        }
        if (query.pageToken() != null) {
            body.put("page_token", query.pageToken());
        }
        return body;
    }

    private static Query searchQuery(SearchQuery query, int defaultPageSize) {
        Query params = new Query().add("max_results",
                String.valueOf(query.maxResults() == null ? defaultPageSize : query.maxResults()));
        if (query.filter() != null) {
            params.add("filter", query.filter());
        }
        query.orderBy().forEach(clause -> params.add("order_by", clause));
        if (query.pageToken() != null) {
            params.add("page_token", query.pageToken());
        }
        return params;
    }

    private static Page<JsonNode> page(JsonNode answer, String itemsField) {
        // MLflow leaves out an empty list and the token of the last page
        List<JsonNode> items = new ArrayList<>();
        answer.path(itemsField).forEach(items::add);
        JsonNode token = answer.path("next_page_token");
        return new Page<>(items, token.isTextual() && !token.asText().isEmpty() ? token.asText() : null);
    }

    private JsonNode member(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isObject()) {
            throw new CapstanClientException(200, "INTERNAL_ERROR",
                    "The server at " + trackingUri + " answered without '" + field + "'");
        }
        return value;
    }

    private JsonNode get(String route, Query query) {
        String path = apiBase + route + (query.isEmpty() ? "" : "?" + query.encoded());
        return send(HttpRequest.newBuilder(URI.create(path)).GET(), "GET " + MlflowRoutes.API + route);
    }

    private JsonNode post(String route, ObjectNode body) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a request body", e);
        }
        return send(HttpRequest.newBuilder(URI.create(apiBase + route))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), "POST " + MlflowRoutes.API + route);
    }

    private JsonNode send(HttpRequest.Builder request, String endpoint) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(requestTimeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServerUnreachableException(trackingUri, reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(trackingUri, "interrupted while waiting for the answer", e);
        }
        String text = response.body() == null ? "" : response.body();
        JsonNode parsed = parse(text);
        if (response.statusCode() == 200) {
            if (text.isBlank()) {
                return Json.mapper().createObjectNode();
            }
            if (parsed == null || !parsed.isObject()) {
                throw new CapstanClientException(200, "INTERNAL_ERROR",
                        endpoint + " answered 200 with a body that is not a JSON object: '" + quote(text) + "'");
            }
            return parsed;
        }
        if (parsed != null && parsed.isObject()) {
            JsonNode code = parsed.path("error_code");
            JsonNode message = parsed.path("message");
            throw new CapstanClientException(response.statusCode(),
                    code.isTextual() && !code.asText().isEmpty() ? code.asText() : "INTERNAL_ERROR",
                    message.isTextual() ? message.asText() : "Response: " + parsed);
        }
        throw new CapstanClientException(response.statusCode(),
                CapstanClientException.errorCodeForStatus(response.statusCode()),
                endpoint + " failed with HTTP " + response.statusCode() + ". Response body: '" + quote(text) + "'");
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String quote(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= QUOTED_BODY_CHARS ? line : line.substring(0, QUOTED_BODY_CHARS) + "...";
    }

    private String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + requestTimeout.toSeconds() + " s";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host '" + trackingUri.getHost() + "'";
            }
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Query parameters in the order added; a name may repeat ({@code order_by}). */
    private static final class Query {
        private final List<Param> pairs = new ArrayList<>();

        Query add(String name, String value) {
            pairs.add(new Param(name, Objects.requireNonNull(value, () -> name + " is null")));
            return this;
        }

        Query copy() {
            Query copy = new Query();
            copy.pairs.addAll(pairs);
            return copy;
        }

        boolean isEmpty() {
            return pairs.isEmpty();
        }

        String encoded() {
            StringJoiner joined = new StringJoiner("&");
            pairs.forEach(pair -> joined.add(encode(pair.name()) + "=" + encode(pair.value())));
            return joined.toString();
        }

        private static String encode(String text) {
            // '+' for a space is form encoding; %20 is read as a space by every server
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }

        private record Param(String name, String value) {
        }
    }
}
