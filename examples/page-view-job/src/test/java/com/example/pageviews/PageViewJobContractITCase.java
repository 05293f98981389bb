package com.example.pageviews;

import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ExactlyOnceContract;
import io.flinkstarters.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The page-view job under the testkit's whole fault battery, on its own settings (its
 * {@code application.conf}: failure-rate restarts, hashmap state), with durations divided by 60.
 */
class PageViewJobContractITCase extends ExactlyOnceContract<String> {

    @Override
    public int timeScale() {
        return 60;
    }

    @Override
    public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
        PageViewJob.build(
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
        List<String> viewIds = new ArrayList<>();
        for (int n = from; n < to; n++) {
            String viewId = "view-" + n;
            viewIds.add(viewId);
            String view = viewId + ",/page/" + (n % 5);
            records.add(new ProducerRecord<>(
                    topic, viewId.getBytes(StandardCharsets.UTF_8), view.getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produce(topic, records);
        return viewIds;
    }

    @Override
    public List<String> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed) {
        return committed.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8).split(",")[0])
                .toList();
    }
}
