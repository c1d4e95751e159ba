package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.net.URI;

/** What happens when a rule fires (and, for webhooks, when it resolves). */
public sealed interface AlertAction {

    /** The JSON name of the action's type. */
    String type();

    /**
     * POSTs each event as JSON to a URL.
     *
     * @param url an http(s) URL; not null
     * @param secret signs bodies ({@code X-Capstan-Signature: sha256=<HMAC>}) when not null; never shown back
     */
    record Webhook(URI url, String secret) implements AlertAction {
        public Webhook {
            requireNonNull(url, "url is null");
            checkHttp(url, "webhook 'url'");
            if (secret != null && secret.isEmpty()) {
                secret = null;
            }
        }

        @Override
        public String type() {
            return "webhook";
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null ? "none" : "***") + "]";
        }
    }

    /**
     * Records a retrain request when the rule fires, for a pipeline to claim; optionally runs one of the
     * server's configured retrain commands on it, or POSTs it to a webhook.
     *
     * @param command the name of a command the server was started with ({@code --retrain-command NAME=…}),
     *     or null
     * @param webhook an http(s) URL the request is POSTed to, or null
     */
    record Retrain(String command, URI webhook) implements AlertAction {
        public Retrain {
            if (command != null && !command.matches("[A-Za-z0-9._-]{1,64}")) {
                throw CapstanException.invalid("retrain 'command' must name a configured command "
                        + "(1-64 letters, digits, '.', '_' or '-')");
            }
            if (webhook != null) {
                checkHttp(webhook, "retrain 'webhook'");
            }
            if (command != null && webhook != null) {
                // one delivery per action: a rule that wants both lists two retrain actions
                throw CapstanException.invalid("A retrain action takes a 'command' or a 'webhook', not both");
            }
        }

        @Override
        public String type() {
            return "retrain";
        }
    }

    private static void checkHttp(URI url, String what) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw CapstanException.invalid("%s must be an http:// or https:// URL with a host, got '%s'", what, url);
        }
    }
}
