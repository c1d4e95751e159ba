package io.capstan.app;

import static java.util.Objects.requireNonNull;

import io.capstan.client.CapstanClient;
import io.capstan.client.CapstanClientException;
import io.capstan.client.ModelFetcher;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.deploy.ModelVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * Registered model versions for deployments, read through the server's own REST API (so every
 * artifact location the registry can name — proxied, local, a run's or a logged model's — is
 * resolved the one way {@code capstan serve} resolves it) and cached under a directory: a version's
 * files never change, so a cached copy is reused until the cache is deleted. Thread-safe.
 */
final class RegistryModelVersions implements ModelVersions {
    private final Supplier<CapstanClient> clients;
    private final Path cache;

    /** @param clients the client of the server, available once it listens */
    RegistryModelVersions(Supplier<CapstanClient> clients, Path cache) {
        this.clients = requireNonNull(clients, "clients is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    @Override
    public Path directory(String model, String version) {
        Path target = cache.resolve(safe(model)).resolve(safe(version));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempDirectory(target.getParent(), "." + safe(version) + "-");
            try {
                new ModelFetcher(clients.get()).fetch("models:/" + model + "/" + version, partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (RuntimeException | IOException e) {
                Folders.deleteQuietly(partial);
                if (Files.isDirectory(target)) {
                    return target; // another thread fetched it meanwhile
                }
                throw e;
            }
            return target;
        } catch (CapstanClientException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache model " + model + " version " + version, e);
        }
    }

    @Override
    public String aliasVersion(String model, String alias) {
        try {
            return clients.get().getModelVersionByAlias(model, alias).path("version").asText();
        } catch (CapstanClientException e) {
            throw translate(e);
        }
    }

    private static CapstanException translate(CapstanClientException e) {
        ErrorCode code = e.httpStatus() == 404 ? ErrorCode.RESOURCE_DOES_NOT_EXIST
                : e.httpStatus() < 500 ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.INTERNAL_ERROR;
        return new CapstanException(code, "%s", e.getMessage());
    }

    /** A name as one path segment: registry names may hold characters a file name may not. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(name.hashCode());
    }
}
