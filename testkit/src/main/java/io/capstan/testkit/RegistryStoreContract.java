package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.ModelVersionStage;
import io.capstan.registry.ModelVersionStatus;
import io.capstan.registry.RegisteredModel;
import io.capstan.registry.RegisteredModelAlias;
import io.capstan.registry.spi.NewModelVersion;
import io.capstan.registry.spi.RegistryStore;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link RegistryStore} implementation must show. Subclass it once per
 * implementation and implement {@link #createStore}; each test gets a fresh, empty store.
 */
public abstract class RegistryStoreContract {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    private Path tempDir;

    /** The store under test. */
    protected RegistryStore store;

    /**
     * A new, empty store: no registered models at all. Called before every test.
     *
     * @param dir a fresh temporary folder the store may keep files in
     */
    protected abstract RegistryStore createStore(Path dir) throws Exception;

    /** Releases what {@link #createStore} opened; called after every test. Nothing by default. */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore(tempDir);
    }

    @AfterEach
    final void releaseStore() throws Exception {
        closeStore();
    }

    // ------------------------------------------------------------------ registered models

    @Test
    void createdModelReadsBackWithSortedTagsAndNoVersions() {
        RegisteredModel created = store.createRegisteredModel("churn", "predicts churn",
                List.of(new Tag("team", "growth"), new Tag("area", "crm")), T0);

        assertThat(created.name()).isEqualTo("churn");
        assertThat(created.creationTimestamp()).isEqualTo(T0);
        assertThat(created.lastUpdatedTimestamp()).isEqualTo(T0);
        assertThat(created.description()).isEqualTo("predicts churn");
        assertThat(created.tags()).containsExactly(new Tag("area", "crm"), new Tag("team", "growth"));
        assertThat(created.latestVersions()).isEmpty();
        assertThat(created.aliases()).isEmpty();
        assertThat(store.getRegisteredModel("churn")).contains(created);
        assertThat(store.getRegisteredModel("Churn")).isEmpty();
    }

    @Test
    void duplicateModelNameIsRejected() {
        store.createRegisteredModel("m", null, List.of(), T0);

        assertThatThrownBy(() -> store.createRegisteredModel("m", null, List.of(), T0 + 1))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        assertThat(store.getRegisteredModel("m").orElseThrow().creationTimestamp()).isEqualTo(T0);
    }

    @Test
    void updateReplacesDescriptionAndTouchesTheModel() {
        store.createRegisteredModel("m", "old", List.of(), T0);

        RegisteredModel updated = store.updateRegisteredModel("m", "new", T0 + 5);

        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.lastUpdatedTimestamp()).isEqualTo(T0 + 5);
        assertThat(updated.creationTimestamp()).isEqualTo(T0);
        assertThat(store.updateRegisteredModel("m", null, T0 + 6).description()).isNull();
        assertNotFound(() -> store.updateRegisteredModel("nope", "x", T0), "Registered Model with name=nope not found");
    }

    @Test
    void renameMovesVersionsTagsAndAliases() {
        store.createRegisteredModel("old", "d", List.of(new Tag("k", "v")), T0);
        createVersion("old", "s3://b/1", T0 + 1);
        createVersion("old", "s3://b/2", T0 + 2);
        store.setModelVersionTag("old", 2, new Tag("vk", "vv"));
        store.setAlias("old", "champion", 2);

        RegisteredModel renamed = store.renameRegisteredModel("old", "new", T0 + 10);

        assertThat(renamed.name()).isEqualTo("new");
        assertThat(renamed.creationTimestamp()).isEqualTo(T0);
        assertThat(renamed.lastUpdatedTimestamp()).isEqualTo(T0 + 10);
        assertThat(renamed.description()).isEqualTo("d");
        assertThat(renamed.tags()).containsExactly(new Tag("k", "v"));
        assertThat(renamed.aliases()).containsExactly(new RegisteredModelAlias("champion", 2));
        assertThat(store.getRegisteredModel("old")).isEmpty();
        ModelVersion v2 = store.getModelVersion("new", 2).orElseThrow();
        assertThat(v2.name()).isEqualTo("new");
        assertThat(v2.lastUpdatedTimestamp()).isEqualTo(T0 + 10);
        assertThat(v2.tags()).containsExactly(new Tag("vk", "vv"));
        assertThat(v2.aliases()).containsExactly("champion");
        assertThat(store.getModelVersionByAlias("new", "champion")).map(ModelVersion::version).contains(2L);
        assertThat(store.getModelVersion("old", 1)).isEmpty();
        assertThat(createVersion("new", "s3://b/3", T0 + 11).version()).isEqualTo(3);
    }

    @Test
    void renameToATakenNameChangesNothing() {
        store.createRegisteredModel("a", null, List.of(), T0);
        store.createRegisteredModel("b", null, List.of(), T0);
        createVersion("a", "s3://x", T0);

        assertThatThrownBy(() -> store.renameRegisteredModel("a", "b", T0 + 1))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        assertThat(store.getModelVersion("a", 1)).isPresent();
        assertThat(store.getRegisteredModel("a").orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0);
        assertNotFound(() -> store.renameRegisteredModel("missing", "c", T0), "Registered Model with name=missing not found");
    }

    @Test
    void renameToTheSameNameOnlyTouchesTimes() {
        store.createRegisteredModel("a", null, List.of(), T0);
        createVersion("a", "s3://x", T0);

        RegisteredModel same = store.renameRegisteredModel("a", "a", T0 + 3);

        assertThat(same.lastUpdatedTimestamp()).isEqualTo(T0 + 3);
        assertThat(store.getModelVersion("a", 1).orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0 + 3);
    }

    @Test
    void deleteRemovesEverythingAndTheNameCanBeReused() {
        store.createRegisteredModel("m", null, List.of(new Tag("k", "v")), T0);
        createVersion("m", "s3://x", T0);
        createVersion("m", "s3://y", T0);
        store.setModelVersionTag("m", 1, new Tag("vk", "vv"));
        store.setAlias("m", "a", 1);

        store.deleteRegisteredModel("m");

        assertThat(store.getRegisteredModel("m")).isEmpty();
        assertThat(store.getModelVersion("m", 1)).isEmpty();
        assertThat(search("")).isEmpty();
        assertNotFound(() -> store.deleteRegisteredModel("m"), "Registered Model with name=m not found");
        RegisteredModel again = store.createRegisteredModel("m", null, List.of(), T0 + 1);
        assertThat(again.tags()).isEmpty();
        assertThat(again.aliases()).isEmpty();
        ModelVersion first = createVersion("m", "s3://z", T0 + 2);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.tags()).isEmpty();
    }

    @Test
    void modelTagsAreSetOverwrittenAndDeleted() {
        store.createRegisteredModel("m", null, List.of(), T0);

        store.setRegisteredModelTag("m", new Tag("k", "1"));
        store.setRegisteredModelTag("m", new Tag("k", "2"));
        store.setRegisteredModelTag("m", new Tag("a", ""));

        assertThat(store.getRegisteredModel("m").orElseThrow().tags()).containsExactly(new Tag("a", ""), new Tag("k", "2"));
        store.deleteRegisteredModelTag("m", "k");
        store.deleteRegisteredModelTag("m", "never-set");
        assertThat(store.getRegisteredModel("m").orElseThrow().tags()).containsExactly(new Tag("a", ""));
        assertThat(store.getRegisteredModel("m").orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0);
        assertNotFound(() -> store.setRegisteredModelTag("x", new Tag("k", "v")), "Registered Model with name=x not found");
        assertNotFound(() -> store.deleteRegisteredModelTag("x", "k"), "Registered Model with name=x not found");
    }

    // ------------------------------------------------------------------ versions

    @Test
    void versionsAreNumberedPerModelAndCarryWhatWasRegistered() {
        store.createRegisteredModel("a", null, List.of(), T0);
        store.createRegisteredModel("b", null, List.of(), T0);

        ModelVersion v1 = store.createModelVersion(new NewModelVersion("a", "runs:/r1/model",
                "mlflow-artifacts:/0/r1/artifacts/model", "r1", "http://link", "first", "m-123",
                List.of(new Tag("z", "1"), new Tag("y", "2")), T0 + 1));
        ModelVersion v2 = createVersion("a", "s3://b/2", T0 + 2);
        ModelVersion b1 = createVersion("b", "s3://b/3", T0 + 3);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(b1.version()).isEqualTo(1);
        assertThat(v1).isEqualTo(new ModelVersion("a", 1, T0 + 1, T0 + 1, "first", null, ModelVersionStage.NONE,
                "runs:/r1/model", "mlflow-artifacts:/0/r1/artifacts/model", "r1", "http://link",
                ModelVersionStatus.READY, null, List.of(new Tag("y", "2"), new Tag("z", "1")), List.of(), "m-123"));
        assertThat(store.getModelVersion("a", 1)).contains(v1);
        assertThat(v2.storageLocation()).isNull();
        assertThat(v2.runId()).isNull();
        assertThat(v2.modelId()).isNull();
        assertThat(store.getRegisteredModel("a").orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0 + 2);
        assertThat(store.getModelVersion("a", 3)).isEmpty();
        assertNotFound(() -> createVersion("missing", "s3://x", T0), "Registered Model with name=missing not found");
    }

    @Test
    void deletedVersionsDisappearButKeepTheirNumber() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        createVersion("m", "s3://2", T0);
        store.setAlias("m", "champion", 2);
        store.setAlias("m", "other", 1);

        store.deleteModelVersion("m", 2, T0 + 7);

        assertThat(store.getModelVersion("m", 2)).isEmpty();
        assertThat(store.getModelVersionByAlias("m", "champion")).isEmpty();
        RegisteredModel model = store.getRegisteredModel("m").orElseThrow();
        assertThat(model.aliases()).containsExactly(new RegisteredModelAlias("other", 1));
        assertThat(model.latestVersions()).extracting(ModelVersion::version).containsExactly(1L);
        assertThat(model.lastUpdatedTimestamp()).isEqualTo(T0 + 7);
        assertThat(searchVersions("", List.of())).extracting(ModelVersion::version).containsExactly(1L);
        assertThat(createVersion("m", "s3://3", T0 + 8).version()).isEqualTo(3);
        String gone = "Model Version (name=m, version=2) not found";
        assertNotFound(() -> store.deleteModelVersion("m", 2, T0), gone);
        assertNotFound(() -> store.updateModelVersion("m", 2, "d", T0), gone);
        assertNotFound(() -> store.transitionModelVersionStage("m", 2, ModelVersionStage.STAGING, false, T0), gone);
        assertNotFound(() -> store.setModelVersionTag("m", 2, new Tag("k", "v")), gone);
        assertNotFound(() -> store.setAlias("m", "champion", 2), gone);
    }

    @Test
    void deletingTheOnlyVersionStillNumbersOnward() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        store.deleteModelVersion("m", 1, T0);

        assertThat(store.getRegisteredModel("m").orElseThrow().latestVersions()).isEmpty();
        assertThat(createVersion("m", "s3://2", T0).version()).isEqualTo(2);
    }

    @Test
    void updateVersionReplacesDescription() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);

        ModelVersion updated = store.updateModelVersion("m", 1, "better", T0 + 4);

        assertThat(updated.description()).isEqualTo("better");
        assertThat(updated.lastUpdatedTimestamp()).isEqualTo(T0 + 4);
        assertThat(updated.creationTimestamp()).isEqualTo(T0);
        assertThat(store.getRegisteredModel("m").orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0);
        assertThat(store.updateModelVersion("m", 1, null, T0 + 5).description()).isNull();
        assertNotFound(() -> store.updateModelVersion("nope", 1, "x", T0), "Model Version (name=nope, version=1) not found");
    }

    @Test
    void latestVersionsHoldTheNewestPerStage() {
        store.createRegisteredModel("m", null, List.of(), T0);
        for (int i = 1; i <= 5; i++) {
            createVersion("m", "s3://" + i, T0);
        }
        store.transitionModelVersionStage("m", 1, ModelVersionStage.PRODUCTION, false, T0);
        store.transitionModelVersionStage("m", 2, ModelVersionStage.STAGING, false, T0);
        store.transitionModelVersionStage("m", 3, ModelVersionStage.STAGING, false, T0);
        store.setAlias("m", "best", 3);

        List<ModelVersion> latest = store.getRegisteredModel("m").orElseThrow().latestVersions();

        assertThat(latest).extracting(ModelVersion::version, ModelVersion::currentStage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, ModelVersionStage.PRODUCTION),
                org.assertj.core.groups.Tuple.tuple(3L, ModelVersionStage.STAGING),
                org.assertj.core.groups.Tuple.tuple(5L, ModelVersionStage.NONE));
        assertThat(latest.get(1).aliases()).containsExactly("best");
    }

    @Test
    void transitionMovesOneVersionOrArchivesTheOthers() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        createVersion("m", "s3://2", T0);
        createVersion("m", "s3://3", T0);
        store.transitionModelVersionStage("m", 1, ModelVersionStage.PRODUCTION, false, T0 + 1);

        ModelVersion second = store.transitionModelVersionStage("m", 2, ModelVersionStage.PRODUCTION, false, T0 + 2);

        assertThat(second.currentStage()).isEqualTo(ModelVersionStage.PRODUCTION);
        assertThat(second.lastUpdatedTimestamp()).isEqualTo(T0 + 2);
        assertThat(stage(1)).isEqualTo(ModelVersionStage.PRODUCTION);
        assertThat(store.getRegisteredModel("m").orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0 + 2);

        store.transitionModelVersionStage("m", 3, ModelVersionStage.PRODUCTION, true, T0 + 3);

        assertThat(stage(1)).isEqualTo(ModelVersionStage.ARCHIVED);
        assertThat(stage(2)).isEqualTo(ModelVersionStage.ARCHIVED);
        assertThat(stage(3)).isEqualTo(ModelVersionStage.PRODUCTION);
        assertThat(store.getModelVersion("m", 1).orElseThrow().lastUpdatedTimestamp()).isEqualTo(T0 + 3);
        assertNotFound(() -> store.transitionModelVersionStage("m", 9, ModelVersionStage.STAGING, true, T0),
                "Model Version (name=m, version=9) not found");
        assertThat(stage(3)).isEqualTo(ModelVersionStage.PRODUCTION);
    }

    @Test
    void versionTagsAreSetOverwrittenAndDeleted() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        createVersion("m", "s3://2", T0);

        store.setModelVersionTag("m", 1, new Tag("k", "1"));
        store.setModelVersionTag("m", 1, new Tag("k", "2"));
        store.setModelVersionTag("m", 2, new Tag("other", "x"));

        assertThat(store.getModelVersion("m", 1).orElseThrow().tags()).containsExactly(new Tag("k", "2"));
        store.deleteModelVersionTag("m", 1, "k");
        store.deleteModelVersionTag("m", 1, "never-set");
        assertThat(store.getModelVersion("m", 1).orElseThrow().tags()).isEmpty();
        assertThat(store.getModelVersion("m", 2).orElseThrow().tags()).containsExactly(new Tag("other", "x"));
        assertNotFound(() -> store.deleteModelVersionTag("m", 3, "k"), "Model Version (name=m, version=3) not found");
    }

    // ------------------------------------------------------------------ aliases

    @Test
    void aliasesPointAtOneVersionAndMove() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        createVersion("m", "s3://2", T0);

        store.setAlias("m", "champion", 1);
        store.setAlias("m", "challenger", 1);
        assertThat(store.getModelVersion("m", 1).orElseThrow().aliases()).containsExactly("challenger", "champion");

        store.setAlias("m", "champion", 2);

        assertThat(store.getModelVersionByAlias("m", "champion")).map(ModelVersion::version).contains(2L);
        assertThat(store.getModelVersion("m", 1).orElseThrow().aliases()).containsExactly("challenger");
        assertThat(store.getRegisteredModel("m").orElseThrow().aliases()).containsExactly(
                new RegisteredModelAlias("challenger", 1), new RegisteredModelAlias("champion", 2));
        store.deleteAlias("m", "champion");
        store.deleteAlias("m", "never-set");
        assertThat(store.getModelVersionByAlias("m", "champion")).isEmpty();
        assertThat(store.getModelVersionByAlias("m", "Challenger")).isEmpty();
        assertNotFound(() -> store.getModelVersionByAlias("x", "a"), "Registered Model with name=x not found");
        assertNotFound(() -> store.deleteAlias("x", "a"), "Registered Model with name=x not found");
        assertNotFound(() -> store.setAlias("m", "a", 7), "Model Version (name=m, version=7) not found");
        assertNotFound(() -> store.setAlias("x", "a", 1), "Model Version (name=x, version=1) not found");
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchModelsFiltersByNameAndTags() {
        store.createRegisteredModel("alpha", null, List.of(new Tag("team", "red")), T0);
        store.createRegisteredModel("Alpine", null, List.of(new Tag("team", "blue")), T0);
        store.createRegisteredModel("beta", null, List.of(), T0);

        assertThat(search("name = 'alpha'")).containsExactly("alpha");
        assertThat(search("name != 'alpha'")).containsExactly("Alpine", "beta");
        assertThat(search("name LIKE 'Al%'")).containsExactly("Alpine");
        assertThat(search("name ILIKE 'al%'")).containsExactly("Alpine", "alpha");
        assertThat(search("name LIKE '_eta'")).containsExactly("beta");
        assertThat(search("tags.team = 'red'")).containsExactly("alpha");
        assertThat(search("tags.team != 'red'")).containsExactly("Alpine");
        assertThat(search("tags.team LIKE '%e%' and name ILIKE 'ALP%'")).containsExactly("Alpine", "alpha");
        assertThat(search("tags.missing = 'x'")).isEmpty();
    }

    @Test
    void searchModelsOrdersAndPages() {
        store.createRegisteredModel("c", null, List.of(), T0 + 3);
        store.createRegisteredModel("a", null, List.of(), T0 + 1);
        store.createRegisteredModel("b", null, List.of(), T0 + 1);
        store.updateRegisteredModel("a", "touched", T0 + 9);

        assertThat(search("")).containsExactly("a", "b", "c");
        assertThat(names(store.searchRegisteredModels(List.of(), order(SearchSchema.REGISTERED_MODELS, "name DESC"),
                false, 10, 0))).containsExactly("c", "b", "a");
        assertThat(names(store.searchRegisteredModels(List.of(),
                order(SearchSchema.REGISTERED_MODELS, "creation_timestamp DESC"), false, 10, 0)))
                .containsExactly("c", "a", "b");
        assertThat(names(store.searchRegisteredModels(List.of(),
                order(SearchSchema.REGISTERED_MODELS, "last_updated_timestamp DESC"), false, 10, 0)))
                .containsExactly("a", "c", "b");

        Page<RegisteredModel> first = store.searchRegisteredModels(List.of(), List.of(), false, 2, 0);
        assertThat(names(first)).containsExactly("a", "b");
        assertThat(first.nextPageToken()).isNotNull();
        Page<RegisteredModel> second = store.searchRegisteredModels(List.of(), List.of(), false, 2,
                PageToken.offset(first.nextPageToken()));
        assertThat(names(second)).containsExactly("c");
        assertThat(second.nextPageToken()).isNull();
        assertThat(store.searchRegisteredModels(List.of(), List.of(), false, 3, 0).nextPageToken()).isNull();
    }

    @Test
    void searchModelsCarryLatestVersionsAndAliases() {
        store.createRegisteredModel("m", null, List.of(), T0);
        createVersion("m", "s3://1", T0);
        createVersion("m", "s3://2", T0);
        store.transitionModelVersionStage("m", 1, ModelVersionStage.STAGING, false, T0);
        store.setAlias("m", "a", 2);

        RegisteredModel found = store.searchRegisteredModels(List.of(), List.of(), false, 10, 0).items().getFirst();

        assertThat(found).isEqualTo(store.getRegisteredModel("m").orElseThrow());
        assertThat(found.latestVersions()).extracting(ModelVersion::version).containsExactly(1L, 2L);
    }

    @Test
    void searchesCanLeavePromptsOut() {
        store.createRegisteredModel("model", null, List.of(), T0);
        store.createRegisteredModel("prompt", null, List.of(new Tag("mlflow.prompt.is_prompt", "true")), T0);
        store.createRegisteredModel("not-prompt", null, List.of(new Tag("mlflow.prompt.is_prompt", "false")), T0);
        createVersion("model", "s3://m", T0);
        store.createModelVersion(new NewModelVersion("prompt", "prompt-template", null, null, null, null, null,
                List.of(new Tag("mlflow.prompt.is_prompt", "true"), new Tag("mlflow.prompt.text", "Hi {{x}}")), T0));

        assertThat(names(store.searchRegisteredModels(List.of(), List.of(), true, 10, 0)))
                .containsExactly("model", "not-prompt");
        assertThat(names(store.searchRegisteredModels(List.of(), List.of(), false, 10, 0)))
                .containsExactly("model", "not-prompt", "prompt");
        assertThat(store.searchModelVersions(List.of(), List.of(), true, 10, 0).items())
                .extracting(ModelVersion::name).containsExactly("model");
        assertThat(store.searchModelVersions(filter(SearchSchema.MODEL_VERSIONS,
                "tags.`mlflow.prompt.is_prompt` = 'true'"), List.of(), false, 10, 0).items())
                .extracting(ModelVersion::name).containsExactly("prompt");
    }

    @Test
    void searchVersionsFiltersOnAttributesAndTags() {
        store.createRegisteredModel("a", null, List.of(), T0);
        store.createRegisteredModel("b", null, List.of(), T0);
        store.createModelVersion(version("a", "s3://bucket/a1", "r1", T0));
        store.createModelVersion(version("a", "s3://bucket/a2", "r2", T0));
        store.createModelVersion(version("a", "mlflow-artifacts:/a3", null, T0));
        store.createModelVersion(version("b", "s3://bucket/b1", "r1", T0));
        store.setModelVersionTag("a", 2, new Tag("env", "prod"));
        store.setModelVersionTag("b", 1, new Tag("env", "dev"));

        assertThat(keys("name = 'a'")).containsExactly("a/3", "a/2", "a/1");
        assertThat(keys("name = 'a' and version_number > 1")).containsExactly("a/3", "a/2");
        assertThat(keys("version_number = 1")).containsExactly("a/1", "b/1");
        assertThat(keys("run_id = 'r1'")).containsExactly("a/1", "b/1");
        assertThat(keys("run_id != 'r1'")).containsExactly("a/2");
        assertThat(keys("run_id IN ('r2', 'zz')")).containsExactly("a/2");
        assertThat(keys("source_path LIKE 's3://bucket/%' and name = 'a'")).containsExactly("a/2", "a/1");
        assertThat(keys("source_path ILIKE 'MLFLOW%'")).containsExactly("a/3");
        assertThat(keys("tags.env = 'prod'")).containsExactly("a/2");
        assertThat(keys("tags.env LIKE '%' and name = 'b'")).containsExactly("b/1");
        assertThat(keys("tags.env != 'prod'")).containsExactly("b/1");
    }

    @Test
    void searchVersionsOrdersByLastUpdateThenNameThenVersionAndPages() {
        store.createRegisteredModel("a", null, List.of(), T0);
        store.createRegisteredModel("b", null, List.of(), T0);
        createVersion("b", "s3://1", T0);
        createVersion("a", "s3://1", T0);
        createVersion("a", "s3://2", T0);
        store.updateModelVersion("a", 1, "later", T0 + 10);

        assertThat(keys("")).containsExactly("a/1", "a/2", "b/1");
        assertThat(keys(List.of("version_number ASC"))).containsExactly("a/1", "b/1", "a/2");
        assertThat(keys(List.of("name DESC"))).containsExactly("b/1", "a/2", "a/1");
        assertThat(keys(List.of("creation_timestamp ASC", "version_number ASC"))).containsExactly("a/1", "b/1", "a/2");

        Page<ModelVersion> first = store.searchModelVersions(List.of(), List.of(), false, 2, 0);
        assertThat(first.items()).extracting(v -> v.name() + "/" + v.version()).containsExactly("a/1", "a/2");
        Page<ModelVersion> second = store.searchModelVersions(List.of(), List.of(), false, 2,
                PageToken.offset(first.nextPageToken()));
        assertThat(second.items()).extracting(v -> v.name() + "/" + v.version()).containsExactly("b/1");
        assertThat(second.nextPageToken()).isNull();
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentRegistrationsGetDistinctConsecutiveNumbers() throws Exception {
        store.createRegisteredModel("m", null, List.of(), T0);
        int writers = 8;
        int perWriter = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    List<Long> numbers = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        numbers.add(createVersion("m", "s3://x", T0).version());
                    }
                    return numbers;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get());
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(writers * perWriter);
            assertThat(all).allMatch(n -> n >= 1 && n <= writers * perWriter);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    private ModelVersion createVersion(String name, String source, long now) {
        return store.createModelVersion(version(name, source, null, now));
    }

    private static NewModelVersion version(String name, String source, String runId, long now) {
        return new NewModelVersion(name, source, null, runId, null, null, null, List.of(), now);
    }

    private ModelVersionStage stage(long version) {
        return store.getModelVersion("m", version).orElseThrow().currentStage();
    }

    private List<String> search(String filter) {
        return names(store.searchRegisteredModels(filter(SearchSchema.REGISTERED_MODELS, filter), List.of(), false,
                100, 0));
    }

    private List<ModelVersion> searchVersions(String filter, List<String> orderBy) {
        return store.searchModelVersions(filter(SearchSchema.MODEL_VERSIONS, filter),
                order(SearchSchema.MODEL_VERSIONS, orderBy.toArray(String[]::new)), false, 100, 0).items();
    }

    private List<String> keys(String filter) {
        return searchVersions(filter, List.of()).stream().map(v -> v.name() + "/" + v.version()).toList();
    }

    private List<String> keys(List<String> orderBy) {
        return searchVersions("", orderBy).stream().map(v -> v.name() + "/" + v.version()).toList();
    }

    private static List<String> names(Page<RegisteredModel> page) {
        return page.items().stream().map(RegisteredModel::name).toList();
    }

    private static List<Comparison> filter(SearchSchema schema, String filter) {
        return SearchGrammar.parseFilter(schema, filter);
    }

    private static List<OrderBy> order(SearchSchema schema, String... clauses) {
        return SearchGrammar.parseOrderBy(schema, List.of(clauses));
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CapstanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
