/**
 * Deployments: a registered model's versions behind one name, with traffic weights (canary),
 * sticky routing by a request header, a shadow version that gets copies, an alias to follow
 * (moving {@code @champion} rolls out; moving it back rolls back), and auto-rollback of a canary
 * whose error rate or p99 breaches its limits for consecutive windows.
 *
 * <p>Why in-process: the versions share one JVM and ONNX Runtime environment, so a rollout loads
 * the new version next to the old one, warms it, and switches traffic with one reference swap; no
 * request sees a missing model. Old versions are closed after a grace period, once requests that
 * picked them have finished.
 */
package io.capstan.serving.deploy;
