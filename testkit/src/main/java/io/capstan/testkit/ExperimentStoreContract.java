package io.capstan.testkit;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import io.capstan.tracking.Experiment;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link io.capstan.tracking.spi.ExperimentStore} does. */
public abstract class ExperimentStoreContract extends TrackingContractBase {

    @Test
    void defaultExperimentExists() {
        Experiment def = stores.experiments().get(Experiment.DEFAULT_ID).orElseThrow();
        assertThat(def.name()).isEqualTo(Experiment.DEFAULT_NAME);
        assertThat(def.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void createsAndReadsBackByIdAndName() {
        String name = unique("exp");
        String id = stores.experiments().create(name, x -> "mlflow-artifacts:/" + x, List.of(new Tag("k", "v")), 42);
        assertThat(id).matches("[0-9]+").isNotEqualTo("0");
        Experiment e = stores.experiments().get(id).orElseThrow();
        assertThat(e.name()).isEqualTo(name);
        assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(e.creationTime()).isEqualTo(42);
        assertThat(e.tags()).containsExactly(new Tag("k", "v"));
        assertThat(stores.experiments().getByName(name)).contains(e);
        assertThat(stores.experiments().get("999999999")).isEmpty();
        assertThat(stores.experiments().get("not-a-number")).isEmpty();
    }

    @Test
    void namesAreUniqueIncludingDeletedOnes() {
        String name = unique("dup");
        String id = stores.experiments().create(name, x -> "a/" + x, List.of(), 1);
        assertThatThrownBy(() -> stores.experiments().create(name, x -> "a/" + x, List.of(), 1))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        stores.experiments().delete(id, 2);
        assertThatThrownBy(() -> stores.experiments().create(name, x -> "a/" + x, List.of(), 1))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
    }

    @Test
    void deleteAndRestoreCascadeToRuns() {
        String id = newExperiment();
        String run = newRun(id);
        stores.experiments().delete(id, 5);
        assertThat(stores.experiments().get(id).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(stores.runs().getInfo(run).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        stores.experiments().restore(id, 6);
        assertThat(stores.experiments().get(id).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(stores.experiments().get(id).orElseThrow().lastUpdateTime()).isEqualTo(6);
        assertThat(stores.runs().getInfo(run).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void restoringAnActiveOrDeletingADeletedExperimentIsNotFound() {
        // MLflow looks the experiment up among the deleted (restore) or the active ones (delete)
        String id = newExperiment();
        assertThatThrownBy(() -> stores.experiments().restore(id, 1)).isInstanceOfSatisfying(CapstanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        stores.experiments().delete(id, 2);
        assertThatThrownBy(() -> stores.experiments().delete(id, 3)).isInstanceOfSatisfying(CapstanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThatThrownBy(() -> stores.experiments().delete("424242", 1))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void renamesAndTags() {
        String id = newExperiment();
        String newName = unique("renamed");
        stores.experiments().rename(id, newName, 7);
        stores.experiments().setTag(id, new Tag("a", "1"), 8);
        stores.experiments().setTag(id, new Tag("a", "2"), 9);
        Experiment e = stores.experiments().get(id).orElseThrow();
        assertThat(e.name()).isEqualTo(newName);
        assertThat(e.tags()).containsExactly(new Tag("a", "2"));
        assertThat(e.lastUpdateTime()).isEqualTo(9);
        stores.experiments().deleteTag(id, "a", 10);
        assertThat(stores.experiments().get(id).orElseThrow().tags()).isEmpty();
        assertThatThrownBy(() -> stores.experiments().deleteTag(id, "a", 11))
                .isInstanceOfSatisfying(CapstanException.class,
                        x -> assertThat(x.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void searchFiltersOrdersAndPages() {
        String prefix = unique("srch");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(stores.experiments().create(prefix + "-" + i, x -> "a/" + x,
                    List.of(new Tag("team", i % 2 == 0 ? "even" : "odd")), 100 + i));
        }
        var filter = SearchGrammar.parseFilter(SearchSchema.EXPERIMENTS, "name LIKE '" + prefix + "%' and tags.team = 'even'");
        Page<Experiment> page = stores.experiments().search(ViewType.ACTIVE_ONLY, filter, List.of(), 100, 0);
        assertThat(page.items()).extracting(Experiment::name)
                .containsExactly(prefix + "-6", prefix + "-4", prefix + "-2", prefix + "-0");

        var byName = SearchGrammar.parseOrderBy(SearchSchema.EXPERIMENTS, List.of("name ASC"));
        var all = SearchGrammar.parseFilter(SearchSchema.EXPERIMENTS, "name LIKE '" + prefix + "%'");
        List<String> seen = new ArrayList<>();
        long offset = 0;
        while (true) {
            Page<Experiment> p = stores.experiments().search(ViewType.ACTIVE_ONLY, all, byName, 3, offset);
            p.items().forEach(e -> seen.add(e.name()));
            if (p.nextPageToken() == null) {
                break;
            }
            offset += 3;
        }
        assertThat(seen).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4",
                prefix + "-5", prefix + "-6");

        stores.experiments().delete(ids.getFirst(), 200);
        assertThat(stores.experiments().search(ViewType.DELETED_ONLY, all, List.of(), 100, 0).items())
                .extracting(Experiment::experimentId).containsExactly(ids.getFirst());
        assertThat(stores.experiments().search(ViewType.ALL, all, List.of(), 100, 0).items()).hasSize(7);
    }
}
