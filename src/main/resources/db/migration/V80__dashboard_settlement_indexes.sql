-- Indexes for the dashboard's tenants and providers view (spend, usage and revenue per day).

-- Usage per tenant and site per day: the view reads the last days of usage by the day it ran.
create index usage_record_charge_day_idx on usage_record (charge_day);

-- What each tenant was given: top-ups are few among millions of holds and captures.
create index ledger_entry_top_up_idx on ledger_entry (tenant) where kind = 'TOP_UP';
