/**
 * Data validation with Great Expectations 1.x's common core: suites of expectations read from YAML or
 * JSON ({@link io.capstan.monitoring.validation.ExpectationSuite}), checked against a table with GX's
 * pandas semantics ({@link io.capstan.monitoring.validation.Validator}), results in GX's JSON shape
 * ({@link io.capstan.monitoring.validation.ValidationResult}). Checked against great-expectations
 * 1.24.1 by {@code compat/validate}. It lives here, beside the tables it reads, until a {@code quality}
 * module takes tables and validation together.
 */
package io.capstan.monitoring.validation;
