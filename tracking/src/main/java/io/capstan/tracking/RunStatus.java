package io.capstan.tracking;

/** A run's status, independent of its lifecycle stage: a FINISHED run still accepts writes. */
public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED
}
