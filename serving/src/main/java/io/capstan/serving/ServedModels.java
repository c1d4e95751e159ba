package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a serving endpoint answers for, by name and version. Built once and then read-only
 * (a standalone {@code capstan serve}); thread-safe.
 */
public final class ServedModels implements ModelEndpoints, AutoCloseable {
    private final Map<String, List<ServedModel>> byName = new LinkedHashMap<>();

    /** @param models not null; names may repeat with different versions */
    public ServedModels(List<ServedModel> models) {
        for (ServedModel model : models) {
            byName.computeIfAbsent(model.name(), n -> new ArrayList<>()).add(model);
        }
    }

    /**
     * The model a request names. Without a version, the newest loaded version answers.
     *
     * @param name not null
     * @param version null for "whichever the server chooses"
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown name or version
     */
    public ServedModel get(String name, String version) {
        requireNonNull(name, "name is null");
        List<ServedModel> versions = byName.get(name);
        if (versions == null) {
            throw CapstanException.notFound("Request for unknown model: '%s' is not found", name);
        }
        if (version == null) {
            return versions.get(versions.size() - 1);
        }
        for (ServedModel model : versions) {
            if (model.version().equals(version)) {
                return model;
            }
        }
        throw CapstanException.notFound("Request for unknown model: '%s' version %s is not found", name, version);
    }

    @Override
    public Selection select(String name, String version, java.util.function.UnaryOperator<String> headers) {
        return new Selection(get(name, version), null, Completion.NONE);
    }

    /** Every version of {@code name}, oldest first. @throws CapstanException as {@link #get} */
    @Override
    public List<ServedModel> versions(String name) {
        List<ServedModel> versions = byName.get(name);
        if (versions == null) {
            throw CapstanException.notFound("Request for unknown model: '%s' is not found", name);
        }
        return List.copyOf(versions);
    }

    /** Every model, in load order. */
    @Override
    public List<ServedModel> all() {
        List<ServedModel> all = new ArrayList<>();
        byName.values().forEach(all::addAll);
        return all;
    }

    /** The only model, for endpoints that serve exactly one ({@code /invocations}). */
    public ServedModel single() {
        List<ServedModel> all = all();
        if (all.size() != 1) {
            throw new IllegalStateException("Serving " + all.size() + " models, not one");
        }
        return all.get(0);
    }

    @Override
    public void close() {
        all().forEach(ServedModel::close);
    }
}
