package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.testkit.PrometheusEndpoint.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    @Test
    void parsesTheTextExpositionFormat() {
        List<Sample> samples = PrometheusEndpoint.parse("""
                # HELP flink_jobmanager_job_numRestarts numRestarts (scope: jobmanager_job)
                # TYPE flink_jobmanager_job_numRestarts gauge
                flink_jobmanager_job_numRestarts{job_id="a1",host="localhost",job_name="say \\"hi\\"",} 2.0
                flink_taskmanager_job_task_operator_health_reason_deadLetters{reason="range",subtask_index="0",} 3.0
                flink_taskmanager_job_task_operator_health_reason_deadLetters{reason="range",subtask_index="1",} 4.0
                flink_taskmanager_job_task_operator_health_reason_deadLetters{reason="late",subtask_index="1",} 5.0
                up 1
                """);

        assertThat(samples).hasSize(5);
        assertThat(samples.get(0))
                .isEqualTo(new Sample(
                        "flink_jobmanager_job_numRestarts",
                        Map.of("job_id", "a1", "host", "localhost", "job_name", "say \"hi\""),
                        2.0));
        assertThat(PrometheusEndpoint.select(
                        samples,
                        "flink_taskmanager_job_task_operator_health_reason_deadLetters",
                        Map.of("reason", "range")))
                .extracting(Sample::value)
                .containsExactly(3.0, 4.0);
        assertThat(samples.get(4)).isEqualTo(new Sample("up", Map.of(), 1.0));
    }
}
