package io.capstan.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {
    @Test
    void exitStatusesFollowMlflowErrorCodes() {
        assertThat(ExitStatus.forErrorCode("RESOURCE_DOES_NOT_EXIST").code()).isEqualTo(1);
        assertThat(ExitStatus.forErrorCode("INVALID_PARAMETER_VALUE").code()).isEqualTo(2);
        assertThat(ExitStatus.forErrorCode("BAD_REQUEST").code()).isEqualTo(2);
        assertThat(ExitStatus.forErrorCode("ENDPOINT_NOT_FOUND").code()).isEqualTo(4);
        assertThat(ExitStatus.forErrorCode("DATA_LOSS").code()).isEqualTo(4);
    }
}
