package io.suanli.jobs.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.suanli.jobs.domain.JobSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A digest of a submission as the client sent it (before defaults), over a canonical JSON form:
 * the same request hashes the same whatever the order of its fields.
 */
final class RequestDigest {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private RequestDigest() {}

    static byte[] of(JobSpec spec) {
        try {
            byte[] json = CANONICAL.writeValueAsString(normalized(spec)).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.getInstance("SHA-256").digest(json);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a job spec always digests", e);
        }
    }

    /** Decimals compare by value: 12.50 and 12.5 are the same bid. */
    private static JobSpec normalized(JobSpec s) {
        return s.maxPricePerHour() == null ? s : new JobSpec(s.tenant(), s.externalId(), s.tasks(), s.cpuCores(),
                s.memoryGiB(), s.gpus(), s.gpuModel(), s.durationHours(), s.earliestStart(), s.deadline(), s.priority(),
                s.dataSite(), s.maxLatencyMs(), s.allowedRegions(), s.maxPricePerHour().stripTrailingZeros(), s.image(),
                s.command(), s.args(), s.env(), s.maxRetries(), s.labels());
    }
}
