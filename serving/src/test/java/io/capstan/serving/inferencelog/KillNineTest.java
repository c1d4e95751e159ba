package io.capstan.serving.inferencelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing acknowledged is lost on kill -9": a child JVM appends from several threads and prints
 * each id the log acknowledged; the test kills it mid-stream (SIGKILL) and finds every printed id
 * in the log, which must still read cleanly despite the torn tail the kill may leave.
 *
 * <p>What this proves is the order "written, then acknowledged" and the crash repair; a kill
 * leaves the page cache intact, so surviving a power cut (the fsync) cannot be shown by a test.
 */
class KillNineTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendingProcess.class.getName(), dir.toString(), "4")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 500 && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            assertThat(acknowledged).as("the child acknowledged records before being killed").hasSize(500);
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
            // pipe, and the ids already in it were acknowledged before the kill too
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            while ((line = out.readLine()) != null) {
                if (line.startsWith("req-")) {
                    acknowledged.add(line);
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> logged = new HashSet<>();
        try (Stream<InferenceRecord> records = FileInferenceLog.read(dir, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"))) {
            records.forEach(record -> logged.add(record.requestId()));
        }
        assertThat(logged).containsAll(acknowledged);

        // and the log carries on after the crash
        try (FileInferenceLog log = new FileInferenceLog(FileInferenceLogConfig.defaults(dir),
                r -> Thread.ofPlatform().daemon().unstarted(r))) {
            assertThat(log.append(Records.record("after-crash", Instant.parse("2025-03-01T10:00:00Z"))))
                    .isEqualTo(AppendOutcome.WRITTEN);
            try (Stream<InferenceRecord> records = log.read(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))) {
                List<String> ids = records.map(InferenceRecord::requestId).toList();
                assertThat(ids).contains("after-crash").containsAll(acknowledged);
            }
        }
    }
}
