package org.aqlake.tools.produce;

import java.io.IOException;
import java.util.NoSuchElementException;

/** The first N records of a source: {@code produce --replay FILE --count N}. */
public final class LimitedSource implements RecordSource {

    private final RecordSource inner;
    private final long limit;
    private long left;

    public LimitedSource(RecordSource inner, long limit) {
        this.inner = inner;
        this.limit = limit;
        this.left = limit;
    }

    @Override
    public String describe() {
        return inner.describe() + ", first " + limit + " records";
    }

    @Override
    public boolean hasNext() {
        return left > 0 && inner.hasNext();
    }

    @Override
    public ProducerRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        left--;
        return inner.next();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
