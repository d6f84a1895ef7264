package org.aqlake.tools.produce;

import java.io.IOException;
import java.util.Iterator;

/** Where the producer's records come from: synthetic readings or a replayed file. */
public interface RecordSource extends Iterator<ProducerRecord>, AutoCloseable {

    /** One line for the start-up message, for example "replay of readings.csv (OpenAQ daily CSV, header)". */
    String describe();

    @Override
    default void close() throws IOException {}
}
