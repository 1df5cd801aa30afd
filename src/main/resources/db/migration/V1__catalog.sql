-- The estate catalog: regions, sites, latency, nodes, tenants and the exchange settings.
-- Estate objects are keyed by their unique names, which are also what the API and the
-- scenario format address them by. Every rule the service checks is also a constraint here, so a bug cannot store bad data.

create table exchange_settings (
    id                      smallint primary key default 1 check (id = 1),
    slot_minutes            integer        not null check (slot_minutes between 1 and 1440),
    horizon_hours           integer        not null check (horizon_hours between 1 and 168),
    freeze_slots            integer        not null check (freeze_slots between 0 and 168),
    carbon_price_per_tonne  numeric(20, 6) not null check (carbon_price_per_tonne >= 0),
    currency                char(3)        not null check (currency ~ '^[A-Z]{3}$'),
    time_zone               text           not null check (length(time_zone) between 1 and 64),
    updated_at              timestamptz    not null
);

create table region (
    name              text collate "C"   primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    display_name      text   check (length(display_name) <= 200),
    carbon_starts_at  timestamptz not null,
    -- gCO2e per kWh, one value per hour from carbon_starts_at; one value means constant.
    carbon_intensity  double precision[] not null
        check (cardinality(carbon_intensity) between 1 and 87600 and array_position(carbon_intensity, null) is null),
    updated_at        timestamptz not null
);

create table site (
    name          text collate "C"   primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    display_name  text   check (length(display_name) <= 200),
    region        text collate "C"   not null references region (name),
    tier          text   not null check (tier in ('GENERAL', 'SUPERCOMPUTING', 'INTELLIGENT', 'EDGE')),
    pue           double precision not null check (pue >= 1.0 and pue <= 5.0),
    updated_at    timestamptz not null
);
create index site_region_idx on site (region);

-- One-way latency between two sites, stored once per pair (site_a < site_b).
create table site_latency (
    site_a  text collate "C" not null references site (name) on delete cascade,
    site_b  text collate "C" not null references site (name) on delete cascade,
    ms      double precision not null check (ms >= 0 and ms <= 10000),
    primary key (site_a, site_b),
    check (site_a < site_b)
);
create index site_latency_b_idx on site_latency (site_b);

create table node (
    name                  text collate "C"    primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    site                  text collate "C"    not null references site (name),
    cpu_cores             integer not null check (cpu_cores between 0 and 100000),
    memory_gib            double precision not null check (memory_gib >= 0 and memory_gib <= 1000000),
    gpus                  integer not null check (gpus between 0 and 1024),
    gpu_model             text    check (gpu_model ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    price_cpu_core        numeric(20, 6) not null check (price_cpu_core >= 0),
    price_memory_gib      numeric(20, 6) not null check (price_memory_gib >= 0),
    price_gpu             numeric(20, 6) not null check (price_gpu >= 0),
    power_cpu_core_watts  double precision not null check (power_cpu_core_watts >= 0 and power_cpu_core_watts <= 100000),
    power_gpu_watts       double precision not null check (power_gpu_watts >= 0 and power_gpu_watts <= 100000),
    state                 text    not null default 'UP' check (state in ('UP', 'DRAINING', 'DOWN')),
    updated_at            timestamptz not null,
    check ((gpus = 0 and gpu_model is null) or (gpus > 0 and gpu_model is not null))
);
create index node_site_idx on node (site);

create table tenant (
    -- Tenants become Kubernetes namespaces: DNS-1123 labels only.
    name          text collate "C" primary key check (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    display_name  text check (length(display_name) <= 200),
    gpu_quota     integer check (gpu_quota >= 0),
    cpu_quota     integer check (cpu_quota >= 0),
    updated_at    timestamptz not null
);
