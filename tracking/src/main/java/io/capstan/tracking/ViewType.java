package io.capstan.tracking;

/** Which lifecycle stages a search returns. */
public enum ViewType {
    ACTIVE_ONLY,
    DELETED_ONLY,
    ALL;

    /** Whether an entity in {@code stage} is visible under this view. */
    public boolean includes(LifecycleStage stage) {
        return switch (this) {
            case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
            case DELETED_ONLY -> stage == LifecycleStage.DELETED;
            case ALL -> true;
        };
    }
}
