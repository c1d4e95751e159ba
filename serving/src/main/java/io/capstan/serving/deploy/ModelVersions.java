package io.capstan.serving.deploy;

import java.nio.file.Path;

/**
 * Where a deployment finds registered model versions: the registry, seen from serving. Thread-safe.
 */
public interface ModelVersions {

    /**
     * A local directory holding the version's files (the folder with {@code MLmodel}).
     *
     * @throws io.capstan.core.CapstanException RESOURCE_DOES_NOT_EXIST for an unknown version
     */
    Path directory(String model, String version);

    /**
     * The version an alias points at now.
     *
     * @throws io.capstan.core.CapstanException RESOURCE_DOES_NOT_EXIST when there is no such alias
     */
    String aliasVersion(String model, String alias);
}
