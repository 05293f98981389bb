package io.flinkstarters.testkit.sample;

import com.typesafe.config.Config;
import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ContractJob;
import io.flinkstarters.testkit.KafkaBroker;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The sample pipeline as a {@link ContractJob}, with a chosen delivery guarantee for its sink. */
record SampleJob(DeliveryGuarantee guarantee) implements ContractJob<String> {

    @Override
    public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
        SamplePipeline.build(env, context, guarantee);
    }

    @Override
    public List<String> produceInput(KafkaBroker kafka, String topic, int from, int to) {
        return SamplePipeline.produce(kafka, topic, from, to);
    }

    @Override
    public List<String> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed) {
        return SamplePipeline.ids(committed);
    }

    @Override
    public Config configuration() {
        return SamplePipeline.configuration();
    }

    @Override
    public int timeScale() {
        return SamplePipeline.TIME_SCALE;
    }
}
