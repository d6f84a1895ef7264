package org.aqlake.job.decode;

import org.aqlake.job.model.DeadLetter;

import java.io.Serializable;

/**
 * What {@link DecodeReadings} does to a dead letter before it leaves: a dead letter is made before the
 * consent gate could decide, so the consent rules may require its personal content to go.
 */
@FunctionalInterface
public interface DeadLetterRedaction extends Serializable {

    /**
     * @param letter the dead letter, changed in place
     * @param valueFreeReason the reason, quoting nothing from the payload
     */
    void apply(DeadLetter letter, String valueFreeReason);
}
