package io.capstan.cli;

import io.capstan.core.Page;

/** Tells on stderr how to fetch the page after a search's page. */
final class NextPage {
    private NextPage() {
    }

    /** Prints {@code More results: --page-token TOKEN} when the page has a successor. */
    static void announce(Page<?> page, Output output) {
        if (page.nextPageToken() != null) {
            output.message("More results: --page-token " + page.nextPageToken());
        }
    }
}
