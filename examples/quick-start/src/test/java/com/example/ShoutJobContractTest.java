package com.example;

import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ExactlyOnceContract;
import io.flinkstarters.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** ShoutJob on a local MiniCluster with Kafka, under every fault of the contract: each record out exactly once. */
class ShoutJobContractTest extends ExactlyOnceContract<String> {

    @Override
    public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
        ShoutJob.build(
                env,
                context.bootstrapServers(),
                context.inputTopic(),
                context.outputTopic(),
                context.transactionalIdPrefix(),
                context.sinkProperties(),
                context::faultPoint);
    }

    @Override
    public List<String> produceInput(KafkaBroker kafka, String topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int n = from; n < to; n++) {
            ids.add("record-" + n);
            records.add(new ProducerRecord<>(topic, ("record-" + n).getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produce(topic, records);
        return ids;
    }

    @Override
    public List<String> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed) {
        return committed.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT))
                .toList();
    }
}
