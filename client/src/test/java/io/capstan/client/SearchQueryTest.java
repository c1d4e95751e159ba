package io.capstan.client;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class SearchQueryTest {
    @Test
    void blanksAndNullsMeanNothing() {
        SearchQuery query = new SearchQuery(" ", null, null, "");

        assertThat(query.filter()).isNull();
        assertThat(query.orderBy()).isEmpty();
        assertThat(query.pageToken()).isNull();
        assertThat(query).isEqualTo(SearchQuery.all());
    }

    @Test
    void orderByIsCopied() {
        List<String> clauses = new ArrayList<>(List.of("name ASC"));
        SearchQuery query = SearchQuery.all().withOrderBy(clauses);
        clauses.add("x");

        assertThat(query.orderBy()).containsExactly("name ASC");
    }

    @Test
    void aPageSizeBelowOneIsInvalid() {
        assertThatThrownBy(() -> SearchQuery.all().withMaxResults(0))
                .asInstanceOf(type(CapstanException.class))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void withersChangeOneField() {
        SearchQuery query = SearchQuery.all().withFilter("f").withOrderBy(List.of("o")).withMaxResults(3).withPageToken("t");

        assertThat(query).isEqualTo(new SearchQuery("f", List.of("o"), 3, "t"));
    }
}
