package io.capstan.serving;

import static java.util.Objects.requireNonNull;

/**
 * The file inside an MLflow model directory that Capstan will load, and its format.
 *
 * @param format not null
 * @param relativePath the model file, relative to the directory holding {@code MLmodel}; a plain
 *     relative path with no {@code ..}; not null
 * @param modelClass the Python class the flavor recorded (xgboost's {@code model_class}), or null
 */
public record ServableModel(ModelFormat format, String relativePath, String modelClass) {

    public ServableModel(ModelFormat format, String relativePath) {
        this(format, relativePath, null);
    }


    public ServableModel {
        requireNonNull(format, "format is null");
        requireNonNull(relativePath, "relativePath is null");
    }
}
