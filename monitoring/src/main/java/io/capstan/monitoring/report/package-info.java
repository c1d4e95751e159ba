/**
 * Drift reports: the JSON result schema ({@link io.capstan.monitoring.report.DriftReportJson}, Evidently's
 * field names) and a self-contained HTML page with inline SVG histograms
 * ({@link io.capstan.monitoring.report.DriftReportHtml}).
 */
package io.capstan.monitoring.report;
