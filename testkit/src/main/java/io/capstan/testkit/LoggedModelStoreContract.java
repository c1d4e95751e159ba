package io.capstan.testkit;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.LoggedModelStatus;
import io.capstan.tracking.Metric;
import io.capstan.tracking.Param;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import io.capstan.tracking.spi.NewLoggedModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link io.capstan.tracking.spi.LoggedModelStore} does. */
public abstract class LoggedModelStoreContract extends TrackingContractBase {

    private LoggedModel create(String exp, String name, String run) {
        String id = "m-" + hexId();
        return stores.loggedModels().create(new NewLoggedModel(id, exp, name, "sklearn", run,
                "mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts", 100, List.of(new Param("alpha", "1")),
                List.of(new Tag("mlflow.user", "ann"))));
    }

    @Test
    void createsPendingAndFinalises() {
        String exp = newExperiment();
        String run = newRun(exp);
        LoggedModel model = create(exp, "model", run);
        assertThat(model.status()).isEqualTo(LoggedModelStatus.LOGGED_MODEL_PENDING);
        assertThat(model.params()).containsExactly(new Param("alpha", "1"));
        assertThat(model.sourceRunId()).isEqualTo(run);
        LoggedModel ready = stores.loggedModels().setStatus(model.modelId(), LoggedModelStatus.LOGGED_MODEL_READY, null, 200);
        assertThat(ready.status()).isEqualTo(LoggedModelStatus.LOGGED_MODEL_READY);
        assertThat(ready.lastUpdatedTimestampMs()).isEqualTo(200);
    }

    @Test
    void tagsParamsAndDelete() {
        String exp = newExperiment();
        LoggedModel model = create(exp, "m", null);
        stores.loggedModels().setTags(model.modelId(), List.of(new Tag("mlflow.modelVersions", "[]")), 5);
        stores.loggedModels().logParams(model.modelId(), List.of(new Param("beta", "2")), 6);
        LoggedModel read = stores.loggedModels().get(model.modelId(), false).orElseThrow();
        assertThat(read.tags()).contains(new Tag("mlflow.modelVersions", "[]"));
        assertThat(read.params()).containsExactly(new Param("alpha", "1"), new Param("beta", "2"));
        stores.loggedModels().deleteTag(model.modelId(), "mlflow.modelVersions", 7);
        assertThatThrownBy(() -> stores.loggedModels().deleteTag(model.modelId(), "nope", 8))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        stores.loggedModels().delete(model.modelId(), 9);
        assertThat(stores.loggedModels().get(model.modelId(), false)).isEmpty();
        assertThat(stores.loggedModels().get(model.modelId(), true)).isPresent();
    }

    @Test
    void metricsLoggedWithAModelIdBelongToTheModel() {
        String exp = newExperiment();
        String run = newRun(exp);
        LoggedModel model = create(exp, "m", run);
        stores.runs().logBatch(run, List.of(new Metric("acc", 0.9, 10, 0, model.modelId(), "eval", "d1")), List.of(),
                List.of());
        LoggedModel read = stores.loggedModels().get(model.modelId(), false).orElseThrow();
        assertThat(read.metrics()).containsExactly(new Metric("acc", 0.9, 10, 0, model.modelId(), "eval", "d1"));
    }

    @Test
    void searchFiltersAndOrders() {
        String exp = newExperiment();
        String run = newRun(exp);
        LoggedModel a = create(exp, "alpha", run);
        LoggedModel b = create(exp, "beta", run);
        stores.runs().logBatch(run, List.of(new Metric("acc", 0.5, 1, 0, a.modelId(), null, null),
                new Metric("acc", 0.8, 1, 0, b.modelId(), null, null)), List.of(), List.of());
        var byName = stores.loggedModels().search(List.of(exp),
                SearchGrammar.parseFilter(SearchSchema.LOGGED_MODELS, "name = 'beta'"), List.of(), 10, 0);
        assertThat(byName.items()).extracting(LoggedModel::modelId).containsExactly(b.modelId());
        var byMetric = stores.loggedModels().search(List.of(exp),
                SearchGrammar.parseFilter(SearchSchema.LOGGED_MODELS, "metrics.acc > 0.6"), List.of(), 10, 0);
        assertThat(byMetric.items()).extracting(LoggedModel::modelId).containsExactly(b.modelId());
    }
}
