-- audit_append, same records, less time under the chain lock. The records of one call are hashed
-- in order as before (each SHA-256(previous hash || canonical bytes)), but written by ONE insert
-- instead of one insert statement per record, and the JSON is taken apart before the chain head
-- is locked. A bulk submission appends a thousand records per call; every appender waits for the
-- lock (held until commit), so time spent inside it limits all writers of the trail at once.
create or replace function audit_append(entries json) returns integer
    language plpgsql security definer set search_path = public as $$
declare
    texts bytea[];
    prevs bytea[] := '{}';
    hashes bytea[] := '{}';
    n integer;
    pos bigint;
    cur_h bytea;
begin
    select array_agg(convert_to(e.value, 'UTF8') order by e.ord) into texts
        from json_array_elements_text(entries) with ordinality as e(value, ord);
    n := coalesce(array_length(texts, 1), 0);
    if n = 0 then
        return 0;
    end if;
    select seq, hash into pos, cur_h from audit_head where id = 1 for update;
    for i in 1 .. n loop
        prevs[i] := cur_h;
        cur_h := sha256(cur_h || texts[i]);
        hashes[i] := cur_h;
    end loop;
    insert into audit_record (id, canonical, prev_hash, hash)
        select pos + r.i, r.canonical, r.prev_hash, r.hash
        from unnest(texts, prevs, hashes) with ordinality as r(canonical, prev_hash, hash, i);
    update audit_head set seq = pos + n, hash = cur_h where id = 1;
    return n;
end $$;
