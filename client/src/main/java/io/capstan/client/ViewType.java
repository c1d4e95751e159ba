package io.capstan.client;

/** Which lifecycle stages a search returns, in MLflow's {@code ViewType} vocabulary. */
public enum ViewType {
    /** Only active experiments or runs (the server's default). */
    ACTIVE_ONLY,
    /** Only deleted (restorable) experiments or runs. */
    DELETED_ONLY,
    /** Both. */
    ALL
}
