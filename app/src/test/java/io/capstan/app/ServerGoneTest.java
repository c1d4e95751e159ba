package io.capstan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerGoneTest {
    @Test
    void aServerOnThisHostIsGoneWhenItsProcessHasEnded() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long self = ProcessHandle.current().pid();

        assertThat(Capstan.serverGone("box:" + child.pid() + ":ab12cd34", "box")).isTrue();
        assertThat(Capstan.serverGone("box:" + self + ":ab12cd34", "box")).isFalse();
    }

    @Test
    void aServerElsewhereOrAnUnreadableNameNeverCountsAsGone() {
        assertThat(Capstan.serverGone("other-host:1:ab12cd34", "box")).isFalse();
        assertThat(Capstan.serverGone("box:notapid:ab12cd34", "box")).isFalse();
        assertThat(Capstan.serverGone("box", "box")).isFalse();
        assertThat(Capstan.serverGone(":1:x", "")).isFalse();
    }
}
