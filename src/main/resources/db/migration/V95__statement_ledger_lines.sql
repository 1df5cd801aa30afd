-- Statements list the ledger's refunds, reversals and corrections of their period (by the day
-- they were posted). Those entries are few among millions of holds and captures: a partial index
-- on the posting time finds a period's without reading the captures.
create index ledger_entry_statement_line_idx on ledger_entry (at) where kind in ('REFUND', 'REVERSAL', 'CORRECTION');
