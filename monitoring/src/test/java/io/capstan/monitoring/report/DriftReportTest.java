package io.capstan.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.monitoring.drift.DatasetDrift;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DriftReportTest {
    private static DatasetDriftResult result() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            String evil = "<script>alert('x')</script>&\"";
            Table reference = Table.of(NumberColumn.ofDoubles(evil, 1, 2, 3, 4), StringColumn.of("c", evil, "b", "b", "b"));
            Table current = Table.of(NumberColumn.ofDoubles(evil, 5, 6, 7, 8), StringColumn.of("c", evil, evil, "b", "b"));
            return new DatasetDrift(executor).run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void jsonHasEvidentlysFieldNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree(DriftReportJson.toJson(result()));

        assertThat(json.fieldNames()).toIterable().containsExactly("dataset_drift", "drift_share", "number_of_columns",
                "number_of_drifted_columns", "share_of_drifted_columns", "reference_rows", "current_rows", "columns",
                "skipped_columns");
        assertThat(json.get("columns").get(0).fieldNames()).toIterable().startsWith("column", "column_type",
                "stattest", "drift_score", "threshold", "drift_detected");
        assertThat(json.get("columns").get(0).get("column").asText()).isEqualTo("<script>alert('x')</script>&\"");
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        String page = DriftReportHtml.render(result(), "ref<1>.csv", "cur.csv");

        assertThat(page).doesNotContain("<script", "src=", "href=\"http", "@import", "url(");
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", "ref&lt;1&gt;.csv");
        assertThat(page).contains("<svg", "<rect");
    }
}
