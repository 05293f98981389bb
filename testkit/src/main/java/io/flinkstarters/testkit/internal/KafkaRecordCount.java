package io.flinkstarters.testkit.internal;

import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.annotation.Internal;

/** "At least N records": the usual condition to read a topic until, with a name a timeout message can show. */
@Internal
public final class KafkaRecordCount<R> implements Predicate<List<R>> {

    private final int count;

    public KafkaRecordCount(int count) {
        this.count = count;
    }

    @Override
    public boolean test(List<R> records) {
        return records.size() >= count;
    }

    @Override
    public String toString() {
        return "at least " + count + " records";
    }
}
