package io.suanli.metering.grpc;

import com.google.protobuf.Timestamp;
import io.suanli.common.problem.ProblemException;
import io.suanli.grpc.v1.UsageReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps usage messages to domain reports (stored records go out through {@link UsageRowMapper}). */
final class MeteringGrpcMapper {

    private MeteringGrpcMapper() {}

    static List<io.suanli.metering.domain.UsageReport> toDomain(List<UsageReport> messages) {
        List<io.suanli.metering.domain.UsageReport> reports = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            UsageReport m = messages.get(i);
            String path = "records[" + i + "].";
            reports.add(new io.suanli.metering.domain.UsageReport(m.getId().isEmpty() ? null : m.getId(),
                    m.getJobId().isEmpty() ? null : m.getJobId(), m.getTask(),
                    m.hasStartsAt() ? toInstant(m.getStartsAt()) : null, m.hasEndsAt() ? toInstant(m.getEndsAt()) : null,
                    decimal(path + "cpu_core_hours", m.getCpuCoreHours()), decimal(path + "memory_gib_hours", m.getMemoryGibHours()),
                    decimal(path + "gpu_hours", m.getGpuHours()), m.getCurrency().isEmpty() ? null : m.getCurrency()));
        }
        return reports;
    }

    /** A decimal string; empty means absent (refused as required later). */
    private static BigDecimal decimal(String field, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw ProblemException.malformed(field, "'" + value + "' is not a decimal number");
        }
    }

    /** A refused batch's error, with field paths in proto spelling ({@code records[0].cpu_core_hours}). */
    static io.suanli.grpc.v1.SubmitError toError(ProblemException problem) {
        var b = io.suanli.grpc.v1.SubmitError.newBuilder()
                .setCode(io.suanli.jobs.grpc.GrpcProblems.code(problem).value());
        List<String> messages = new ArrayList<>();
        problem.errors().forEach(e -> {
            String field = protoField(e.field());
            messages.add(field + ": " + e.message());
            b.addFieldViolations(io.suanli.grpc.v1.FieldViolation.newBuilder().setField(field).setDescription(e.message()));
        });
        return b.setMessage(messages.isEmpty() ? problem.getMessage() : String.join("; ", messages)).build();
    }

    /** {@code records[0].memoryGiBHours} → {@code records[0].memory_gib_hours}. */
    static String protoField(String field) {
        return field.replace("GiB", "Gib").replace("KWh", "Kwh").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
