package io.capstan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceTrackingLookupTest {
    @Test
    void registrationsAreAppendedInPythonsJsonLayout() {
        assertThat(ServiceTrackingLookup.withRegistration(null, "m", 1)).isEqualTo("[{\"name\": \"m\", \"version\": 1}]");
        assertThat(ServiceTrackingLookup.withRegistration("[]", "m", 1)).isEqualTo("[{\"name\": \"m\", \"version\": 1}]");
        assertThat(ServiceTrackingLookup.withRegistration("[{\"name\": \"a\", \"version\": \"1\"}]", "é\"", 2))
                .isEqualTo("[{\"name\": \"a\", \"version\": \"1\"}, {\"name\": \"\\u00e9\\\"\", \"version\": 2}]");
        String once = "[{\"name\": \"m\", \"version\": 1}]";
        assertThat(ServiceTrackingLookup.withRegistration(once, "m", 1)).isSameAs(once);
        assertThat(ServiceTrackingLookup.withRegistration("garbage", "m", 1))
                .isEqualTo("[{\"name\": \"m\", \"version\": 1}]");
    }
}
