package io.capstan.serving.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deployment specs in one JSON file, replaced atomically (written to a temporary sibling, forced
 * to disk, renamed), so a crash leaves the old or the new file, never half of one. Thread-safe
 * within one process; it is not shared between replicas, which is why {@code capstan server} keeps
 * specs in its SQL store and only imports an old {@code deployments.json} once
 * ({@link DeploymentStores#importOnce}).
 */
public final class FileDeploymentStore implements DeploymentStore {
    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    /** @param file the JSON file; its directory is created if missing */
    public FileDeploymentStore(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    @Override
    public synchronized List<DeploymentSpec> load() {
        return new ArrayList<>(read().values());
    }

    @Override
    public synchronized void save(DeploymentSpec spec) {
        Map<String, DeploymentSpec> specs = read();
        specs.put(spec.name(), spec);
        write(specs);
    }

    @Override
    public synchronized boolean replace(DeploymentSpec expected, DeploymentSpec next) {
        DeploymentStores.checkSameName(expected, next);
        Map<String, DeploymentSpec> specs = read();
        if (!expected.equals(specs.get(next.name()))) {
            return false;
        }
        specs.put(next.name(), next);
        write(specs);
        return true;
    }

    @Override
    public synchronized void delete(String name) {
        Map<String, DeploymentSpec> specs = read();
        if (specs.remove(name) != null) {
            write(specs);
        }
    }

    private Map<String, DeploymentSpec> read() {
        Map<String, DeploymentSpec> specs = new TreeMap<>();
        if (!Files.exists(file)) {
            return specs;
        }
        try {
            for (JsonNode node : json.readTree(file.toFile())) {
                DeploymentSpec spec = DeploymentJson.spec(node);
                specs.put(spec.name(), spec);
            }
            return specs;
        } catch (IOException | RuntimeException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot read deployments from " + file);
        }
    }

    private void write(Map<String, DeploymentSpec> specs) {
        ArrayNode array = json.createArrayNode();
        specs.values().forEach(spec -> array.add(DeploymentJson.json(spec)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot write deployments to " + file);
        }
    }
}
