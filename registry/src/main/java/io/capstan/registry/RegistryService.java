package io.capstan.registry;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.registry.spi.NewModelVersion;
import io.capstan.registry.spi.RegistryStore;
import io.capstan.tracking.Limits;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.RunService;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparator;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.EntityKind;
import io.capstan.tracking.search.Literal;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Model registry use cases with MLflow 3.x's validation and semantics: registered models,
 * versions (numbered per model, soft-deleted, never renumbered), stages, aliases, tags, and the
 * prompts MLflow keeps as tagged registered models (hidden from searches unless asked for).
 *
 * <p>Every method validates its input and throws {@link CapstanException}: INVALID_PARAMETER_VALUE
 * for bad input, RESOURCE_DOES_NOT_EXIST for unknown models and versions, RESOURCE_ALREADY_EXISTS
 * for taken names. Versions are passed as the text clients send ({@code "3"}). Thread-safe.
 */
public final class RegistryService {
    /** The tag that marks a registered model or version as a prompt. */
    public static final String PROMPT_TAG = "mlflow.prompt.is_prompt";
    static final int DEFAULT_MAX_RESULTS_MODELS = 100;
    static final int MAX_RESULTS_MODELS = 1000;
    static final int DEFAULT_MAX_RESULTS_VERSIONS = 10_000;
    static final int MAX_RESULTS_VERSIONS = 200_000;

    private final RegistryStore store;
    private final TrackingLookup tracking;
    private final ModelVersionSources sources;
    private final Clock clock;

    /**
     * @param runs resolves {@code runs:/} sources to the run's artifact location
     * @param loggedModels resolves {@code models:/<model_id>} sources and records registrations
     *     on the logged model
     */
    public RegistryService(RegistryStore store, RunService runs, LoggedModelService loggedModels, Clock clock) {
        this(store, new ServiceTrackingLookup(runs, loggedModels), clock);
    }

    RegistryService(RegistryStore store, TrackingLookup tracking, Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.tracking = Objects.requireNonNull(tracking, "tracking is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.sources = new ModelVersionSources(tracking, store);
    }

    // ------------------------------------------------------------------ registered models

    /**
     * @param description may be null
     * @param tags later duplicates of a key win
     */
    public RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags) {
        RegistryValidation.modelName(name);
        List<Tag> clean = dedupe(tags);
        clean.forEach(RegistryValidation::registeredModelTag);
        try {
            return store.createRegisteredModel(name, description, clean, clock.millis());
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            boolean existingIsPrompt = store.getRegisteredModel(name).map(m -> hasPromptTag(m.tags())).orElse(false);
            throw alreadyExists(name, existingIsPrompt, hasPromptTag(clean));
        }
    }

    public RegisteredModel getRegisteredModel(String name) {
        RegistryValidation.modelName(name);
        return store.getRegisteredModel(name).orElseThrow(() -> RegistryErrors.modelNotFound(name));
    }

    /** @param description null clears it */
    public RegisteredModel updateRegisteredModel(String name, String description) {
        RegistryValidation.modelName(name);
        return store.updateRegisteredModel(name, description, clock.millis());
    }

