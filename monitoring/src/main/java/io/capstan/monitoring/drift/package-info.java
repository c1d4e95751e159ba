/**
 * Per-column drift statistics that reproduce Evidently 0.7's numbers: the stat tests in
 * {@link io.capstan.monitoring.drift.StatTest}, their default thresholds and drift rules, and
 * Evidently's default choice of test by column type, reference size and cardinality
 * ({@link io.capstan.monitoring.drift.ColumnDrift#defaultStatTest}).
 *
 * <p>Evidently is the judge: {@code src/test/resources/evidently-golden/record.py} records its scores
 * and {@code EvidentlyGoldenTest} compares. Evidently's quirks are copied on purpose and named
 * where they happen (mixed {@code <}/{@code <=} rules, a dead {@code n_bins}, zero filling for PSI
 * and KL but not Jensen–Shannon, Hellinger's Sturges rule over distinct values).
 *
 * <p>Only float-valued numerical columns are modelled; numpy's integer-dtype rule (a Sturges bin
 * width of at least 1) does not apply to them. Everything here is pure and thread-safe.
 */
package io.capstan.monitoring.drift;
