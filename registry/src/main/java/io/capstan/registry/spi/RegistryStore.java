package io.capstan.registry.spi;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.ModelVersionStage;
import io.capstan.registry.RegisteredModel;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;

import java.util.List;
import java.util.Optional;

/**
 * Persists registered models, their versions, tags and aliases.
 *
 * <p>Arguments are already validated by the service (names non-empty, versions positive, tag
 * and alias rules). Every write is atomic and checks existence inside its own transaction:
 * an unknown model is {@link CapstanException} RESOURCE_DOES_NOT_EXIST
 * ({@link io.capstan.registry.RegistryErrors#modelNotFound}), an unknown or deleted version
 * RESOURCE_DOES_NOT_EXIST ({@link io.capstan.registry.RegistryErrors#versionNotFound}).
 *
 * <p>Deleted versions are soft-deleted: invisible to every read and search, their numbers never
 * reused. Returned models carry their tags (by key), aliases (by alias) and latest version per
 * stage; returned versions carry their tags and the names of the aliases pointing at them.
 *
 * <p>Implementations are thread-safe, and correct when several server processes share one
 * database (version numbering in particular).
 */
public interface RegistryStore {

    /**
     * Stores a new model with no versions; creation and last-update time are {@code now}.
     *
     * @param description may be null
     * @throws CapstanException RESOURCE_ALREADY_EXISTS when the name is taken
     */
    RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags, long now);

    /** The model, or empty when there is none by that exact name. */
    Optional<RegisteredModel> getRegisteredModel(String name);

    /**
     * Replaces the description (null clears it) and sets the last-update time.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST
     */
    RegisteredModel updateRegisteredModel(String name, String description, long now);

    /**
     * Renames the model together with its versions, tags and aliases; the model's and every
     * version's last-update time become {@code now}. Renaming to the same name only touches the
     * times.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for {@code name}, RESOURCE_ALREADY_EXISTS
     *     when {@code newName} is taken
     */
    RegisteredModel renameRegisteredModel(String name, String newName, long now);

    /**
     * Deletes the model and everything under it for good.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST
     */
    void deleteRegisteredModel(String name);

    /**
     * Models matching every comparison (attribute {@code name}, or tags), ordered by
     * {@code orderBy} (attributes {@code name}, {@code creation_timestamp},
     * {@code last_updated_timestamp}) then by name ascending.
     *
     * @param excludePrompts leave out models tagged {@code mlflow.prompt.is_prompt = 'true'}
     * @param offset rows to skip; the page's token points past it when more rows exist
     */
    Page<RegisteredModel> searchRegisteredModels(List<Comparison> filter, List<OrderBy> orderBy,
                                                 boolean excludePrompts, int maxResults, long offset);

    /** Sets or overwrites a tag; times are unchanged. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void setRegisteredModelTag(String name, Tag tag);

    /** Removes a tag; a missing tag is not an error. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void deleteRegisteredModelTag(String name, String key);

    /**
     * Registers a version numbered one above the highest ever used in the model (deleted
     * versions included), stage None, status READY, and sets the model's last-update time.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST when the model does not exist
     */
    ModelVersion createModelVersion(NewModelVersion version);

    /** The version unless unknown or deleted. */
    Optional<ModelVersion> getModelVersion(String name, long version);

    /**
     * Replaces the description (null clears it) and sets the version's last-update time.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST
     */
    ModelVersion updateModelVersion(String name, long version, String description, long now);

    /**
     * Moves the version to {@code stage}. With {@code archiveExistingVersions}, every other
     * version in that stage moves to Archived first. The moved versions' and the model's
     * last-update times become {@code now}.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST
     */
    ModelVersion transitionModelVersionStage(String name, long version, ModelVersionStage stage,
                                             boolean archiveExistingVersions, long now);

    /**
     * Soft-deletes the version, removes the aliases pointing at it and sets the model's
     * last-update time.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST
     */
    void deleteModelVersion(String name, long version, long now);

    /**
     * Non-deleted versions matching every comparison (attributes {@code name},
     * {@code version_number}, {@code run_id}, {@code source_path}, or tags), ordered by
     * {@code orderBy} (attributes {@code name}, {@code version_number},
     * {@code creation_timestamp}, {@code last_updated_timestamp}); an empty order means
     * {@code last_updated_timestamp DESC}. Ties are broken by name ascending, then version
     * descending, unless those keys are ordered already.
     *
     * @param excludePrompts leave out the versions of models having a version tagged
     *     {@code mlflow.prompt.is_prompt = 'true'}
     */
    Page<ModelVersion> searchModelVersions(List<Comparison> filter, List<OrderBy> orderBy, boolean excludePrompts,
                                           int maxResults, long offset);

    /** Sets or overwrites a tag; times are unchanged. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void setModelVersionTag(String name, long version, Tag tag);

    /** Removes a tag; a missing tag is not an error. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void deleteModelVersionTag(String name, long version, String key);

    /**
     * Points the alias at the version, moving it if it pointed elsewhere.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown model or version
     */
    void setAlias(String name, String alias, long version);

    /** Removes the alias; a missing alias is not an error. @throws CapstanException RESOURCE_DOES_NOT_EXIST for the model */
    void deleteAlias(String name, String alias);

    /**
     * The version the alias points at, or empty when the alias is not set.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST when the model does not exist
     */
    Optional<ModelVersion> getModelVersionByAlias(String name, String alias);
}
