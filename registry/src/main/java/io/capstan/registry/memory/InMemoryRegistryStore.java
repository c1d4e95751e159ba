package io.capstan.registry.memory;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.ModelVersionStage;
import io.capstan.registry.ModelVersionStatus;
import io.capstan.registry.RegisteredModel;
import io.capstan.registry.RegisteredModelAlias;
import io.capstan.registry.RegistryErrors;
import io.capstan.registry.RegistryService;
import io.capstan.registry.spi.NewModelVersion;
import io.capstan.registry.spi.RegistryStore;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.LikePattern;
import io.capstan.tracking.search.Literal;
import io.capstan.tracking.search.OrderBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link RegistryStore} in memory: the reference the SQL store is compared with. Filters are
 * evaluated like SQL (a missing value matches no comparison, {@code !=} included). Thread-safe:
 * every method holds the store's lock.
 */
public final class InMemoryRegistryStore implements RegistryStore {

    private static final class ModelRow {
        String name;
        final long created;
        long updated;
        String description;
        final TreeMap<String, String> tags = new TreeMap<>();
        final TreeMap<String, Long> aliases = new TreeMap<>();
        final TreeMap<Long, VersionRow> versions = new TreeMap<>();

        ModelRow(String name, long created, String description) {
            this.name = name;
            this.created = created;
            this.updated = created;
            this.description = description;
        }
    }

    private static final class VersionRow {
        final long version;
        final long created;
        long updated;
        String description;
        ModelVersionStage stage = ModelVersionStage.NONE;
        boolean deleted;
        String source;
        final String storageLocation;
        String runId;
        String runLink;
        final String modelId;
        final TreeMap<String, String> tags = new TreeMap<>();

        VersionRow(long version, NewModelVersion v) {
            this.version = version;
            this.created = v.now();
            this.updated = v.now();
            this.description = v.description();
            this.source = v.source();
            this.storageLocation = v.storageLocation();
            this.runId = v.runId();
            this.runLink = v.runLink();
            this.modelId = v.modelId();
        }
    }

    private final TreeMap<String, ModelRow> models = new TreeMap<>();

