package io.capstan.serving.deploy;

import java.time.Instant;

/**
 * Something that happened to a deployment: created, updated, rolled out (an alias moved), rolled
 * back (a canary breached its limits), a version failing to load.
 *
 * @param time when
 * @param type {@code created}, {@code updated}, {@code rolled_out}, {@code rolled_back} or {@code failed}
 * @param message what, for people
 */
public record DeploymentEvent(Instant time, String type, String message) {
}
