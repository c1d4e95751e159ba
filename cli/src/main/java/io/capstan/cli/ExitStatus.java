package io.capstan.cli;

/** The exit statuses of the commands, one per outcome a script may branch on. */
enum ExitStatus {
    OK(0),
    /** The server answered RESOURCE_DOES_NOT_EXIST. */
    NOT_FOUND(1),
    /** A usage error, or the server rejected the input (INVALID_PARAMETER_VALUE, BAD_REQUEST). */
    BAD_INPUT(2),
    /** The server did not answer. */
    UNREACHABLE(3),
    /** Any other error the server answered with. */
    SERVER_ERROR(4);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The process exit code. */
    int code() {
        return code;
    }

    /** The status for one of MLflow's error code names; never null. */
    static ExitStatus forErrorCode(String errorCode) {
        return switch (errorCode) {
            case "RESOURCE_DOES_NOT_EXIST" -> NOT_FOUND;
            case "INVALID_PARAMETER_VALUE", "BAD_REQUEST" -> BAD_INPUT;
            default -> SERVER_ERROR;
        };
    }
}
