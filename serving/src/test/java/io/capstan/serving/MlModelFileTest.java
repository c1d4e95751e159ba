package io.capstan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlModelFileTest {

    // shaped like what mlflow.onnx.log_model writes
    static final String ONNX = """
            artifact_path: model
            flavors:
              onnx:
                code: null
                data: model.onnx
                onnx_version: 1.16.1
                providers:
                - CPUExecutionProvider
              python_function:
                data: model.onnx
                env:
                  conda: conda.yaml
                  virtualenv: python_env.yaml
                loader_module: mlflow.onnx
                python_version: 3.11.7
            mlflow_version: 2.17.2
            model_uuid: 1f0c7e0a2b6d4c8e9f1a2b3c4d5e6f70
            run_id: 5c1a9e0d7b3f4a2c8e6d1b0a9f8e7d6c
            """;

    @Test
    void onnxFlavorNamesItsFile(@TempDir Path dir) throws Exception {
        MlModelFile file = MlModelFile.parse(ONNX);
        assertThat(file.flavors()).containsExactly("onnx", "python_function");
        assertThat(file.runId()).contains("5c1a9e0d7b3f4a2c8e6d1b0a9f8e7d6c");
        assertThat(file.modelUuid()).contains("1f0c7e0a2b6d4c8e9f1a2b3c4d5e6f70");
        assertThat(file.servable()).isEqualTo(new ServableModel(ModelFormat.ONNX, "model.onnx"));

        Files.writeString(dir.resolve("MLmodel"), ONNX);
        MlModelFile read = MlModelFile.read(dir);
        assertThat(read.resolve(dir)).isEqualTo(dir.toAbsolutePath().normalize().resolve("model.onnx"));
    }

    @Test
    void xgboostIsServedWithItsModelClass() {
        MlModelFile file = MlModelFile.parse("""
                flavors:
                  python_function: {loader_module: mlflow.xgboost, data: model.ubj}
                  xgboost: {data: model.ubj, model_class: xgboost.sklearn.XGBClassifier, model_format: ubj}
                """);
        assertThat(file.servable()).isEqualTo(new ServableModel(ModelFormat.XGBOOST, "model.ubj",
                "xgboost.sklearn.XGBClassifier"));
        assertThatThrownBy(() -> MlModelFile.parse("flavors:\n  xgboost: {data: ../x.ubj}\n").servable())
                .hasMessageContaining("outside the model directory");
    }

    @Test
    void sklearnPicklesAreRefusedWithAdvice() {
        MlModelFile file = MlModelFile.parse("""
                flavors:
                  python_function: {loader_module: mlflow.sklearn, model_path: model.pkl}
                  sklearn: {pickled_model: model.pkl, serialization_format: cloudpickle}
                """);
        assertInvalid(file::servable, "mlflow.onnx.log_model");
        assertInvalid(file::servable, "skl2onnx");
    }

    @Test
    void pythonFunctionOnlyIsRefusedWithAdvice() {
        MlModelFile file = MlModelFile.parse("""
                flavors:
                  python_function: {loader_module: mlflow.pyfunc.model, cloudpickle_version: 3.0.0}
                """);
        assertInvalid(file::servable, "found [python_function]");
        assertInvalid(file::servable, "mlflow.onnx.log_model");
    }

    @Test
    void refusesMalformedFiles() {
        assertInvalid(() -> MlModelFile.parse("flavors: [unclosed"), "not valid YAML");
        assertInvalid(() -> MlModelFile.parse("- a list"), "must be a YAML mapping");
        assertInvalid(() -> MlModelFile.parse("run_id: abc"), "no 'flavors'");
        assertInvalid(() -> MlModelFile.parse("flavors: {onnx: {onnx_version: 1.16.1}}").servable(),
                "onnx flavor has no 'data'");
        assertInvalid(() -> MlModelFile.parse("flavors: {onnx: {data: ../../etc/passwd}}").servable(),
                "outside the model directory");
        assertInvalid(() -> MlModelFile.parse("flavors: {onnx: {data: /etc/passwd}}").servable(),
                "must be a relative path");
    }

    @Test
    void missingFileIsNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> MlModelFile.read(dir))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(message);
    }
}
