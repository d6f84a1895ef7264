package org.aqlake.job.consent;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The consent gate's settings, validated by {@code JobConfig}. */
public final class ConsentRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Community sensors are privately owned: they can never be exempt from consent. */
    public static final String COMMUNITY = "community";

    /** Source types (lower case) whose readings pass without consent: public reference stations. */
    public final Set<String> exemptSourceTypes;
    /** Longest a reading waits, in processing time, for the consent input's watermark. */
    public final long maxWaitMillis;
    /** How far behind the watermark consent history is kept, for late readings. */
    public final long historyRetentionMillis;

    public ConsentRules(Set<String> exemptSourceTypes, Duration maxWait, Duration historyRetention) {
        this.exemptSourceTypes = new TreeSet<>();
        for (String t : exemptSourceTypes) {
            this.exemptSourceTypes.add(t.trim().toLowerCase(Locale.ROOT));
        }
        this.maxWaitMillis = maxWait.toMillis();
        this.historyRetentionMillis = historyRetention.toMillis();
    }

    /** Parses a comma-separated list such as {@code government,research}; blanks are ignored. */
    public static Set<String> sourceTypes(String commaSeparated) {
        Set<String> types = new TreeSet<>();
        for (String t : commaSeparated.split(",")) {
            if (!t.isBlank()) {
                types.add(t.trim().toLowerCase(Locale.ROOT));
            }
        }
        return types;
    }

    public boolean exempt(String sourceType) {
        return sourceType != null && exemptSourceTypes.contains(sourceType.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "exempt=" + exemptSourceTypes + ", max-wait=" + maxWaitMillis + " ms";
    }
}
