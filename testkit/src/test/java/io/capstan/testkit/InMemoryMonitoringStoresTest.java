package io.capstan.testkit;

import io.capstan.monitoring.alert.InMemoryAlertStore;
import io.capstan.monitoring.monitor.InMemoryGroundTruthStore;
import io.capstan.monitoring.monitor.InMemoryMonitorStore;
import io.capstan.monitoring.spi.AlertStore;
import io.capstan.monitoring.spi.GroundTruthStore;
import io.capstan.monitoring.spi.MonitorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The monitoring contracts on the in-memory reference stores. */
class InMemoryMonitoringStoresTest {
    @Nested
    class Monitors extends MonitorStoreContract {
        @Override
        protected MonitorStore createStore(Path dir) {
            return new InMemoryMonitorStore();
        }
    }

    @Nested
    class GroundTruth extends GroundTruthStoreContract {
        @Override
        protected GroundTruthStore createStore(Path dir) {
            return new InMemoryGroundTruthStore();
        }
    }

    @Nested
    class Alerts extends AlertStoreContract {
        @Override
        protected AlertStore createStore(Path dir) {
            return new InMemoryAlertStore();
        }
    }
}
