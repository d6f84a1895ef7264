package org.aqlake.job.aggregate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregation key: one place per key, and the keys of a savepoint taken before places still match. */
class LocationKeyTest {

    @Test
    void aLocationWithoutCityAndCountryKeepsTheKeyItHadBeforePlaces() {
        assertThat(LocationKey.of("CBD", null, null)).isEqualTo("@CBD");
        assertThat(LocationKey.of(null, "Adelaide", "AU")).isEqualTo(LocationKey.NO_LOCATION);
    }

    @Test
    void oneLocationNameInTwoCitiesOrCountriesIsTwoKeys() {
        assertThat(LocationKey.of("CBD", "Adelaide", "AU")).isNotEqualTo(LocationKey.of("CBD", "Sydney", "AU"))
                .isNotEqualTo(LocationKey.of("CBD", "Adelaide", "NZ")).isNotEqualTo(LocationKey.of("CBD", null, "AU"))
                .isEqualTo(LocationKey.of("CBD", "Adelaide", "AU"));
    }

    @Test
    void noSeparatorInsideANameMakesTwoPlacesOneKey() {
        assertThat(LocationKey.of("a|1:b", "c", null)).isNotEqualTo(LocationKey.of("a", "b|1:c", null));
        assertThat(LocationKey.of("a", "", null)).isNotEqualTo(LocationKey.of("a", null, ""));
    }
}