    @Override
    public synchronized RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags,
                                                              long now) {
        if (models.containsKey(name)) {
            throw RegistryErrors.modelAlreadyExists(name);
        }
        ModelRow row = new ModelRow(name, now, description);
        tags.forEach(t -> row.tags.put(t.key(), t.value()));
        models.put(name, row);
        return model(row);
    }

    @Override
    public synchronized Optional<RegisteredModel> getRegisteredModel(String name) {
        return Optional.ofNullable(models.get(name)).map(InMemoryRegistryStore::model);
    }

    @Override
    public synchronized RegisteredModel updateRegisteredModel(String name, String description, long now) {
        ModelRow row = require(name);
        row.description = description;
        row.updated = now;
        return model(row);
    }

    @Override
    public synchronized RegisteredModel renameRegisteredModel(String name, String newName, long now) {
        ModelRow row = require(name);
        if (!name.equals(newName) && models.containsKey(newName)) {
            throw RegistryErrors.modelAlreadyExists(newName);
        }
        models.remove(name);
        row.name = newName;
        row.updated = now;
        row.versions.values().forEach(v -> v.updated = now);
        models.put(newName, row);
        return model(row);
    }

    @Override
    public synchronized void deleteRegisteredModel(String name) {
        require(name);
        models.remove(name);
    }

    @Override
    public synchronized Page<RegisteredModel> searchRegisteredModels(List<Comparison> filter, List<OrderBy> orderBy,
                                                                     boolean excludePrompts, int maxResults,
                                                                     long offset) {
        List<ModelRow> matching = new ArrayList<>();
        for (ModelRow row : models.values()) {
            if (excludePrompts && "true".equals(row.tags.get(RegistryService.PROMPT_TAG))) {
                continue;
            }
            if (filter.stream().allMatch(c -> matches(c, modelValue(row, c)))) {
                matching.add(row);
            }
        }
        Comparator<ModelRow> order = null;
        boolean byName = false;
        for (OrderBy o : orderBy) {
            String key = o.identifier().key();
            byName |= key.equals("name");
            Comparator<ModelRow> next = switch (key) {
                case "name" -> Comparator.comparing(r -> r.name);
                case "creation_timestamp" -> Comparator.comparingLong(r -> r.created);
                case "last_updated_timestamp" -> Comparator.comparingLong(r -> r.updated);
                default -> throw CapstanException.invalid("Invalid order by key '%s' specified.", key);
            };
            next = o.ascending() ? next : next.reversed();
            order = order == null ? next : order.thenComparing(next);
        }
        if (!byName) {
            Comparator<ModelRow> name = Comparator.comparing(r -> r.name);
            order = order == null ? name : order.thenComparing(name);
        }
        matching.sort(order);
        return page(matching.stream().map(InMemoryRegistryStore::model).toList(), offset, maxResults);
    }

    @Override
    public synchronized void setRegisteredModelTag(String name, Tag tag) {
        require(name).tags.put(tag.key(), tag.value());
    }

    @Override
    public synchronized void deleteRegisteredModelTag(String name, String key) {
        require(name).tags.remove(key);
    }

    @Override
    public synchronized ModelVersion createModelVersion(NewModelVersion version) {
        ModelRow row = require(version.name());
        long number = row.versions.isEmpty() ? 1 : row.versions.lastKey() + 1;
        VersionRow created = new VersionRow(number, version);
        version.tags().forEach(t -> created.tags.put(t.key(), t.value()));
        row.versions.put(number, created);
        row.updated = version.now();
        return version(row, created);
    }

    @Override
    public synchronized Optional<ModelVersion> getModelVersion(String name, long version) {
        ModelRow row = models.get(name);
        if (row == null) {
            return Optional.empty();
        }
        VersionRow v = row.versions.get(version);
        return v == null || v.deleted ? Optional.empty() : Optional.of(version(row, v));
    }

    @Override
    public synchronized ModelVersion updateModelVersion(String name, long version, String description, long now) {
        ModelRow row = models.get(name);
        VersionRow v = requireVersion(row, name, version);
        v.description = description;
        v.updated = now;
        return version(row, v);
    }

    @Override
    public synchronized ModelVersion transitionModelVersionStage(String name, long version, ModelVersionStage stage,
                                                                 boolean archiveExistingVersions, long now) {
        ModelRow row = models.get(name);
        VersionRow v = requireVersion(row, name, version);
        if (archiveExistingVersions) {
            for (VersionRow other : row.versions.values()) {
                if (!other.deleted && other.version != version && other.stage == stage) {
                    other.stage = ModelVersionStage.ARCHIVED;
                    other.updated = now;
                }
            }
        }
        v.stage = stage;
        v.updated = now;
        row.updated = now;
        return version(row, v);
    }

    @Override
    public synchronized void deleteModelVersion(String name, long version, long now) {
        ModelRow row = models.get(name);
        VersionRow v = requireVersion(row, name, version);
        v.deleted = true;
        v.updated = now;
        v.description = null;
        v.source = "REDACTED-SOURCE-PATH";
        v.runId = "REDACTED-RUN-ID";
        v.runLink = "REDACTED-RUN-LINK";
        row.aliases.values().removeIf(target -> target == version);
        row.updated = now;
    }

    @Override
    public synchronized Page<ModelVersion> searchModelVersions(List<Comparison> filter, List<OrderBy> orderBy,
                                                               boolean excludePrompts, int maxResults, long offset) {
        record Hit(ModelRow model, VersionRow version) {
        }
        List<Hit> matching = new ArrayList<>();
        for (ModelRow row : models.values()) {
            boolean prompt = row.versions.values().stream()
                    .anyMatch(v -> "true".equals(v.tags.get(RegistryService.PROMPT_TAG)));
            if (excludePrompts && prompt) {
                continue;
            }
            for (VersionRow v : row.versions.values()) {
                if (!v.deleted && filter.stream().allMatch(c -> matches(c, versionValue(row, v, c)))) {
                    matching.add(new Hit(row, v));
                }
            }
        }
        List<OrderBy> effective = orderBy.isEmpty()
                ? List.of(new OrderBy(new io.capstan.tracking.search.Identifier(
                        io.capstan.tracking.search.EntityKind.ATTRIBUTE, "last_updated_timestamp"), false))
                : orderBy;
        Comparator<Hit> order = null;
        boolean byName = false;
        boolean byVersion = false;
        for (OrderBy o : effective) {
            String key = o.identifier().key();
            byName |= key.equals("name");
            byVersion |= key.equals("version_number");
            Comparator<Hit> next = switch (key) {
                case "name" -> Comparator.comparing(h -> h.model().name);
                case "version_number" -> Comparator.comparingLong(h -> h.version().version);
                case "creation_timestamp" -> Comparator.comparingLong(h -> h.version().created);
                case "last_updated_timestamp" -> Comparator.comparingLong(h -> h.version().updated);
                default -> throw CapstanException.invalid("Invalid order by key '%s' specified.", key);
            };
            next = o.ascending() ? next : next.reversed();
            order = order == null ? next : order.thenComparing(next);
        }
        if (!byName) {
            order = order.thenComparing(h -> h.model().name);
        }
        if (!byVersion) {
            order = order.thenComparing(Comparator.comparingLong((Hit h) -> h.version().version).reversed());
        }
        matching.sort(order);
        return page(matching.stream().map(h -> version(h.model(), h.version())).toList(), offset, maxResults);
    }

    @Override
    public synchronized void setModelVersionTag(String name, long version, Tag tag) {
        requireVersion(models.get(name), name, version).tags.put(tag.key(), tag.value());
    }

    @Override
    public synchronized void deleteModelVersionTag(String name, long version, String key) {
        requireVersion(models.get(name), name, version).tags.remove(key);
    }

    @Override
    public synchronized void setAlias(String name, String alias, long version) {
        ModelRow row = models.get(name);
        requireVersion(row, name, version);
        row.aliases.put(alias, version);
    }

    @Override
    public synchronized void deleteAlias(String name, String alias) {
        require(name).aliases.remove(alias);
    }

    @Override
    public synchronized Optional<ModelVersion> getModelVersionByAlias(String name, String alias) {
        ModelRow row = require(name);
        Long target = row.aliases.get(alias);
        if (target == null) {
            return Optional.empty();
        }
        VersionRow v = row.versions.get(target);
        return v == null || v.deleted ? Optional.empty() : Optional.of(version(row, v));
    }

    private ModelRow require(String name) {
        ModelRow row = models.get(name);
        if (row == null) {
            throw RegistryErrors.modelNotFound(name);
        }
        return row;
    }

    private static VersionRow requireVersion(ModelRow row, String name, long version) {
        VersionRow v = row == null ? null : row.versions.get(version);
        if (v == null || v.deleted) {
            throw RegistryErrors.versionNotFound(name, version);
        }
        return v;
    }

    private static Object modelValue(ModelRow row, Comparison c) {
        return switch (c.identifier().kind()) {
            case ATTRIBUTE -> switch (c.identifier().key()) {
                case "name" -> row.name;
                default -> throw CapstanException.invalid("Invalid attribute key '%s' specified.", c.identifier().key());
            };
            case TAG -> row.tags.get(c.identifier().key());
            case METRIC, PARAM, DATASET -> throw CapstanException.invalid("Invalid token type: %s",
                    c.identifier().kind());
        };
    }

    private static Object versionValue(ModelRow row, VersionRow v, Comparison c) {
        return switch (c.identifier().kind()) {
            case ATTRIBUTE -> switch (c.identifier().key()) {
                case "name" -> row.name;
                case "version_number" -> (double) v.version;
                case "run_id" -> v.runId;
                case "source_path" -> v.source;
                default -> throw CapstanException.invalid("Invalid attribute key '%s' specified.", c.identifier().key());
            };
            case TAG -> v.tags.get(c.identifier().key());
            case METRIC, PARAM, DATASET -> throw CapstanException.invalid("Invalid token type: %s",
                    c.identifier().kind());
        };
    }

    /** SQL semantics: a missing value satisfies no comparison. */
    private static boolean matches(Comparison c, Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Double number) {
            double wanted = switch (c.literal()) {
                case Literal.Number n -> n.value();
                case Literal.Text t -> Double.parseDouble(t.value());
                case Literal.TextList list -> throw CapstanException.invalid("A list needs IN or NOT IN");
            };
            int cmp = Double.compare(number, wanted);
            return switch (c.comparator()) {
                case EQ -> cmp == 0;
                case NEQ -> cmp != 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case LIKE, ILIKE, IN, NOT_IN -> throw CapstanException.invalid("Invalid comparator '%s' for a number",
                        c.comparator().text());
            };
        }
        String text = (String) value;
        return switch (c.comparator()) {
            case EQ -> text.equals(text(c.literal()));
            case NEQ -> !text.equals(text(c.literal()));
            case LT -> text.compareTo(text(c.literal())) < 0;
            case LTE -> text.compareTo(text(c.literal())) <= 0;
            case GT -> text.compareTo(text(c.literal())) > 0;
            case GTE -> text.compareTo(text(c.literal())) >= 0;
            case LIKE, ILIKE -> LikePattern.forComparator(c.comparator(), text(c.literal())).matcher(text).matches();
            case IN -> list(c.literal()).contains(text);
            case NOT_IN -> !list(c.literal()).contains(text);
        };
    }

    private static String text(Literal literal) {
        return switch (literal) {
            case Literal.Text t -> t.value();
            case Literal.Number n -> n.value() == Math.rint(n.value()) ? Long.toString((long) n.value())
                    : Double.toString(n.value());
            case Literal.TextList list -> throw CapstanException.invalid("A list needs IN or NOT IN");
        };
    }

    private static List<String> list(Literal literal) {
        return literal instanceof Literal.TextList l ? l.values() : List.of(text(literal));
    }

    private static <T> Page<T> page(List<T> all, long offset, int maxResults) {
        int from = (int) Math.min(offset, all.size());
        int to = (int) Math.min((long) from + maxResults + 1, all.size());
        return Page.of(all.subList(from, to), offset, maxResults);
    }

    private static RegisteredModel model(ModelRow row) {
        Map<ModelVersionStage, VersionRow> latest = new EnumMap<>(ModelVersionStage.class);
        for (VersionRow v : row.versions.values()) {
            if (!v.deleted) {
                latest.merge(v.stage, v, (a, b) -> a.version >= b.version ? a : b);
            }
        }
        List<ModelVersion> latestVersions = latest.values().stream()
                .sorted(Comparator.comparingLong(v -> v.version)).map(v -> version(row, v)).toList();
        List<RegisteredModelAlias> aliases = row.aliases.entrySet().stream()
                .map(e -> new RegisteredModelAlias(e.getKey(), e.getValue())).toList();
        return new RegisteredModel(row.name, row.created, row.updated, row.description, null, latestVersions,
                tags(row.tags), aliases);
    }

    private static ModelVersion version(ModelRow row, VersionRow v) {
        List<String> aliases = row.aliases.entrySet().stream().filter(e -> e.getValue() == v.version)
                .map(Map.Entry::getKey).toList();
        return new ModelVersion(row.name, v.version, v.created, v.updated, v.description, null, v.stage, v.source,
                v.storageLocation, v.runId, v.runLink, ModelVersionStatus.READY, null, tags(v.tags), aliases,
                v.modelId);
    }

    private static List<Tag> tags(TreeMap<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }
}
