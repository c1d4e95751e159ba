package io.capstan.registry;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;

/** The registry's errors in MLflow's words, shared by the service and every store. */
public final class RegistryErrors {
    private RegistryErrors() {
    }

    /** RESOURCE_DOES_NOT_EXIST for an unknown registered model. */
    public static CapstanException modelNotFound(String name) {
        return CapstanException.notFound("Registered Model with name=%s not found", name);
    }

    /** RESOURCE_DOES_NOT_EXIST for an unknown or deleted version. */
    public static CapstanException versionNotFound(String name, long version) {
        return CapstanException.notFound("Model Version (name=%s, version=%d) not found", name, version);
    }

    /** RESOURCE_ALREADY_EXISTS for a name in use (create, rename). */
    public static CapstanException modelAlreadyExists(String name) {
        return new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS, "Registered Model (name=%s) already exists.",
                name);
    }
}
