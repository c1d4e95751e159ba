/**
 * The {@code capstan} command and the composition root ({@link io.capstan.app.Capstan}):
 * configuration ({@link io.capstan.app.CapstanConfig}) and plain constructor wiring.
 */
package io.capstan.app;
