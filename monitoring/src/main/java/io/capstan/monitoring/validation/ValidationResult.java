package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.capstan.monitoring.validation.ExpectationSuite.Expectation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A suite's result in Great Expectations 1.x's shape ({@code ExpectationSuiteValidationResult}):
 * {@code success}, {@code results[]} with {@code success}, {@code expectation_config},
 * {@code result} and {@code exception_info}, {@code suite_name} and {@code statistics}.
 *
 * @param suiteName the suite's name; not null
 * @param results one per expectation, in order; copied, not null
 */
public record ValidationResult(String suiteName, List<ExpectationResult> results) {
    public ValidationResult {
        requireNonNull(suiteName, "suiteName is null");
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    /**
     * One expectation's outcome.
     *
     * @param expectation what was checked; not null
     * @param success whether it passed
     * @param result GX's {@code result} object (BASIC format); copied, not null
     * @param exception why it could not run, or null
     */
    public record ExpectationResult(Expectation expectation, boolean success, Map<String, Object> result,
            String exception) {
        public ExpectationResult {
            requireNonNull(expectation, "expectation is null");
            result = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(result, "result is null")));
        }
    }

    /** Returns whether every expectation passed. */
    public boolean success() {
        return results.stream().allMatch(ExpectationResult::success);
    }

    /** Returns the result as GX's JSON (pretty-printed). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("success", success());
        List<Object> list = new ArrayList<>();
        for (ExpectationResult r : results) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("success", r.success());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("type", r.expectation().type());
            config.put("kwargs", r.expectation().kwargs());
            item.put("expectation_config", config);
            item.put("result", r.result());
            Map<String, Object> exception = new LinkedHashMap<>();
            exception.put("raised_exception", r.exception() != null);
            exception.put("exception_traceback", null);
            exception.put("exception_message", r.exception());
            item.put("exception_info", exception);
            list.add(item);
        }
        root.put("results", list);
        root.put("suite_name", suiteName);
        long passed = results.stream().filter(ExpectationResult::success).count();
        Map<String, Object> statistics = new LinkedHashMap<>();
        statistics.put("evaluated_expectations", results.size());
        statistics.put("successful_expectations", passed);
        statistics.put("unsuccessful_expectations", results.size() - passed);
        statistics.put("success_percent", results.isEmpty() ? null : 100.0 * passed / results.size());
        root.put("statistics", statistics);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
