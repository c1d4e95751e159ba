package io.capstan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.monitoring.spi.RetrainCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRetrainCommandsTest {
    @Test
    void runsTheCommandWithTheRequestInItsEnvironmentAndKeepsItsOutput() {
        ProcessRetrainCommands commands = new ProcessRetrainCommands(
                ProcessRetrainCommands.parse(List.of("env=/usr/bin/env", "fail=/bin/false")), Duration.ofSeconds(30));
        assertThat(commands.names()).containsExactly("env", "fail");
        RetrainCommands.Outcome ok = commands.run("env", Map.of("CAPSTAN_RETRAIN_ID", "r-42"));
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.output()).contains("CAPSTAN_RETRAIN_ID=r-42").endsWith("[exit 0]");
        RetrainCommands.Outcome failed = commands.run("fail", Map.of());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.output()).endsWith("[exit 1]");
        assertThatThrownBy(() -> commands.run("other", Map.of())).hasMessageContaining("no retrain command 'other'");
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndAMissingOneFails() {
        ProcessRetrainCommands commands = new ProcessRetrainCommands(ProcessRetrainCommands.parse(
                List.of("slow=/bin/sleep 30", "gone=/nonexistent/train.sh")), Duration.ofMillis(300));
        RetrainCommands.Outcome slow = commands.run("slow", Map.of());
        assertThat(slow.succeeded()).isFalse();
        assertThat(slow.output()).contains("[killed after");
        RetrainCommands.Outcome gone = commands.run("gone", Map.of());
        assertThat(gone.succeeded()).isFalse();
        assertThat(gone.output()).contains("could not start /nonexistent/train.sh");
    }

    @Test
    void keepsOnlyTheEndOfALongOutput() {
        ProcessRetrainCommands commands = new ProcessRetrainCommands(
                ProcessRetrainCommands.parse(List.of("yes=/usr/bin/head -c 100000 /dev/zero")), Duration.ofSeconds(30));
        RetrainCommands.Outcome out = commands.run("yes", Map.of());
        assertThat(out.succeeded()).isTrue();
        assertThat(out.output().length()).isLessThanOrEqualTo(4096 + 20);
    }
}
