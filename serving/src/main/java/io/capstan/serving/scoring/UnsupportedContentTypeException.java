package io.capstan.serving.scoring;

/**
 * A request whose content type MLflow's scoring server refuses: answered {@code 415} with the
 * message as plain text, as {@code mlflow models serve} does.
 */
public final class UnsupportedContentTypeException extends RuntimeException {

    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
