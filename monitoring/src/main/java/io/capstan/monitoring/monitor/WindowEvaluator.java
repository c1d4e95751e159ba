package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.DatasetDrift;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.report.DriftReportHtml;
import io.capstan.monitoring.report.DriftReportJson;
import io.capstan.monitoring.spi.GroundTruthStore;
import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.spi.ServedTraffic;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.spi.WindowedTables;
import io.capstan.monitoring.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * Evaluates one window of one monitor: reads the window's data and the reference, runs the drift
 * tests, and measures quality from whatever labels are known. A failure becomes a window with status
 * {@code error} and the reason, never an exception, so one bad monitor cannot stop the others.
 * Thread-safe.
 */
final class WindowEvaluator {
    /** How long a reference read from disk is reused before it is read again. */
    static final Duration REFERENCE_TTL = Duration.ofMinutes(10);
    /** How many references are kept in memory at once. */
    static final int REFERENCES_KEPT = 4;

    /** A window's outcome. */
    record Evaluation(WindowResult result, WindowReport report) {
    }

    private final ServedTraffic traffic;
    private final WindowedTables datasets;
    private final TabularSource references;
    private final GroundTruthStore groundTruth;
    private final ExecutorService driftExecutor;
    private final Clock clock;
    private final Map<String, CachedReference> cache = new LinkedHashMap<>(8, 0.75f, true);

    private record CachedReference(Table table, Instant readAt, Instant specUpdatedAt) {
    }

    WindowEvaluator(ServedTraffic traffic, WindowedTables datasets, TabularSource references,
            GroundTruthStore groundTruth, ExecutorService driftExecutor, Clock clock) {
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.references = requireNonNull(references, "references is null");
        this.groundTruth = requireNonNull(groundTruth, "groundTruth is null");
        this.driftExecutor = requireNonNull(driftExecutor, "driftExecutor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    Evaluation evaluate(StoredMonitor monitor, Instant start) {
        MonitorSpec spec = monitor.spec();
        Instant end = start.plus(spec.window());
        try {
            return tested(monitor, start, end);
        } catch (CapstanException e) {
            return failed(spec, start, end, e.getMessage());
        } catch (RuntimeException e) {
            return failed(spec, start, end, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Evaluation failed(MonitorSpec spec, Instant start, Instant end, String message) {
        return new Evaluation(new WindowResult(spec.name(), start, end, WindowStatus.ERROR, message, 0, 0, null, null,
                0, 0, List.of(), null, clock.instant()), WindowReport.none());
    }

    private Evaluation tested(StoredMonitor monitor, Instant start, Instant end) {
        MonitorSpec spec = monitor.spec();
        Table reference = reference(monitor);
        Table current;
        List<String> notes = new ArrayList<>();
        Quality quality = null;
        switch (spec.source()) {
            case MonitorSource.Deployment d -> {
                if (!traffic.recorded()) {
                    throw CapstanException.invalid("this server records no traffic: start it with --inference-log DIR");
                }
                List<ServedRequest> requests;
                try (Stream<ServedRequest> stream = traffic.read(d.deployment(), start, end)) {
                    requests = stream.toList();
                }
                TrafficTable.Built built = TrafficTable.build(requests, spec.featureNames(), reference.columnNames(),
                        spec.quality());
                current = built.table();
                notes.addAll(built.notes());
                if (spec.quality() != null) {
                    // predictions first, then labels: a label posted in between is found by the next refresh
                    groundTruth.savePredictions(spec.name(), start, built.predictions());
                    quality = QualityMeasure.joined(spec.quality(), built.predictions(), groundTruth.labels(
                            d.deployment(), built.predictions().stream().map(ServedPrediction::requestId).toList()));
                }
            }
            case MonitorSource.Dataset ds -> {
                current = datasets.read(ds.path(), ds.timestampColumn(), start, end);
                if (spec.quality() != null && current.rowCount() > 0) {
                    quality = QualityMeasure.fromTable(spec.quality(), current);
                }
            }
        }
        int rows = current.rowCount();
        if (rows < spec.minRows()) {
            String message = rows + " row(s) in the window, fewer than min_rows (" + spec.minRows() + ")";
            return new Evaluation(new WindowResult(spec.name(), start, end, WindowStatus.INSUFFICIENT_DATA,
                    withNotes(message, notes), rows, reference.rowCount(), null, null, 0, 0, List.of(), quality,
                    clock.instant()), WindowReport.none());
        }
        List<String> columns = columns(spec, current, reference);
        DatasetDriftResult drift = new DatasetDrift(driftExecutor).run(reference, current,
                spec.drift().withColumns(columns), DatasetDrift.Progress.NONE);
        List<WindowResult.ColumnScore> scores = new ArrayList<>();
        for (ColumnResult c : drift.columns()) {
            scores.add(new WindowResult.ColumnScore(c.column(), c.columnType().id(), c.result().stattest(),
                    c.result().score(), c.result().threshold(), c.drifted()));
        }
        String json = MonitorJson.driftWithDistributions(DriftReportJson.toJson(drift), drift);
        String html = DriftReportHtml.render(drift, spec.referenceUri(), sourceName(spec, start, end));
        WindowResult result = new WindowResult(spec.name(), start, end, WindowStatus.OK,
                notes.isEmpty() ? null : String.join("; ", notes), rows, reference.rowCount(), drift.datasetDrift(),
                drift.shareOfDriftedColumns(), drift.numberOfColumns(), drift.numberOfDriftedColumns(), scores, quality,
                clock.instant());
        return new Evaluation(result, WindowReport.of(json, html));
    }

    private static String withNotes(String message, List<String> notes) {
        return notes.isEmpty() ? message : message + "; " + String.join("; ", notes);
    }

    private static String sourceName(MonitorSpec spec, Instant start, Instant end) {
        String what = switch (spec.source()) {
            case MonitorSource.Deployment d -> "deployment " + d.deployment();
            case MonitorSource.Dataset ds -> ds.path();
        };
        return what + " [" + start + ", " + end + ")";
    }

    /** The monitor's columns, or those the window and the reference share, in the window's order. */
    private static List<String> columns(MonitorSpec spec, Table current, Table reference) {
        if (!spec.columns().isEmpty()) {
            return spec.columns();
        }
        List<String> shared = new ArrayList<>();
        for (String name : current.columnNames()) {
            if (reference.column(name).isPresent()) {
                shared.add(name);
            }
        }
        if (shared.isEmpty()) {
            throw CapstanException.invalid("the window's columns (%s) share none with the reference's (%s); "
                    + "set feature_names or columns", abbreviate(current.columnNames()),
                    abbreviate(reference.columnNames()));
        }
        return shared;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", … (" + names.size() + " in all)";
    }

    private Table reference(StoredMonitor monitor) {
        String uri = monitor.spec().referenceUri();
        Instant now = clock.instant();
        synchronized (cache) {
            CachedReference cached = cache.get(uri);
            if (cached != null && cached.specUpdatedAt().equals(monitor.updatedAt())
                    && now.isBefore(cached.readAt().plus(REFERENCE_TTL))) {
                return cached.table();
            }
        }
        Table table;
        try {
            table = references.read(uri);
        } catch (CapstanException e) {
            throw new CapstanException(e.code(), "reference '%s': %s", uri, e.getMessage());
        }
        synchronized (cache) {
            cache.put(uri, new CachedReference(table, now, monitor.updatedAt()));
            while (cache.size() > REFERENCES_KEPT) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return table;
    }
}
