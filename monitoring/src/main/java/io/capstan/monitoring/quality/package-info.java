/**
 * Model quality once true labels are known: classification (accuracy, precision, recall, F1, ROC AUC)
 * and regression (RMSE, MAE, R²) metrics with scikit-learn's definitions, which the compatibility
 * suite checks against scikit-learn itself. Labels are compared in one canonical text form
 * ({@link io.capstan.monitoring.quality.Labels}), so JSON {@code 1} and an int64 prediction 1 agree.
 *
 * <p>This is model quality; data quality (expectation suites) is {@code io.capstan.monitoring.validation}.
 */
package io.capstan.monitoring.quality;
