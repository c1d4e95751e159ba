package io.capstan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.registry.memory.InMemoryRegistryStore;
import io.capstan.tracking.Tag;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryServiceTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    private MutableClock clock;
    private FakeTracking tracking;
    private RegistryService registry;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        tracking = new FakeTracking();
        tracking.runs.put(RUN, "mlflow-artifacts:/1/" + RUN + "/artifacts");
        tracking.models.put("m-abc", new TrackingLookup.LoggedModelRef("mlflow-artifacts:/1/models/m-abc/artifacts", RUN));
        registry = new RegistryService(new InMemoryRegistryStore(), tracking, clock);
    }

    @Nested
    class RegisteredModels {
        @Test
        void createTakesTheClockAndKeepsTheLastValueOfARepeatedTag() {
            RegisteredModel model = registry.createRegisteredModel("m", "d",
                    List.of(new Tag("k", "1"), new Tag("j", "x"), new Tag("k", "2")));

            assertThat(model.creationTimestamp()).isEqualTo(T0);
            assertThat(model.tags()).containsExactly(new Tag("j", "x"), new Tag("k", "2"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  "})
        void blankNamesAreMissing(String name) {
            assertInvalid(() -> registry.createRegisteredModel(name, null, List.of()),
                    "Missing value for required parameter 'name'.");
            assertInvalid(() -> registry.getRegisteredModel(name), "Missing value for required parameter 'name'.");
        }

        @Test
        void namesMustNotLookLikePaths() {
            assertInvalid(() -> registry.createRegisteredModel("a/b", null, List.of()),
                    "Invalid model name 'a/b'. Names cannot contain '/' or ':'.");
            assertInvalid(() -> registry.createRegisteredModel("a:b", null, List.of()),
                    "Invalid model name 'a:b'. Names cannot contain '/' or ':'.");
            assertInvalid(() -> registry.createRegisteredModel("..", null, List.of()),
                    "Invalid value \"..\" for parameter 'name' supplied: Names may be treated as files in certain "
                            + "cases, and must not resolve to other names when treated as such. This name would "
                            + "resolve to '..'");
        }

        @Test
        void duplicatesAreRejectedWithMlflowsWording() {
            registry.createRegisteredModel("m", null, List.of());
            registry.createRegisteredModel("p", null, List.of(new Tag(RegistryService.PROMPT_TAG, "true")));

            assertCode(() -> registry.createRegisteredModel("m", null, List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS,
                    "Registered Model (name=m) already exists.");
            assertCode(() -> registry.createRegisteredModel("p", null, List.of(new Tag(RegistryService.PROMPT_TAG,
                    "true"))), ErrorCode.RESOURCE_ALREADY_EXISTS, "Prompt (name=p) already exists.");
            assertCode(() -> registry.createRegisteredModel("p", null, List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS,
                    "Tried to create a registered model with name 'p', but the name is already taken by a prompt. "
                            + "MLflow does not allow creating a model and a prompt with the same name.");
        }

        @Test
        void unknownModelsAreNotFound() {
            assertCode(() -> registry.getRegisteredModel("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Registered Model with name=nope not found");
        }

        @Test
        void renameNeedsANewName() {
            registry.createRegisteredModel("m", null, List.of());

            assertInvalid(() -> registry.renameRegisteredModel("m", ""), "Missing value for required parameter 'new_name'.");
            clock.advance(5);
            assertThat(registry.renameRegisteredModel("m", "n").lastUpdatedTimestamp()).isEqualTo(T0 + 5);
        }

        @Test
        void tagKeysAndValuesFollowMlflowsLimits() {
            registry.createRegisteredModel("m", null, List.of());

            assertInvalid(() -> registry.setRegisteredModelTag("m", "bad!key", "v"), "Invalid value \"bad!key\" for "
                    + "parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), "
                    + "periods (.), spaces ( ), colon(:) and slashes (/).");
            assertInvalid(() -> registry.setRegisteredModelTag("m", "k".repeat(251), "v"),
                    "'key' exceeds the maximum length of 250 characters");
            assertInvalid(() -> registry.setRegisteredModelTag("m", "k", "v".repeat(100_001)),
                    "'value' exceeds the maximum length of 100000 characters");
            registry.setRegisteredModelTag("m", "k".repeat(250), "v".repeat(100_000));
            registry.setRegisteredModelTag("m", "a/b.c d:e", null);
            assertThat(registry.getRegisteredModel("m").tags()).contains(new Tag("a/b.c d:e", ""));
        }

        @Test
        void latestVersionsByStageIgnoreLetterCase() {
            registry.createRegisteredModel("m", null, List.of());
            version("m", "s3://b/1");
            version("m", "s3://b/2");
            registry.transitionModelVersionStage("m", "1", "production", false);

            assertThat(registry.getLatestVersions("m", List.of("PRODUCTION"))).extracting(ModelVersion::version)
                    .containsExactly(1L);
            assertThat(registry.getLatestVersions("m", List.of())).extracting(ModelVersion::version)
                    .containsExactly(1L, 2L);
            assertInvalid(() -> registry.getLatestVersions("m", List.of("Prod")),
                    "Invalid Model Version stage: Prod. Value must be one of None, Staging, Production, Archived.");
        }
    }

    @Nested
    class Search {
        @BeforeEach
        void models() {
            registry.createRegisteredModel("model", null, List.of());
            registry.createRegisteredModel("prompt", null, List.of(new Tag(RegistryService.PROMPT_TAG, "true")));
            version("model", "s3://b/m");
            registry.createModelVersion("prompt", "prompt-template", null,
                    List.of(new Tag(RegistryService.PROMPT_TAG, "true"), new Tag("mlflow.prompt.text", "Hi")), null,
                    null, null);
        }

        @Test
        void promptsAreHiddenUnlessAskedFor() {
            assertThat(models(null)).containsExactly("model");
            assertThat(models("tags.`mlflow.prompt.is_prompt` = 'true'")).containsExactly("prompt");
            assertThat(models("tags.`mlflow.prompt.is_prompt` != 'false'")).containsExactly("prompt");
            // a filter that does not ask for prompts is dropped: models have no such tag
            assertThat(models("tags.`mlflow.prompt.is_prompt` = 'false'")).containsExactly("model");
            assertThat(registry.searchModelVersions(null, null, List.of(), null).items())
                    .extracting(ModelVersion::name).containsExactly("model");
            assertThat(registry.searchModelVersions("tags.`mlflow.prompt.is_prompt` = 'TRUE'", null, List.of(), null)
                    .items()).isEmpty();
            assertThat(registry.searchModelVersions("tags.`mlflow.prompt.is_prompt` = 'true'", null, List.of(), null)
                    .items()).extracting(ModelVersion::name).containsExactly("prompt");
        }

        @Test
        void maxResultsAreCapped() {
            assertThat(registry.searchRegisteredModels(null, 1000L, List.of(), null).items()).hasSize(1);
            assertInvalid(() -> registry.searchRegisteredModels(null, 1001L, List.of(), null),
                    "Invalid value for request parameter max_results. It must be at most 1000, but got value 1001");
            assertInvalid(() -> registry.searchRegisteredModels(null, 0L, List.of(), null),
                    "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer");
            assertThat(registry.searchModelVersions(null, 200_000L, List.of(), null).items()).hasSize(1);
            assertInvalid(() -> registry.searchModelVersions(null, 200_001L, List.of(), null),
                    "Invalid value for request parameter max_results. It must be at most 200000, but got value 200001");
            assertInvalid(() -> registry.searchModelVersions(null, -1L, List.of(), null),
                    "Invalid value for max_results. It must be a positive integer, but got -1");
        }

        @Test
        void filtersAndOrdersAreParsedForTheRightSchema() {
            assertInvalid(() -> registry.searchRegisteredModels("run_id = 'x'", null, List.of(), null),
                    null);
            assertThat(registry.searchModelVersions("name = 'model' and version_number >= 1", null,
                    List.of("version_number DESC"), null).items()).hasSize(1);
            assertInvalid(() -> registry.searchModelVersions(null, null, List.of("name", "name DESC"), null), null);
        }

        private List<String> models(String filter) {
            return registry.searchRegisteredModels(filter, null, List.of(), null).items().stream()
                    .map(RegisteredModel::name).toList();
        }
    }

    @Nested
    class Versions {
        @BeforeEach
        void model() {
            registry.createRegisteredModel("m", null, List.of());
        }

        @Test
        void versionsMustBeIntegers() {
            version("m", "s3://b/1");

            assertInvalid(() -> registry.getModelVersion("m", "x"), "Parameter 'version' must be an integer, got 'x'.");
            assertInvalid(() -> registry.getModelVersion("m", "1.0"),
                    "Parameter 'version' must be an integer, got '1.0'.");
            assertThat(registry.getModelVersion("m", " 1 ").version()).isEqualTo(1);
            assertThat(registry.getModelVersion("m", "+1").version()).isEqualTo(1);
            assertCode(() -> registry.getModelVersion("m", "0"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Model Version (name=m, version=0) not found");
            assertCode(() -> registry.getModelVersion("m", "99999999999999999999"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Model Version (name=m, version=0) not found");
        }

        @Test
        void newVersionsAreReadyInStageNoneAndTouchTheModel() {
            clock.advance(10);
            ModelVersion v = version("m", "s3://b/1");

            assertThat(v.status()).isEqualTo(ModelVersionStatus.READY);
            assertThat(v.currentStage()).isEqualTo(ModelVersionStage.NONE);
            assertThat(v.creationTimestamp()).isEqualTo(T0 + 10);
            assertThat(registry.getRegisteredModel("m").lastUpdatedTimestamp()).isEqualTo(T0 + 10);
        }

        @Test
        void runsSourcesAreHandedBackUnchangedAsTheDownloadUri() {
            ModelVersion v = registry.createModelVersion("m", "runs:/" + RUN + "/model/sub", null, List.of(), null,
                    null, null);

            assertThat(v.source()).isEqualTo("runs:/" + RUN + "/model/sub");
            assertThat(v.runId()).isEqualTo(RUN);
            assertThat(v.storageLocation()).isNull();
            // MLflow 3.17 returns the runs:/ URI itself; the client resolves it through runs/get
            assertThat(registry.getModelVersionDownloadUri("m", "1")).isEqualTo("runs:/" + RUN + "/model/sub");
            assertThat(tracking.registrations).isEmpty();
        }

        @Test
        void runsSourcesMustNameAKnownRunConsistently() {
            String other = "fedcba9876543210fedcba9876543210";
            assertInvalid(() -> registry.createModelVersion("m", "runs:/" + RUN + "/model", other, List.of(), null,
                    null, null), "Invalid model version source: 'runs:/" + RUN + "/model'. The run_id request "
                    + "parameter must identify the resource that contains the source.");
            assertInvalid(() -> registry.createModelVersion("m", "runs:/" + other + "/model", null, List.of(), null,
                    null, null), "Invalid model version source: 'runs:/" + other + "/model'. The run_id request "
                    + "parameter must identify the resource that contains the source.");
            assertInvalid(() -> registry.createModelVersion("m", "runs:/" + RUN + "/../x", null, List.of(), null,
                    null, null), null);
        }

        @Test
        void loggedModelSourcesResolveToTheModelsArtifactsAndAreRecorded() {
            ModelVersion v = registry.createModelVersion("m", "models:/m-abc", null, List.of(), null, null, "m-abc");

            assertThat(v.storageLocation()).isEqualTo("mlflow-artifacts:/1/models/m-abc/artifacts");
            assertThat(v.runId()).isEqualTo(RUN);
            assertThat(v.modelId()).isEqualTo("m-abc");
            assertThat(tracking.registrations).containsExactly("m-abc -> m/1");
            ModelVersion implicit = registry.createModelVersion("m", "models:/m-abc", "explicit-run", List.of(), null,
                    null, null);
            assertThat(implicit.modelId()).isEqualTo("m-abc");
            assertThat(implicit.runId()).isEqualTo("explicit-run");
            assertInvalid(() -> registry.createModelVersion("m", "models:/m-abc", null, List.of(), null, null,
                    "m-other"), "Invalid model version source: 'models:/m-abc'. The model_id request parameter must "
                    + "identify the resource that contains the source.");
            assertInvalid(() -> registry.createModelVersion("m", "models:/m-gone", null, List.of(), null, null,
                    null), "Invalid model version source: 'models:/m-gone'. The model_id request parameter must "
                    + "identify the resource that contains the source.");
        }

        @Test
        void registeredModelSourcesPointAtThatVersion() {
            registry.createModelVersion("m", "models:/m-abc", null, List.of(), null, null, "m-abc");
            registry.setAlias("m", "champion", "1");
            registry.createRegisteredModel("copy", null, List.of());

            ModelVersion byNumber = registry.createModelVersion("copy", "models:/m/1", null, List.of(), null, null,
                    null);
            ModelVersion byAlias = registry.createModelVersion("copy", "models:/m@champion", null, List.of(), null,
                    null, null);
            ModelVersion latest = registry.createModelVersion("copy", "models:/m/latest", null, List.of(), null,
                    null, null);

            for (ModelVersion v : List.of(byNumber, byAlias, latest)) {
                assertThat(v.source()).isEqualTo("models:/m/1");
                assertThat(v.storageLocation()).isEqualTo("mlflow-artifacts:/1/models/m-abc/artifacts");
                assertThat(v.runId()).isEqualTo(RUN);
                assertThat(v.modelId()).isEqualTo("m-abc");
            }
            assertCode(() -> registry.createModelVersion("copy", "models:/m/7", null, List.of(), null, null, null),
                    ErrorCode.RESOURCE_DOES_NOT_EXIST, "Model Version (name=m, version=7) not found");
            assertInvalid(() -> registry.createModelVersion("copy", "models:/m/1", "other-run", List.of(), null, null,
                    null), "Invalid model version source: 'models:/m/1'. The run_id and model_id request parameters "
                    + "must match the referenced model version.");
        }

        @Test
        void proxiedArtifactSourcesMustLieInTheRunsArtifacts() {
            String inside = "mlflow-artifacts:/1/" + RUN + "/artifacts/model";

            assertThat(registry.createModelVersion("m", inside, RUN, List.of(), null, null, null).downloadUri())
                    .isEqualTo(inside);
            assertInvalid(() -> registry.createModelVersion("m", inside, null, List.of(), null, null, null),
                    "Invalid model version source: '" + inside + "'. The run_id request parameter must identify the "
                            + "resource that contains the source.");
            assertInvalid(() -> registry.createModelVersion("m", "mlflow-artifacts:/2/elsewhere", RUN, List.of(),
                    null, null, null), null);
            assertInvalid(() -> registry.createModelVersion("m", "mlflow-artifacts:/1/x/%2e%2e/y", RUN, List.of(),
                    null, null, null), "Invalid model version source: 'mlflow-artifacts:/1/x/%2e%2e/y'. If supplying a "
                    + "source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an "
                    + "absolute path must be provided without relative path references present. Please provide an "
                    + "absolute path.");
        }

        @Test
        void localPathsAreRejectedOutsideALocalRunDirectory() {
            assertInvalid(() -> registry.createModelVersion("m", "/etc/passwd", RUN, List.of(), null, null, null),
                    "Invalid model version source: '/etc/passwd'. To use a local path as a model version source, the "
                            + "run_id request parameter has to be specified and the local path has to be contained "
                            + "within the artifact directory of the run specified by the run_id.");
            tracking.runs.put("localrun", "/tmp/mlruns/1/localrun/artifacts");
            assertThat(registry.createModelVersion("m", "file:///tmp/mlruns/1/localrun/artifacts/model", "localrun",
                    List.of(), null, null, null).version()).isEqualTo(1);
            assertInvalid(() -> registry.createModelVersion("m", "/tmp/mlruns/1/localrun/artifacts/../../x",
                    "localrun", List.of(), null, null, null), null);
        }

        @Test
        void otherSourcesAreKeptAsTheyAre() {
            ModelVersion v = registry.createModelVersion("m", "s3://bucket/path/model", null,
                    List.of(new Tag("k", "v")), "http://run", "desc", null);

            assertThat(v.source()).isEqualTo("s3://bucket/path/model");
            assertThat(v.storageLocation()).isNull();
            assertThat(v.runId()).isNull();
            assertThat(v.runLink()).isEqualTo("http://run");
            assertThat(v.description()).isEqualTo("desc");
            assertThat(registry.getModelVersionDownloadUri("m", "1")).isEqualTo("s3://bucket/path/model");
            assertInvalid(() -> registry.createModelVersion("m", "", null, List.of(), null, null, null),
                    "Missing value for required parameter 'source'.");
        }

        @Test
        void promptVersionsNeedThePlaceholderSource() {
            List<Tag> prompt = List.of(new Tag(RegistryService.PROMPT_TAG, "true"));

            assertThat(registry.createModelVersion("m", "prompt-template", null, prompt, null, null, null).source())
                    .isEqualTo("prompt-template");
            assertInvalid(() -> registry.createModelVersion("m", "s3://x/y", null, prompt, null, null, null),
                    "Invalid prompt source: 's3://x/y'. Prompt sources must use an MLflow placeholder.");
            assertInvalid(() -> registry.createModelVersion("m", "prompt-template", null,
                    List.of(new Tag("mlflow.prompt.text", "x".repeat(100_001))), null, null, null),
                    "Prompt text exceeds max length of 100000 characters.");
        }

        @Test
        void stagesAreCaseInsensitiveAndOnlyActiveOnesArchive() {
            version("m", "s3://b/1");
            version("m", "s3://b/2");
            registry.transitionModelVersionStage("m", "1", "staging", false);

            ModelVersion moved = registry.transitionModelVersionStage("m", "2", "STAGING", true);

            assertThat(moved.currentStage()).isEqualTo(ModelVersionStage.STAGING);
            assertThat(registry.getModelVersion("m", "1").currentStage()).isEqualTo(ModelVersionStage.ARCHIVED);
            assertInvalid(() -> registry.transitionModelVersionStage("m", "1", "Archived", true),
                    "Model version transition cannot archive existing model versions because 'Archived' is not an "
                            + "Active stage. Valid stages are ['Staging', 'Production']");
            assertInvalid(() -> registry.transitionModelVersionStage("m", "1", "Deleted_Internal", false),
                    "Invalid Model Version stage: Deleted_Internal. Value must be one of None, Staging, Production, "
                            + "Archived.");
        }

        @Test
        void deletedVersionsAreGone() {
            version("m", "s3://b/1");
            registry.setAlias("m", "a", "1");

            registry.deleteModelVersion("m", "1");

            assertCode(() -> registry.getModelVersion("m", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Model Version (name=m, version=1) not found");
            assertInvalid(() -> registry.getModelVersionByAlias("m", "a"), "Registered model alias a not found.");
            assertThat(version("m", "s3://b/2").version()).isEqualTo(2);
        }
    }

    @Nested
    class Aliases {
        @BeforeEach
        void model() {
            registry.createRegisteredModel("m", null, List.of());
            version("m", "s3://b/1");
            version("m", "s3://b/2");
        }

        @Test
        void aliasesResolveAndMissingOnesAreBadRequests() {
            registry.setAlias("m", "champion", "1");

            assertThat(registry.getModelVersionByAlias("m", "champion").aliases()).containsExactly("champion");
            assertInvalid(() -> registry.getModelVersionByAlias("m", "other"), "Registered model alias other not found.");
            assertCode(() -> registry.getModelVersionByAlias("x", "champion"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Registered Model with name=x not found");
            assertCode(() -> registry.setAlias("m", "champion", "3"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Model Version (name=m, version=3) not found");
        }

        @Test
        void latestMeansTheHighestLiveVersion() {
            registry.transitionModelVersionStage("m", "1", "Production", false);

            assertThat(registry.getModelVersionByAlias("m", "Latest").version()).isEqualTo(2);
            registry.createRegisteredModel("empty", null, List.of());
            assertCode(() -> registry.getModelVersionByAlias("empty", "latest"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Latest version not found for model empty.");
        }

        @Test
        void aliasNamesFollowMlflowsRules() {
            assertInvalid(() -> registry.setAlias("m", "", "1"), "Registered model alias name cannot be empty.");
            assertInvalid(() -> registry.setAlias("m", "has space", "1"), "Invalid alias name: 'has space'. Names "
                    + "may only contain alphanumerics, underscores (_), and dashes (-).");
            assertInvalid(() -> registry.setAlias("m", "a".repeat(256), "1"),
                    "'Registered model alias name' exceeds the maximum length of 255 characters");
            assertInvalid(() -> registry.setAlias("m", "LATEST", "1"),
                    "'latest' alias name (case insensitive) is reserved.");
            assertInvalid(() -> registry.setAlias("m", "V12", "1"), "Version alias name 'V12' is reserved.");
            registry.setAlias("m", "a".repeat(255), "1");
            registry.setAlias("m", "prod-2_b", "1");
            registry.setAlias("m", "v1x", "1");
            registry.setAlias("m", "été", "1");
            assertThat(registry.getModelVersion("m", "1").aliases()).hasSize(4);
        }

        @Test
        void deletingAnUnsetAliasSucceeds() {
            registry.deleteAlias("m", "never");
            assertCode(() -> registry.deleteAlias("x", "never"), ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Registered Model with name=x not found");
        }
    }

    private ModelVersion version(String name, String source) {
        return registry.createModelVersion(name, source, null, List.of(), null, null, null);
    }

    /** @param message null when only the code matters */
    private static void assertInvalid(ThrowingCallable call, String message) {
        assertCode(call, ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CapstanException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }
}
