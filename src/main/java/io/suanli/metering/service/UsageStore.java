package io.suanli.metering.service;

import io.smallrye.mutiny.Uni;
import io.suanli.common.problem.FieldError;
import io.suanli.common.problem.ProblemException;
import io.suanli.common.problem.ProblemType;
import io.suanli.metering.domain.UsageRecord;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes usage records in bulk: one {@code insert ... select from unnest(...) on conflict do
 * nothing} per batch, then a re-read of the ids that were already there to tell harmless repeats
 * (same digest) from conflicting ones (refused: the caller's transaction rolls back).
 */
@Singleton
public class UsageStore {

    /** A record ready to store, with the digest of the report it came from and the day it is billed in. */
    public record Pending(UsageRecord record, byte[] digest, LocalDate billingDay, String field) {}

    /** How many records of a batch were new and how many repeated stored ones. */
    public record Outcome(int inserted, int duplicates) {}

    private static final String INSERT = "insert into usage_record (event_id, digest, source, job_id, attempt, task, tenant, site,"
            + " region, tier, node, gpu_model, starts_at, ends_at, cpu_core_hours, memory_gib_hours, gpu_hours, energy_kwh,"
            + " carbon_kg, price_cpu_core, price_memory_gib, price_gpu, currency, list_cost_minor, billed_cost_minor, charge_day,"
            + " billing_day, recorded_at)"
            + " select e, decode(d, 'hex'), s, j::uuid, a, t, te, si, r, ti, n, g, sa::timestamptz, ea::timestamptz, c::numeric,"
            + " m::numeric, gp::numeric, en::numeric, ca::numeric, pc::numeric, pm::numeric, pg::numeric, cu, l, b, cd::date,"
            + " bd::date, ra::timestamptz"
            + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[],"
            + " $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],"
            + " $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::bigint[],"
            + " $25::bigint[], $26::text[], $27::text[], $28::text[])"
            + " as u(e, d, s, j, a, t, te, si, r, ti, n, g, sa, ea, c, m, gp, en, ca, pc, pm, pg, cu, l, b, cd, bd, ra)"
            // One insertion order for every batch: two batches sharing ids then wait, never deadlock.
            + " order by e"
            + " on conflict (event_id) do nothing returning event_id";

    public Uni<Outcome> insert(SqlConnection connection, List<Pending> pending) {
        int n = pending.size();
        Object[][] columns = new Object[28][];
        Class<?>[] types = {String.class, String.class, String.class, String.class, Integer.class, Integer.class, String.class,
            String.class, String.class, String.class, String.class, String.class, String.class, String.class, String.class,
            String.class, String.class, String.class, String.class, String.class, String.class, String.class, String.class,
            Long.class, Long.class, String.class, String.class, String.class};
        for (int c = 0; c < columns.length; c++) {
            columns[c] = (Object[]) java.lang.reflect.Array.newInstance(types[c], n);
        }
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(i);
            UsageRecord r = p.record();
            Object[] values = {r.eventId(), hex.formatHex(p.digest()), r.source().name(), r.jobId(), r.attempt(), r.task(),
                r.tenant(), r.site(), r.region(), r.tier(), r.node(), r.gpuModel(), r.startsAt().toString(), r.endsAt().toString(),
                r.cpuCoreHours().toPlainString(), r.memoryGiBHours().toPlainString(), r.gpuHours().toPlainString(),
                r.energyKWh().toPlainString(), r.carbonKg().toPlainString(), r.prices().cpuCore().toPlainString(),
                r.prices().memoryGiB().toPlainString(), r.prices().gpu().toPlainString(), r.currency(), r.listCostMinor(),
                r.billedCostMinor(), r.chargeDay().toString(), p.billingDay().toString(), r.recordedAt().toString()};
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = values[c];
            }
        }
        Tuple params = Tuple.tuple();
        for (Object[] column : columns) {
            params.addValue(column);
        }
        return connection.preparedQuery(INSERT).execute(params).chain(inserted -> {
            Set<String> fresh = new HashSet<>();
            for (Row row : inserted) {
                fresh.add(row.getString(0));
            }
            if (fresh.size() == n) {
                return Uni.createFrom().item(new Outcome(n, 0));
            }
            return checkRepeats(connection, pending, fresh).map(ignored -> new Outcome(fresh.size(), n - fresh.size()));
        });
    }

    /** Every record that was not inserted must equal the stored one; otherwise the batch is refused. */
    private static Uni<Void> checkRepeats(SqlConnection connection, List<Pending> pending, Set<String> fresh) {
        // A record whose id was first taken by an earlier row of this same batch counts as a repeat of that row.
        Map<String, byte[]> firstInBatch = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (Pending p : pending) {
            String id = p.record().eventId();
            if (!fresh.contains(id) || firstInBatch.containsKey(id)) {
                repeated.add(id);
            }
            firstInBatch.putIfAbsent(id, p.digest());
        }
        return connection.preparedQuery("select event_id, digest from usage_record where event_id = any($1::text[])")
                .execute(Tuple.of(repeated.toArray(new String[0])))
                .map(rows -> {
                    Map<String, byte[]> stored = new HashMap<>();
                    for (Row row : rows) {
                        stored.put(row.getString(0), row.getBuffer(1).getBytes());
                    }
                    List<FieldError> conflicts = new ArrayList<>();
                    for (Pending p : pending) {
                        byte[] known = stored.get(p.record().eventId());
                        if (known != null && !java.util.Arrays.equals(known, p.digest())) {
                            conflicts.add(new FieldError(p.field(), "usage record '" + p.record().eventId()
                                    + "' was already reported with different content"));
                        }
                    }
                    if (!conflicts.isEmpty()) {
                        throw new ProblemException(ProblemType.CONFLICT, conflicts.get(0).toString()
                                + (conflicts.size() > 1 ? " (and " + (conflicts.size() - 1) + " more)" : ""), conflicts);
                    }
                    return null;
                });
    }
}
