/**
 * Versioned schema of the sales outbox. `PRAGMA user_version` holds the number of migrations
 * applied. Append new migrations; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the outbox and its history.
  `
  CREATE TABLE sales (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    counter_key TEXT NOT NULL,
    user_id TEXT,
    uitpas_number TEXT NOT NULL,
    group_pass INTEGER NOT NULL CHECK (group_pass IN (0, 1)),
    passholder_uid TEXT,
    holder_name TEXT,
    cdbid TEXT NOT NULL,
    activity_title TEXT NOT NULL,
    price_class TEXT,
    coupon_id TEXT,
    coupon_name TEXT,
    amount_of_tickets INTEGER NOT NULL CHECK (amount_of_tickets > 0),
    expected_price_cents INTEGER NOT NULL,
    expected_tariff_cents INTEGER NOT NULL,
    provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
    state TEXT NOT NULL CHECK (state IN ('pending','sending','registered','rejected','unknown','reconciling','cancelled','resolved')),
    attempts INTEGER NOT NULL DEFAULT 0,
    first_attempt_at TEXT,
    first_attempt_ms INTEGER,
    next_attempt_ms INTEGER,
    ticket_sale_id TEXT,
    registered_price_cents INTEGER,
    registered_tariff_cents INTEGER,
    last_error_code TEXT,
    last_error_message TEXT,
    alert TEXT,
    needs_operator INTEGER NOT NULL DEFAULT 0,
    resolution TEXT,
    purged_at TEXT
  );
  -- A UiTPAS ticket sale can belong to one local sale only: reconciliation cannot adopt it twice.
  CREATE UNIQUE INDEX sales_ticket_sale_id ON sales(ticket_sale_id) WHERE ticket_sale_id IS NOT NULL;
  -- The replay queue (FIFO by creation) and the counts.
  CREATE INDEX sales_state_created ON sales(state, created_ms);
  -- Today's list.
  CREATE INDEX sales_created ON sales(created_ms);

  CREATE TABLE sale_history (
    sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw_request TEXT,
    raw_response TEXT,
    PRIMARY KEY (sale_id, seq)
  );

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
