package io.capstan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import org.junit.jupiter.api.Test;

class ModelVersionStageTest {
    @Test
    void parsesAnyCaseAndPrintsCanonically() {
        assertThat(ModelVersionStage.parse("none")).isEqualTo(ModelVersionStage.NONE);
        assertThat(ModelVersionStage.parse("NONE").wire()).isEqualTo("None");
        assertThat(ModelVersionStage.parse("sTaGiNg").wire()).isEqualTo("Staging");
        assertThat(ModelVersionStage.parse("production").wire()).isEqualTo("Production");
        assertThat(ModelVersionStage.parse("ARCHIVED").wire()).isEqualTo("Archived");
    }

    @Test
    void rejectsOtherNames() {
        assertThatThrownBy(() -> ModelVersionStage.parse(null)).isInstanceOf(CapstanException.class);
        assertThatThrownBy(() -> ModelVersionStage.parse("prod")).isInstanceOf(CapstanException.class)
                .hasMessage("Invalid Model Version stage: prod. Value must be one of None, Staging, Production, "
                        + "Archived.");
    }

    @Test
    void onlyStagingAndProductionAreActive() {
        assertThat(ModelVersionStage.STAGING.isActive()).isTrue();
        assertThat(ModelVersionStage.PRODUCTION.isActive()).isTrue();
        assertThat(ModelVersionStage.NONE.isActive()).isFalse();
        assertThat(ModelVersionStage.ARCHIVED.isActive()).isFalse();
    }
}
