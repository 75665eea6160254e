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
  // 2: day-close reports (main/reports). report_events is the ordered log of what a report counts
  // (a sale made, registered, rejected, a registered sale cancelled), filled by a trigger in the
  // same transaction as the state change, so no code path can forget it. A Z report covers the
  // counter's events after the previous Z's last one: a sale belongs to the first Z made after
  // its registration. Its INTEGER PRIMARY KEY keeps the order through VACUUM (a rowid would not).
  // Both tables are append-only: triggers abort any UPDATE or DELETE.
  `
  CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,
    sale_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('made', 'registered', 'rejected', 'cancelled')),
    at TEXT NOT NULL,
    counter_key TEXT NOT NULL,
    UNIQUE (sale_id, seq)
  );
  CREATE INDEX report_events_counter ON report_events(counter_key, id);
  INSERT INTO report_events (sale_id, seq, kind, at, counter_key)
    SELECT h.sale_id, h.seq, CASE WHEN h.from_state IS NULL THEN 'made' ELSE h.to_state END, h.at, s.counter_key
    FROM sale_history h JOIN sales s ON s.id = h.sale_id
    WHERE h.from_state IS NULL OR (h.from_state IS NOT h.to_state AND (h.to_state IN ('registered', 'rejected')
      OR (h.to_state = 'cancelled' AND h.from_state = 'registered')))
    ORDER BY h.at, h.rowid;
  CREATE TRIGGER report_events_from_history AFTER INSERT ON sale_history
    WHEN NEW.from_state IS NULL OR (NEW.from_state IS NOT NEW.to_state AND (NEW.to_state IN ('registered', 'rejected')
      OR (NEW.to_state = 'cancelled' AND NEW.from_state = 'registered')))
  BEGIN
    INSERT INTO report_events (sale_id, seq, kind, at, counter_key)
    VALUES (NEW.sale_id, NEW.seq, CASE WHEN NEW.from_state IS NULL THEN 'made' ELSE NEW.to_state END, NEW.at,
            (SELECT counter_key FROM sales WHERE id = NEW.sale_id));
  END;
  CREATE TRIGGER report_events_no_update BEFORE UPDATE ON report_events
  BEGIN SELECT RAISE(ABORT, 'report events are append-only'); END;
  CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
  BEGIN SELECT RAISE(ABORT, 'report events are append-only'); END;

  CREATE TABLE z_reports (
    id INTEGER PRIMARY KEY,
    counter_key TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    made_at TEXT NOT NULL,
    -- The report covers this counter's report_events with after_event_id < id <= last_event_id.
    after_event_id INTEGER NOT NULL,
    last_event_id INTEGER NOT NULL,
    user_id TEXT,
    report_json TEXT NOT NULL,
    UNIQUE (counter_key, number)
  );
  CREATE TRIGGER z_reports_consecutive BEFORE INSERT ON z_reports
  BEGIN
    SELECT RAISE(ABORT, 'Z report numbers are consecutive per counter')
      WHERE NEW.number IS NOT (SELECT COALESCE(MAX(number), 0) + 1 FROM z_reports WHERE counter_key = NEW.counter_key);
    SELECT RAISE(ABORT, 'a Z report starts where the previous one of its counter ended')
      WHERE NEW.after_event_id IS NOT COALESCE(
        (SELECT last_event_id FROM z_reports WHERE counter_key = NEW.counter_key ORDER BY number DESC LIMIT 1), 0);
    SELECT RAISE(ABORT, 'a Z report covers at least one new event')
      WHERE NEW.last_event_id <= NEW.after_event_id;
  END;
  CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'a Z report is immutable'); END;
  CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'a Z report is immutable'); END;
  `,
  // 3: exactly-once after uncertain attempts (docs/exactly-once.md).
  // - Cancels go through the outbox: three new states, and `cancel_requested` for a cancel asked
  //   while the buy itself is not settled yet. SQLite cannot change a CHECK constraint in place,
  //   so `sales` is rebuilt (the migration runs with foreign keys off; open-database.ts checks them
  //   afterwards) and the report trigger is recreated for the new states.
  // - `sale_attempts`: every attempt whose request may have reached UiTPAS, with its time in this
  //   PC's clock and the offset to UiTPAS's clock known then: the windows a record must fall in.
  // - `searches`/`settle_after_ms`/`rejection_code`: the reconciliation's own progress per sale, so
  //   one stuck sale backs off alone and absence is only believed after the late-commit horizon.
  // - `foreign_records`: ticket sales UiTPAS holds that no local sale registered (a late commit
  //   after a re-send, or a sale made elsewhere), with what Loket did about each.
  `
  DROP TRIGGER report_events_from_history;
  CREATE TABLE sales_v3 (
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
    state TEXT NOT NULL CHECK (state IN ('pending','sending','registered','rejected','unknown','reconciling','cancelled',
      'resolved','cancel-pending','cancel-sending','cancel-unknown')),
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
    purged_at TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    searches INTEGER NOT NULL DEFAULT 0,
    settle_after_ms INTEGER,
    sweep_after_ms INTEGER,
    rejection_code TEXT
  );
  INSERT INTO sales_v3 (id, created_at, created_ms, counter_key, user_id, uitpas_number, group_pass, passholder_uid,
    holder_name, cdbid, activity_title, price_class, coupon_id, coupon_name, amount_of_tickets, expected_price_cents,
    expected_tariff_cents, provisional, state, attempts, first_attempt_at, first_attempt_ms, next_attempt_ms,
    ticket_sale_id, registered_price_cents, registered_tariff_cents, last_error_code, last_error_message, alert,
    needs_operator, resolution, purged_at)
  SELECT id, created_at, created_ms, counter_key, user_id, uitpas_number, group_pass, passholder_uid,
    holder_name, cdbid, activity_title, price_class, coupon_id, coupon_name, amount_of_tickets, expected_price_cents,
    expected_tariff_cents, provisional, state, attempts, first_attempt_at, first_attempt_ms, next_attempt_ms,
    ticket_sale_id, registered_price_cents, registered_tariff_cents, last_error_code, last_error_message, alert,
    needs_operator, resolution, purged_at
  FROM sales ORDER BY rowid;
  DROP TABLE sales;
  ALTER TABLE sales_v3 RENAME TO sales;
  CREATE UNIQUE INDEX sales_ticket_sale_id ON sales(ticket_sale_id) WHERE ticket_sale_id IS NOT NULL;
  CREATE INDEX sales_state_created ON sales(state, created_ms);
  CREATE INDEX sales_created ON sales(created_ms);
  -- Order is kept per card and activity: the queue asks "is an older sale of this pair open?".
  CREATE INDEX sales_pass_activity ON sales(uitpas_number, cdbid, created_ms);
  CREATE INDEX sales_sweep ON sales(sweep_after_ms) WHERE sweep_after_ms IS NOT NULL;

  -- A registered sale counts once; a cancel counts when UiTPAS confirmed it (from one of the
  -- states in which the sale was registered there). A cancel refused by UiTPAS brings the sale
  -- back to registered without counting it again.
  CREATE TRIGGER report_events_from_history AFTER INSERT ON sale_history
    WHEN NEW.from_state IS NULL
      OR (NEW.from_state IS NOT NEW.to_state AND (
        (NEW.to_state = 'registered' AND NEW.from_state NOT IN ('cancel-pending', 'cancel-sending', 'cancel-unknown'))
        OR NEW.to_state = 'rejected'
        OR (NEW.to_state = 'cancelled' AND NEW.from_state IN ('registered', 'cancel-sending', 'cancel-unknown'))))
  BEGIN
    INSERT INTO report_events (sale_id, seq, kind, at, counter_key)
    VALUES (NEW.sale_id, NEW.seq, CASE WHEN NEW.from_state IS NULL THEN 'made' ELSE NEW.to_state END, NEW.at,
            (SELECT counter_key FROM sales WHERE id = NEW.sale_id));
  END;

  CREATE TABLE sale_attempts (
    sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('buy', 'cancel')),
    -- This PC's clock around the request, and UiTPAS's clock minus ours as known then (bounds).
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER NOT NULL,
    offset_low_ms INTEGER,
    offset_high_ms INTEGER,
    outcome TEXT NOT NULL,
    PRIMARY KEY (sale_id, seq)
  );

  CREATE TABLE foreign_records (
    ticket_sale_id TEXT PRIMARY KEY,
    found_at TEXT NOT NULL,
    counter_key TEXT NOT NULL,
    cdbid TEXT NOT NULL,
    creation_date TEXT NOT NULL,
    tariff_cents INTEGER NOT NULL,
    group_pass INTEGER NOT NULL,
    -- The local sale it looks like (its late commit, or a sale made elsewhere for the same pass).
    like_sale_id TEXT REFERENCES sales(id) ON DELETE SET NULL,
    -- 'flagged': shown to the operator; 'cancel-pending'/'cancel-unknown'/'cancelled': Loket's own
    -- duplicate, cancelled through the outbox; 'acknowledged': the operator looked at it.
    status TEXT NOT NULL CHECK (status IN ('flagged', 'cancel-pending', 'cancel-unknown', 'cancelled', 'acknowledged')),
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER,
    resolution TEXT
  );
  `,
  // 4: API 4 registers one ticket sale per ticket (docs/uitpas-json-api.md): a group sale of n
  // tickets holds n ids. The first stays in sales.ticket_sale_id (what screens, receipts and
  // reports name); the others are kept here in UiTPAS's order. A cancel deletes every one. An id
  // belongs to one local sale only, in either place: the triggers extend the unique index across.
  `
  CREATE TABLE sale_ticket_sales (
    ticket_sale_id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    UNIQUE (sale_id, seq)
  );
  CREATE TRIGGER sale_ticket_sales_held BEFORE INSERT ON sale_ticket_sales
    WHEN EXISTS (SELECT 1 FROM sales WHERE ticket_sale_id = NEW.ticket_sale_id)
  BEGIN SELECT RAISE(ABORT, 'ticket sale already held by a local sale'); END;
  CREATE TRIGGER sales_ticket_sale_held BEFORE UPDATE OF ticket_sale_id ON sales
    WHEN NEW.ticket_sale_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM sale_ticket_sales WHERE ticket_sale_id = NEW.ticket_sale_id AND sale_id IS NOT NEW.id)
  BEGIN SELECT RAISE(ABORT, 'ticket sale already held by a local sale'); END;
  `,
  // 5: UiTPAS's own words for the last error (API 4 endUserMessage, JSON {nl, fr?, en?, de?}),
  // shown to the employee in their language (docs/uitpas-json-api.md §10).
  `
  ALTER TABLE sales ADD COLUMN last_error_end_user_message TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