    /** Renames the model and everything under it. */
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        RegistryValidation.newModelName(newName);
        RegistryValidation.modelName(name);
        return store.renameRegisteredModel(name, newName, clock.millis());
    }

    /** Deletes the model, its versions, tags and aliases for good. */
    public void deleteRegisteredModel(String name) {
        RegistryValidation.modelName(name);
        store.deleteRegisteredModel(name);
    }

    /**
     * @param filter MLflow's filter grammar over {@code name} and {@code tags.<key>}; null for all
     * @param maxResults null for 100; at most 1000
     * @param orderBy e.g. {@code ["last_updated_timestamp DESC"]}; name ascending breaks ties
     * @param pageToken from a previous page, or null
     */
    public Page<RegisteredModel> searchRegisteredModels(String filter, Long maxResults, List<String> orderBy,
                                                        String pageToken) {
        long limit = maxResults == null ? DEFAULT_MAX_RESULTS_MODELS : maxResults;
        Limits.checkMaxResults(limit, MAX_RESULTS_MODELS);
        List<Comparison> comparisons = SearchGrammar.parseFilter(SearchSchema.REGISTERED_MODELS, filter);
        List<OrderBy> order = SearchGrammar.parseOrderBy(SearchSchema.REGISTERED_MODELS, orderBy);
        long offset = PageToken.offset(pageToken);
        boolean prompts = queriesPrompts(comparisons);
        return store.searchRegisteredModels(prompts ? comparisons : withoutPromptTag(comparisons), order, !prompts,
                (int) limit, offset);
    }

    /**
     * The newest version in each requested stage.
     *
     * @param stages stage names in any case; empty for every stage
     */
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        RegistryValidation.modelName(name);
        Set<ModelVersionStage> wanted = EnumSet.noneOf(ModelVersionStage.class);
        for (String stage : stages) {
            wanted.add(ModelVersionStage.parse(stage));
        }
        RegisteredModel model = getRegisteredModel(name);
        return model.latestVersions().stream()
                .filter(v -> wanted.isEmpty() || wanted.contains(v.currentStage())).toList();
    }

    public void setRegisteredModelTag(String name, String key, String value) {
        RegistryValidation.modelName(name);
        Tag tag = RegistryValidation.registeredModelTag(new Tag(requireKey(key), value == null ? "" : value));
        store.setRegisteredModelTag(name, tag);
    }

    /** Removes a tag; removing a tag that is not set succeeds. */
    public void deleteRegisteredModelTag(String name, String key) {
        RegistryValidation.modelName(name);
        RegistryValidation.tagKey(key);
        store.deleteRegisteredModelTag(name, key);
    }

    // ------------------------------------------------------------------ model versions

    /**
     * Registers a new version, READY at once. See {@link ModelVersionSources} for how
     * {@code source}, {@code runId} and {@code modelId} are checked and resolved.
     *
     * @param runId null or empty when not given
     * @param runLink may be null
     * @param description may be null
     * @param modelId null or empty when not given
     */
    public ModelVersion createModelVersion(String name, String source, String runId, List<Tag> tags, String runLink,
                                           String description, String modelId) {
        RegistryValidation.modelName(name);
        List<Tag> clean = dedupe(tags);
        clean.forEach(RegistryValidation::modelVersionTag);
        if (source == null || source.isEmpty()) {
            throw RegistryValidation.missing("source");
        }
        boolean prompt = clean.stream().anyMatch(t -> t.key().equals(PROMPT_TAG)
                && t.value().toLowerCase(Locale.ROOT).equals("true"));
        ModelVersionSources.Resolved resolved = sources.resolve(source, emptyToNull(runId), emptyToNull(modelId),
                prompt);
        ModelVersion created = store.createModelVersion(new NewModelVersion(name, resolved.source(),
                resolved.storageLocation(), resolved.runId(), runLink, description, resolved.modelId(), clean,
                clock.millis()));
        if (!prompt && resolved.modelId() != null) {
            tracking.recordRegistration(resolved.modelId(), created.name(), created.version());
        }
        return created;
    }

    public ModelVersion getModelVersion(String name, String version) {
        RegistryValidation.modelName(name);
        long number = RegistryValidation.version(version);
        return store.getModelVersion(name, number).orElseThrow(() -> RegistryErrors.versionNotFound(name, number));
    }

    /** @param description null clears it */
    public ModelVersion updateModelVersion(String name, String version, String description) {
        RegistryValidation.modelName(name);
        return store.updateModelVersion(name, RegistryValidation.version(version), description, clock.millis());
    }

    /**
     * @param stage any letter case
     * @param archiveExistingVersions move the other versions in the target stage to Archived;
     *     only allowed for Staging and Production
     */
    public ModelVersion transitionModelVersionStage(String name, String version, String stage,
                                                    boolean archiveExistingVersions) {
        ModelVersionStage target = ModelVersionStage.parse(stage);
        if (archiveExistingVersions && !target.isActive()) {
            throw CapstanException.invalid("Model version transition cannot archive existing model versions because "
                    + "'%s' is not an Active stage. Valid stages are ['Staging', 'Production']", stage);
        }
        RegistryValidation.modelName(name);
        return store.transitionModelVersionStage(name, RegistryValidation.version(version), target,
                archiveExistingVersions, clock.millis());
    }

    /** Soft-deletes the version; its number is never reused and its aliases go away. */
    public void deleteModelVersion(String name, String version) {
        RegistryValidation.modelName(name);
        store.deleteModelVersion(name, RegistryValidation.version(version), clock.millis());
    }

    /** Where to download the version's artifacts from: its storage location, else its source. */
    public String getModelVersionDownloadUri(String name, String version) {
        return getModelVersion(name, version).downloadUri();
    }

    /**
     * @param filter over {@code name}, {@code version_number}, {@code run_id}, {@code source_path}
     *     and {@code tags.<key>}; null for all
     * @param maxResults null for 10000; at most 200000
     * @param orderBy null or empty for {@code last_updated_timestamp DESC}
     */
    public Page<ModelVersion> searchModelVersions(String filter, Long maxResults, List<String> orderBy,
                                                  String pageToken) {
        long limit = maxResults == null ? DEFAULT_MAX_RESULTS_VERSIONS : maxResults;
        if (limit < 1) {
            throw CapstanException.invalid("Invalid value for max_results. It must be a positive integer, but got %d",
                    limit);
        }
        Limits.checkMaxResults(limit, MAX_RESULTS_VERSIONS);
        List<Comparison> comparisons = SearchGrammar.parseFilter(SearchSchema.MODEL_VERSIONS, filter);
        List<OrderBy> order = SearchGrammar.parseOrderBy(SearchSchema.MODEL_VERSIONS, orderBy);
        long offset = PageToken.offset(pageToken);
        boolean prompts = queriesPrompts(comparisons);
        return store.searchModelVersions(prompts ? comparisons : withoutPromptTag(comparisons), order, !prompts,
                (int) limit, offset);
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        RegistryValidation.modelName(name);
        long number = RegistryValidation.version(version);
        Tag tag = RegistryValidation.modelVersionTag(new Tag(requireKey(key), value == null ? "" : value));
        store.setModelVersionTag(name, number, tag);
    }

    /** Removes a tag; removing a tag that is not set succeeds. */
    public void deleteModelVersionTag(String name, String version, String key) {
        RegistryValidation.modelName(name);
        long number = RegistryValidation.version(version);
        RegistryValidation.tagKey(key);
        store.deleteModelVersionTag(name, number, key);
    }

    // ------------------------------------------------------------------ aliases

    /** Points {@code alias} at the version, moving it if it pointed elsewhere. */
    public void setAlias(String name, String alias, String version) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        RegistryValidation.aliasNotReserved(alias);
        store.setAlias(name, alias, RegistryValidation.version(version));
    }

    /** Removes the alias; removing an alias that is not set succeeds. */
    public void deleteAlias(String name, String alias) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        store.deleteAlias(name, alias);
    }

    /**
     * The version the alias points at; the reserved alias {@code latest} (any case) means the
     * highest live version.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE (not a 404, as in MLflow) when the alias is
     *     not set
     */
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        RegistryValidation.modelName(name);
        RegistryValidation.aliasName(alias);
        if (alias.equalsIgnoreCase("latest")) {
            return getLatestVersions(name, List.of()).stream()
                    .max(java.util.Comparator.comparingLong(ModelVersion::version))
                    .orElseThrow(() -> CapstanException.notFound("Latest version not found for model %s.", name));
        }
        return store.getModelVersionByAlias(name, alias)
                .orElseThrow(() -> CapstanException.invalid("Registered model alias %s not found.", alias));
    }

    // ------------------------------------------------------------------ helpers

    /** Whether the tags carry the prompt marker at all (MLflow's {@code has_prompt_tag}). */
    static boolean hasPromptTag(List<Tag> tags) {
        return tags.stream().anyMatch(t -> t.key().equals(PROMPT_TAG));
    }

    /**
     * MLflow's {@code _is_querying_prompt}: the first comparison on the prompt tag decides, and
     * only {@code = 'true'} or {@code != 'false'} asks for prompts.
     */
    static boolean queriesPrompts(List<Comparison> comparisons) {
        for (Comparison c : comparisons) {
            if (c.identifier().kind() != EntityKind.TAG || !c.identifier().key().equals(PROMPT_TAG)) {
                continue;
            }
            String value = c.literal() instanceof Literal.Text text ? text.value().toLowerCase(Locale.ROOT) : "";
            return (c.comparator() == Comparator.EQ && value.equals("true"))
                    || (c.comparator() == Comparator.NEQ && value.equals("false"));
        }
        return false;
    }

    /** Models carry no prompt tag, so a filter on it must not drop them when prompts are excluded anyway. */
    private static List<Comparison> withoutPromptTag(List<Comparison> comparisons) {
        return comparisons.stream().filter(c -> c.identifier().kind() != EntityKind.TAG
                || !c.identifier().key().equals(PROMPT_TAG)).toList();
    }

    private static CapstanException alreadyExists(String name, boolean existingIsPrompt, boolean newIsPrompt) {
        String existing = existingIsPrompt ? "Prompt" : "Registered Model";
        String created = newIsPrompt ? "Prompt" : "Registered Model";
        if (!existing.equals(created)) {
            return new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS, "Tried to create a %s with name %s, but "
                    + "the name is already taken by a %s. MLflow does not allow creating a model and a prompt with "
                    + "the same name.", created.toLowerCase(Locale.ROOT), Limits.pythonRepr(name),
                    existing.toLowerCase(Locale.ROOT));
        }
        return newIsPrompt
                ? new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS, "Prompt (name=%s) already exists.", name)
                : RegistryErrors.modelAlreadyExists(name);
    }

    private static String requireKey(String key) {
        if (key == null) {
            throw RegistryValidation.missing("key");
        }
        return key;
    }

    /** Later duplicates of a key win, at the position of the first (a Python dict). */
    private static List<Tag> dedupe(List<Tag> tags) {
        Map<String, Tag> byKey = new LinkedHashMap<>();
        for (Tag tag : tags) {
            byKey.put(tag.key(), tag);
        }
        return new ArrayList<>(byKey.values());
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
