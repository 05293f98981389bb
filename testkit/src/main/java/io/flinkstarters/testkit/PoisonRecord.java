package io.flinkstarters.testkit;

import java.util.function.Predicate;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One input record a job cannot process, and what the job promises to do with it: write it to its dead
 * letters and go on, or fail clearly (without looping in restarts). The contract's poison-record test
 * sends it between the two phases of good input and holds the job to its promise.
 *
 * @param deadLetterTopic for {@link Outcome#DEAD_LETTER}: the suffix of the dead-letter topic ({@link ContractContext#topic(String)})
 * @param isItsDeadLetter for {@link Outcome#DEAD_LETTER}: recognizes the poison record's dead letter
 * @param failure for {@link Outcome#FAILS}: a part of the job's last failure that says why
 */
@PublicEvolving
public record PoisonRecord(
        byte[] key,
        byte[] value,
        Outcome outcome,
        String deadLetterTopic,
        Predicate<ConsumerRecord<byte[], byte[]>> isItsDeadLetter,
        String failure) {

    /** What the job does with a poison record. */
    public enum Outcome {
        /** Writes it to its dead-letter topic, without a restart, and goes on. */
        DEAD_LETTER,
        /** Fails for good, with a failure that says why. */
        FAILS
    }

    public static PoisonRecord deadLettered(
            byte[] key,
            byte[] value,
            String deadLetterTopic,
            Predicate<ConsumerRecord<byte[], byte[]>> isItsDeadLetter) {
        return new PoisonRecord(key, value, Outcome.DEAD_LETTER, deadLetterTopic, isItsDeadLetter, null);
    }

    public static PoisonRecord failsClearly(byte[] key, byte[] value, String failure) {
        return new PoisonRecord(key, value, Outcome.FAILS, null, record -> false, failure);
    }
}
