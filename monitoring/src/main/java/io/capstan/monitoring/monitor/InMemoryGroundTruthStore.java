package io.capstan.monitoring.monitor;

import io.capstan.monitoring.spi.GroundTruthStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The in-memory {@link GroundTruthStore}: the reference for the contract, and for tests. Thread-safe. */
public final class InMemoryGroundTruthStore implements GroundTruthStore {
    private record Labels(List<String> labels, Instant receivedAt) {
    }

    private final Map<String, Map<String, Labels>> labels = new HashMap<>();
    private final Map<String, TreeMap<Instant, List<ServedPrediction>>> predictions = new HashMap<>();

    @Override
    public synchronized void put(String deployment, List<GroundTruth> truths, Instant receivedAt) {
        Map<String, Labels> byId = labels.computeIfAbsent(deployment, k -> new HashMap<>());
        for (GroundTruth t : truths) {
            byId.put(t.requestId(), new Labels(t.labels(), receivedAt));
        }
    }

    @Override
    public synchronized Map<String, List<String>> labels(String deployment, Collection<String> requestIds) {
        Map<String, Labels> byId = labels.getOrDefault(deployment, Map.of());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String id : requestIds) {
            Labels l = byId.get(id);
            if (l != null) {
                out.put(id, l.labels());
            }
        }
        return out;
    }

    @Override
    public synchronized void savePredictions(String monitor, Instant windowStart, List<ServedPrediction> p) {
        predictions.computeIfAbsent(monitor, k -> new TreeMap<>()).put(windowStart, List.copyOf(p));
    }

    @Override
    public synchronized List<ServedPrediction> predictions(String monitor, Instant windowStart) {
        return predictions.getOrDefault(monitor, new TreeMap<>()).getOrDefault(windowStart, List.of());
    }

    @Override
    public synchronized List<Instant> windowsLabelledSince(String monitor, String deployment, Instant since) {
        Map<String, Labels> byId = labels.getOrDefault(deployment, Map.of());
        TreeSet<Instant> starts = new TreeSet<>();
        predictions.getOrDefault(monitor, new TreeMap<>()).forEach((start, list) -> {
            for (ServedPrediction p : list) {
                Labels l = byId.get(p.requestId());
                if (l != null && !l.receivedAt().isBefore(since)) {
                    starts.add(start);
                    break;
                }
            }
        });
        return new ArrayList<>(starts);
    }

    @Override
    public synchronized void deleteMonitor(String monitor) {
        predictions.remove(monitor);
    }
}
