package org.aqlake.udfs.consent;

/** What a device's consent history says about one instant. */
public enum ConsentVerdict {
    /** The record in force carries a {@code shareWithResearchAsOfDate} on or before the instant. */
    GRANTED,
    /** The record in force gives no consent (yet), and none was in force just before it. */
    NO_CONSENT,
    /** The record in force ended a consent that was in force just before it took over. */
    REVOKED,
    /** No record was in force: the registry has not (or no longer) heard of the device at that time. */
    NO_RECORD
}
