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
 * <p>Where Evidently raises, Capstan refuses with {@code INVALID_PARAMETER_VALUE} (recorded as
 * {@code "error"} in the goldens). Where Evidently answers with a number that cannot be reproduced,
 * Capstan refuses too rather than guess: cramer_von_mises's exact branch (both sides at most 20
 * values; float16/float32 counting or a crash under NumPy 2) and es on a singular covariance
 * estimate (its rank and p-value hang on rounding noise). TVD and empirical_mmd are permutation p-values: both draw
 * from a port of NumPy's legacy MT19937 stream seeded with 0 ({@code LegacyNumpyRandom}), which is
 * what TVD does in Evidently; Evidently's empirical_mmd is unseeded, so its goldens are recorded after
 * {@code numpy.random.seed(0)}. Ties between permuted and observed statistics are frequent for
 * discrete data and Evidently decides them by floating-point rounding, so sums follow NumPy's order
 * ({@code NumpySum}); NumPy's SIMD {@code exp} is not correctly rounded, so an MMD p-value may still
 * differ by one permutation (0.01).
 *
 * <p>Integer-typed columns (pandas {@code int64}) are marked on {@link io.capstan.monitoring.drift.NumericColumn}:
 * numpy's integer-dtype rule (a Sturges bin width of at least 1) applies when both sides are integers.
 *
 * <p>Whole tables: {@link io.capstan.monitoring.drift.DatasetDrift} infers each column's type from the
 * current data as Evidently does ({@link io.capstan.monitoring.drift.ColumnType}), resolves the test and
 * threshold per column ({@link io.capstan.monitoring.drift.DriftOptions}), runs the columns in parallel
 * and decides dataset drift by the share of drifted columns. Each numerical column is sorted once, by a
 * radix sort, and every test walks that order. Everything here is thread-safe.
 *
 * <p>Beyond Evidently, all opt-in ({@link io.capstan.monitoring.drift.DriftExtras}; off, a run is
 * Evidently's to the last field): {@link io.capstan.monitoring.drift.MissingValueDrift},
 * {@link io.capstan.monitoring.drift.Correction} (the family is every p-value the run decides on) and
 * {@link io.capstan.monitoring.drift.EffectSize}. Extras never change Evidently's own score or decision
 * ({@code ColumnResult.result()}); they change only which columns count in the vote
 * ({@code ColumnResult.drifted()}).
 *
 * <p>Sketch mode ({@link io.capstan.monitoring.drift.SketchDrift} over
 * {@link io.capstan.monitoring.drift.TableSketch}s, streamed in through
 * {@link io.capstan.monitoring.spi.TableScanner}) reuses this package's rules on bounded summaries: exact
 * where the summary holds the data (counts, small columns), estimated with
 * {@link io.capstan.monitoring.drift.ScoreBounds} where it holds a KLL sketch. The one reflective call in
 * the module, {@code KsAsymptotic}, reaches Commons Statistics' asymptotic KS p-value from a statistic,
 * which the library computes for the exact path but exposes only through the samples.
 */
package io.capstan.monitoring.drift;
