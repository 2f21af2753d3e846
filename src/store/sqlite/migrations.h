// Versioned schema for the SQLite backend. Migration N brings the schema
// from version N-1 to N; each runs in its own transaction, recorded in
// schema_migrations. Never edit a released migration: add the next one.
#pragma once

#include <array>

namespace loudong::store::sqlite {

// Times are integer microseconds since the Unix epoch (UTC).
inline constexpr const char* kMigration1 = R"SQL(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE orgs(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL, region TEXT NOT NULL,
  contact_email TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);

CREATE TABLE users(
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '', password_hash TEXT NOT NULL, platform_admin INTEGER NOT NULL DEFAULT 0,
  finder INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);

CREATE TABLE memberships(
  user_id INTEGER NOT NULL REFERENCES users(id), org_id INTEGER NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL, PRIMARY KEY(user_id, org_id));

CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);

CREATE TABLE api_tokens(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id), org_id INTEGER NOT NULL REFERENCES orgs(id), role TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER, last_used_at INTEGER);

CREATE TABLE products(
  id INTEGER PRIMARY KEY, provider_org INTEGER NOT NULL REFERENCES orgs(id), name TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, platform TEXT NOT NULL DEFAULT '',
  versions TEXT NOT NULL DEFAULT '[]', purls TEXT NOT NULL DEFAULT '[]', cpes TEXT NOT NULL DEFAULT '[]',
  customers TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX products_provider ON products(provider_org, id);

CREATE TABLE reports(
  id INTEGER PRIMARY KEY, tracking_id TEXT NOT NULL UNIQUE, tracking_token_hash TEXT NOT NULL,
  state TEXT NOT NULL, title TEXT NOT NULL, product_id INTEGER REFERENCES products(id),
  product_text TEXT NOT NULL DEFAULT '', product_version TEXT NOT NULL DEFAULT '', vuln_type TEXT NOT NULL DEFAULT '',
  cwe INTEGER, gbt_class TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '',
  trigger_conditions TEXT NOT NULL DEFAULT '', impact TEXT NOT NULL DEFAULT '', verification_sealed BLOB,
  discovered_on TEXT, already_public INTEGER NOT NULL DEFAULT 0, exploited INTEGER NOT NULL DEFAULT 0,
  disclosure_plans TEXT NOT NULL DEFAULT '', submitter_user_id INTEGER REFERENCES users(id),
  contact_email TEXT NOT NULL DEFAULT '', contact_name TEXT NOT NULL DEFAULT '', channel TEXT NOT NULL,
  source_address TEXT NOT NULL DEFAULT '', case_id INTEGER, receipt_seq INTEGER NOT NULL,
  received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX reports_received ON reports(received_at, id);
CREATE INDEX reports_state ON reports(state, received_at, id);
CREATE INDEX reports_product ON reports(product_id, received_at, id);
CREATE INDEX reports_submitter ON reports(submitter_user_id, received_at, id);
CREATE INDEX reports_case ON reports(case_id);
CREATE INDEX reports_receipt ON reports(receipt_seq);
-- Trigram index: substring search in Chinese and English without word splitting.
CREATE VIRTUAL TABLE reports_fts USING fts5(title, product_text, content='reports', content_rowid='id',
  tokenize='trigram');
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO reports_fts(rowid, title, product_text) VALUES (new.id, new.title, new.product_text);
END;

CREATE TABLE attachments(
  id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id), filename TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, content_sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX attachments_report ON attachments(report_id);

CREATE TABLE receipts(
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, channel TEXT NOT NULL, submitter TEXT NOT NULL,
  source_address TEXT NOT NULL, content_sha256 TEXT NOT NULL, subject TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX receipts_at ON receipts(at);
-- Append-only at the database level too: only purge (DELETE) removes records.
CREATE TRIGGER receipts_append_only BEFORE UPDATE ON receipts BEGIN
  SELECT RAISE(ABORT, 'receipt records are append-only');
END;
CREATE TABLE receipt_anchor(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);

CREATE TABLE cases(
  id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, title TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL, product_id INTEGER REFERENCES products(id), provider_org INTEGER REFERENCES orgs(id),
  affected_versions TEXT NOT NULL DEFAULT '', operator_system INTEGER NOT NULL DEFAULT 0,
  cwe INTEGER, gbt_class TEXT NOT NULL DEFAULT '', cvss31_vector TEXT NOT NULL DEFAULT '', cvss31_score REAL,
  cvss40_vector TEXT NOT NULL DEFAULT '', cvss40_score REAL, grade TEXT, grade_source TEXT NOT NULL DEFAULT '',
  grade_basis TEXT NOT NULL DEFAULT '', upstream TEXT, external_ids TEXT NOT NULL DEFAULT '[]',
  aware_at INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX cases_created ON cases(created_at, id);
CREATE INDEX cases_updated ON cases(updated_at, id);
CREATE INDEX cases_state ON cases(state, created_at, id);
CREATE INDEX cases_grade ON cases(grade, created_at, id);
CREATE INDEX cases_product ON cases(product_id, created_at, id);
CREATE VIRTUAL TABLE cases_fts USING fts5(ref, title, content='cases', content_rowid='id', tokenize='trigram');
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts(rowid, ref, title) VALUES (new.id, new.ref, new.title);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF title ON cases BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, ref, title) VALUES ('delete', old.id, old.ref, old.title);
  INSERT INTO cases_fts(rowid, ref, title) VALUES (new.id, new.ref, new.title);
END;

CREATE TABLE case_participants(
  case_id INTEGER NOT NULL REFERENCES cases(id), org_id INTEGER NOT NULL REFERENCES orgs(id), role TEXT NOT NULL,
  PRIMARY KEY(case_id, org_id));
CREATE INDEX case_participants_org ON case_participants(org_id, case_id);

CREATE TABLE events(
  id INTEGER PRIMARY KEY, subject_type TEXT NOT NULL, subject_id INTEGER NOT NULL, at INTEGER NOT NULL,
  actor_user_id INTEGER, actor_name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX events_subject ON events(subject_type, subject_id, id);

CREATE TABLE messages(
  id INTEGER PRIMARY KEY, report_id INTEGER, case_id INTEGER, author_user_id INTEGER,
  author_name TEXT NOT NULL DEFAULT '', from_finder INTEGER NOT NULL DEFAULT 0, visibility TEXT NOT NULL,
  body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX messages_report ON messages(report_id, id);
CREATE INDEX messages_case ON messages(case_id, id);

CREATE TABLE clocks(
  id INTEGER PRIMARY KEY, report_id INTEGER, case_id INTEGER, kind TEXT NOT NULL, started_at INTEGER NOT NULL,
  soon_at INTEGER NOT NULL, due_at INTEGER NOT NULL, stopped_at INTEGER, stop_note TEXT NOT NULL DEFAULT '');
-- soon_at: when the clock turns due_soon; at-risk queries stay on this index.
CREATE INDEX clocks_running ON clocks(soon_at) WHERE stopped_at IS NULL;
CREATE INDEX clocks_report ON clocks(report_id);
CREATE INDEX clocks_case ON clocks(case_id);

CREATE TABLE regulatory_reports(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), authority TEXT NOT NULL, state TEXT NOT NULL,
  product_name TEXT NOT NULL, product_model TEXT NOT NULL, product_version TEXT NOT NULL,
  technical_characteristics TEXT NOT NULL, harm TEXT NOT NULL, scope TEXT NOT NULL, provider_name TEXT NOT NULL,
  contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL, contact_email TEXT NOT NULL, measures TEXT NOT NULL,
  submitted_at INTEGER, submitted_by INTEGER, channel TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX regulatory_reports_case ON regulatory_reports(case_id);

CREATE TABLE upstream_notices(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), upstream_provider TEXT NOT NULL,
  upstream_org INTEGER, component TEXT NOT NULL, notified_at INTEGER NOT NULL, method TEXT NOT NULL,
  evidence TEXT NOT NULL, recorded_by INTEGER, created_at INTEGER NOT NULL);
CREATE INDEX upstream_notices_case ON upstream_notices(case_id);

CREATE TABLE user_notices(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), customer TEXT NOT NULL,
  contact TEXT NOT NULL, notified_at INTEGER NOT NULL, method TEXT NOT NULL, evidence TEXT NOT NULL,
  recorded_by INTEGER);
CREATE INDEX user_notices_case ON user_notices(case_id);

CREATE TABLE access_log(
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user_id INTEGER, actor_name TEXT NOT NULL, action TEXT NOT NULL,
  object_type TEXT NOT NULL, object_id INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '');
)SQL";

// Inventory: imported advisories, SBOMs and their components, case
// components, pending user notices. Only the indexes the queries need:
// bulk import writes every one of them for every record.
inline constexpr const char* kMigration2 = R"SQL(
CREATE TABLE advisories(
  id TEXT PRIMARY KEY, source TEXT NOT NULL, modified INTEGER NOT NULL, withdrawn INTEGER,
  summary TEXT NOT NULL DEFAULT '', record BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE advisory_aliases(
  advisory_id TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY(advisory_id, alias)) WITHOUT ROWID;
CREATE INDEX advisory_aliases_alias ON advisory_aliases(alias COLLATE NOCASE);
CREATE TABLE advisory_packages(
  advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY(advisory_id, ecosystem, name)) WITHOUT ROWID;
CREATE INDEX advisory_packages_name ON advisory_packages(name, ecosystem);

CREATE TABLE sboms(
  id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id), version TEXT NOT NULL,
  format TEXT NOT NULL, spec_version TEXT NOT NULL, serial TEXT NOT NULL DEFAULT '',
  component_count INTEGER NOT NULL, uploaded_at INTEGER NOT NULL, uploaded_by INTEGER,
  UNIQUE(product_id, version));
CREATE TABLE components(
  sbom_id INTEGER NOT NULL REFERENCES sboms(id), seq INTEGER NOT NULL, purl TEXT NOT NULL,
  ecosystem TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, supplier TEXT NOT NULL DEFAULT '',
  licenses TEXT NOT NULL DEFAULT '[]', PRIMARY KEY(sbom_id, seq)) WITHOUT ROWID;
CREATE INDEX components_package ON components(name, ecosystem);

CREATE TABLE case_components(
  case_id INTEGER NOT NULL REFERENCES cases(id), seq INTEGER NOT NULL, purl TEXT NOT NULL,
  range_text TEXT NOT NULL DEFAULT '', PRIMARY KEY(case_id, seq)) WITHOUT ROWID;

CREATE TABLE pending_user_notices(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), product_id INTEGER NOT NULL,
  product_version TEXT NOT NULL, customer TEXT NOT NULL, contact TEXT NOT NULL, customer_org INTEGER,
  created_at INTEGER NOT NULL, UNIQUE(case_id, product_id, product_version, customer, contact));
)SQL";

// Report totals by state, kept in the same transaction as every insert,
// state change and delete: the first page of a report list answers its exact
// total from here (O(1)) instead of counting up to a million index entries.
inline constexpr const char* kMigration3 = R"SQL(
CREATE TABLE report_state_counts(state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO report_state_counts(state, n) SELECT state, count(*) FROM reports GROUP BY state;
CREATE TRIGGER report_state_counts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO report_state_counts(state, n) VALUES (new.state, 1) ON CONFLICT(state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_state_counts_update AFTER UPDATE OF state ON reports WHEN old.state <> new.state BEGIN
  UPDATE report_state_counts SET n = n - 1 WHERE state = old.state;
  INSERT INTO report_state_counts(state, n) VALUES (new.state, 1) ON CONFLICT(state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_state_counts_delete AFTER DELETE ON reports BEGIN
  UPDATE report_state_counts SET n = n - 1 WHERE state = old.state;
END;
)SQL";

// Policy settings an administrator stored over the config file's values,
// and every change of them with who and when.
inline constexpr const char* kMigration4 = R"SQL(
CREATE TABLE policy_settings(
  field TEXT PRIMARY KEY, value INTEGER NOT NULL, updated_at INTEGER NOT NULL, updated_by INTEGER) WITHOUT ROWID;
CREATE TABLE policy_changes(
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_user_id INTEGER, actor_name TEXT NOT NULL, field TEXT NOT NULL,
  old_value INTEGER NOT NULL, new_value INTEGER NOT NULL, stored INTEGER NOT NULL, request_id TEXT NOT NULL DEFAULT '');
)SQL";

// Advisories for bulk import at OSV's scale (issue 3: 520,000 records).
// Migration 2 kept each record in a WITHOUT ROWID table keyed by id; rows of
// ~1 KB do not fit that b-tree's cells, so nearly every record took a page
// of its own plus an overflow page (4.5 KB on disk per record), and five
// b-trees were written per record. Now:
//   - advisories is a rowid table (records packed into pages in insertion
//     order) with the id unique, the aliases and packages as JSON arrays
//     (what a record's page shows), and the record as the service stored it
//     (compressed by the service; the store does not look inside);
//   - advisory_names: every id and alias an advisory is found by (any case),
//     keyed by the name and the advisory's integer key;
//   - packages: each (ecosystem, name) once; advisory_packages links them to
//     advisories by integer keys (a few bytes an entry);
//   - advisory_keys: advisories up to indexed_through have their names and
//     packages in those tables; a bulk import leaves the keys of the rows it
//     adds pending (each random insert into the name index rewrote a page per
//     key) and indexes them sorted in one go; searches look at the pending
//     rows themselves until then, so they find everything at any time.
// Existing rows move over unchanged (their uncompressed records stay
// readable), all indexed; the old tables are dropped.
inline constexpr const char* kMigration5 = R"SQL(
CREATE TABLE advisories_v4(
  adv INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, modified INTEGER NOT NULL,
  withdrawn INTEGER, summary TEXT NOT NULL DEFAULT '', aliases TEXT NOT NULL DEFAULT '[]',
  packages TEXT NOT NULL DEFAULT '[]', record BLOB NOT NULL);
INSERT INTO advisories_v4(id, source, modified, withdrawn, summary, aliases, packages, record)
  SELECT a.id, a.source, a.modified, a.withdrawn, a.summary,
    (SELECT json_group_array(alias) FROM advisory_aliases WHERE advisory_id = a.id),
    (SELECT json_group_array(json_array(ecosystem, name)) FROM advisory_packages WHERE advisory_id = a.id),
    a.record
  FROM advisories a ORDER BY a.id;

CREATE TABLE advisory_names(
  name TEXT NOT NULL COLLATE NOCASE, adv INTEGER NOT NULL, PRIMARY KEY(name, adv)) WITHOUT ROWID;
INSERT OR IGNORE INTO advisory_names(name, adv) SELECT id, adv FROM advisories_v4;
INSERT OR IGNORE INTO advisory_names(name, adv)
  SELECT al.alias, v.adv FROM advisory_aliases al JOIN advisories_v4 v ON v.id = al.advisory_id;

CREATE TABLE packages(pkg INTEGER PRIMARY KEY, ecosystem TEXT NOT NULL, name TEXT NOT NULL, UNIQUE(name, ecosystem));
INSERT INTO packages(ecosystem, name) SELECT DISTINCT ecosystem, name FROM advisory_packages ORDER BY name, ecosystem;
CREATE TABLE advisory_packages_v4(pkg INTEGER NOT NULL, adv INTEGER NOT NULL, PRIMARY KEY(pkg, adv)) WITHOUT ROWID;
INSERT OR IGNORE INTO advisory_packages_v4(pkg, adv)
  SELECT p.pkg, v.adv FROM advisory_packages ap
  JOIN packages p ON p.name = ap.name AND p.ecosystem = ap.ecosystem
  JOIN advisories_v4 v ON v.id = ap.advisory_id;

DROP TABLE advisory_aliases;
DROP TABLE advisory_packages;
DROP TABLE advisories;
ALTER TABLE advisories_v4 RENAME TO advisories;
ALTER TABLE advisory_packages_v4 RENAME TO advisory_packages;

CREATE TABLE advisory_keys(id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL);
INSERT INTO advisory_keys(id, indexed_through) SELECT 1, coalesce(max(adv), 0) FROM advisories;
)SQL";

// Report list: the grade filter and text search in index order.
// - reports.case_grade: the grade of the report's case ('critical', 'high',
//   'medium', 'low', or 'none' while the case is not graded; NULL without a
//   case), kept by triggers on both tables, so "?grade=" is one index range.
//   report_grade_counts holds the totals, as report_state_counts does for state.
// - report_order_slack: an upper bound, in microseconds, on how much earlier a
//   report can have been received than a report stored before it (ids are
//   given when the write commits, received_at when the request arrived, so
//   the two orders differ by a few milliseconds under concurrent intake).
//   Text search walks the FTS index in id order and uses the bound to know
//   when no later row can still belong on the page in (received_at, id)
//   order. Kept conservative (never lowered) by the triggers below.
inline constexpr const char* kMigration6 = R"SQL(
ALTER TABLE reports ADD COLUMN case_grade TEXT;
UPDATE reports SET case_grade = (SELECT coalesce(c.grade, 'none') FROM cases c WHERE c.id = reports.case_id)
  WHERE case_id IS NOT NULL;
-- The other filters' columns after the list order: a grade combined with
-- them is checked on the index entry, without reading each report.
CREATE INDEX reports_grade ON reports(case_grade, received_at, id, state, product_id, submitter_user_id)
  WHERE case_grade IS NOT NULL;
CREATE TRIGGER reports_case_grade_insert AFTER INSERT ON reports WHEN new.case_id IS NOT NULL BEGIN
  UPDATE reports SET case_grade = (SELECT coalesce(grade, 'none') FROM cases WHERE id = new.case_id) WHERE id = new.id;
END;
CREATE TRIGGER reports_case_grade_relink AFTER UPDATE OF case_id ON reports WHEN old.case_id IS NOT new.case_id BEGIN
  UPDATE reports SET case_grade = (SELECT coalesce(grade, 'none') FROM cases WHERE id = new.case_id) WHERE id = new.id;
END;
CREATE TRIGGER cases_grade_to_reports_insert AFTER INSERT ON cases BEGIN
  UPDATE reports SET case_grade = coalesce(new.grade, 'none') WHERE case_id = new.id;
END;
CREATE TRIGGER cases_grade_to_reports_update AFTER UPDATE OF grade ON cases WHEN old.grade IS NOT new.grade BEGIN
  UPDATE reports SET case_grade = coalesce(new.grade, 'none') WHERE case_id = new.id;
END;
CREATE TRIGGER cases_grade_to_reports_delete AFTER DELETE ON cases BEGIN
  UPDATE reports SET case_grade = NULL WHERE case_id = old.id;
END;

CREATE TABLE report_grade_counts(grade TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO report_grade_counts(grade, n)
  SELECT case_grade, count(*) FROM reports WHERE case_grade IS NOT NULL GROUP BY case_grade;
CREATE TRIGGER report_grade_counts_insert AFTER INSERT ON reports WHEN new.case_grade IS NOT NULL BEGIN
  INSERT INTO report_grade_counts(grade, n) VALUES (new.case_grade, 1) ON CONFLICT(grade) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_grade_counts_update AFTER UPDATE OF case_grade ON reports
  WHEN old.case_grade IS NOT new.case_grade BEGIN
  UPDATE report_grade_counts SET n = n - 1 WHERE grade = old.case_grade;
  INSERT INTO report_grade_counts(grade, n) SELECT new.case_grade, 1 WHERE new.case_grade IS NOT NULL
    ON CONFLICT(grade) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_grade_counts_delete AFTER DELETE ON reports WHEN old.case_grade IS NOT NULL BEGIN
  UPDATE report_grade_counts SET n = n - 1 WHERE grade = old.case_grade;
END;

CREATE TABLE report_order_slack(id INTEGER PRIMARY KEY CHECK (id = 1), micros INTEGER NOT NULL);
INSERT INTO report_order_slack(id, micros)
  SELECT 1, coalesce(max(latest - received_at), 0)
  FROM (SELECT received_at, max(received_at) OVER (ORDER BY id) AS latest FROM reports);
-- A new or moved row can be later than anything before it (max over all rows
-- is a bound) or earlier than a row after it (only when its id is not the
-- largest, which intake never does).
CREATE TRIGGER report_order_slack_insert AFTER INSERT ON reports BEGIN
  UPDATE report_order_slack SET micros = (SELECT max(received_at) FROM reports) - new.received_at
    WHERE micros < (SELECT max(received_at) FROM reports) - new.received_at;
  UPDATE report_order_slack SET micros = max(micros, new.received_at - (SELECT min(+received_at) FROM reports WHERE id > new.id))
    WHERE EXISTS (SELECT 1 FROM reports WHERE id > new.id);
END;
CREATE TRIGGER report_order_slack_update AFTER UPDATE OF id, received_at ON reports BEGIN
  UPDATE report_order_slack SET micros = (SELECT max(received_at) FROM reports) - new.received_at
    WHERE micros < (SELECT max(received_at) FROM reports) - new.received_at;
  UPDATE report_order_slack SET micros = max(micros, new.received_at - (SELECT min(+received_at) FROM reports WHERE id > new.id))
    WHERE EXISTS (SELECT 1 FROM reports WHERE id > new.id);
END;
)SQL";

// Search keys read ahead: a bulk import reads and sorts the pending keys on
// a reader connection while the writer goes on (store::PendingAdvisoryKeys);
// the write then checks that the rows it read are as they were. A pending
// row is only ever changed by a newer record replacing it, which now also
// counts itself here, so an unchanged count means an unchanged snapshot.
inline constexpr const char* kMigration7 = R"SQL(
ALTER TABLE advisory_keys ADD COLUMN pending_updates INTEGER NOT NULL DEFAULT 0;
)SQL";

// Exchange between parties (issue 9): the transactional outbox with its
// delivery attempts, webhook subscriptions, federation peers and filings,
// notification preferences, clock alerts already sent, the authority's
// inbox and threat records shared with partners.
inline constexpr const char* kMigration8 = R"SQL(
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, event TEXT NOT NULL,
  org_id INTEGER, subject_type TEXT NOT NULL DEFAULT '', subject_id INTEGER NOT NULL DEFAULT 0,
  target TEXT NOT NULL, webhook_id INTEGER, peer_id INTEGER, payload TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER, last_error TEXT NOT NULL DEFAULT '', last_status INTEGER NOT NULL DEFAULT 0,
  response TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, sent_at INTEGER);
-- The worker's question, "what is due?", stays on this index.
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_org ON outbox(org_id, id);
CREATE INDEX outbox_webhook ON outbox(webhook_id, id);
CREATE INDEX outbox_state ON outbox(state, id);

CREATE TABLE delivery_attempts(
  id INTEGER PRIMARY KEY, outbox_id INTEGER NOT NULL REFERENCES outbox(id), at INTEGER NOT NULL,
  status INTEGER NOT NULL, error TEXT NOT NULL, duration_ms INTEGER NOT NULL);
CREATE INDEX delivery_attempts_outbox ON delivery_attempts(outbox_id, id);

CREATE TABLE webhooks(
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES orgs(id), url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '', events TEXT NOT NULL DEFAULT '[]', min_grade TEXT,
  secret_sealed BLOB NOT NULL, enabled INTEGER NOT NULL DEFAULT 1,
  consecutive_failures INTEGER NOT NULL DEFAULT 0, disabled_reason TEXT NOT NULL DEFAULT '',
  created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX webhooks_org ON webhooks(org_id);

CREATE TABLE peers(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, base_url TEXT NOT NULL, org_id INTEGER NOT NULL REFERENCES orgs(id),
  token_sealed BLOB NOT NULL, pinned_cert_sha256 TEXT NOT NULL DEFAULT '', created_by INTEGER,
  created_at INTEGER NOT NULL);

CREATE TABLE notification_prefs(
  user_id INTEGER PRIMARY KEY REFERENCES users(id), email INTEGER NOT NULL, events TEXT NOT NULL,
  min_grade TEXT, digest INTEGER NOT NULL, language TEXT NOT NULL, last_digest_at INTEGER);

-- One alert per clock and state: due_soon and overdue are told once.
CREATE TABLE clock_alerts(clock_id INTEGER NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY(clock_id, state));

CREATE TABLE regulatory_filings(
  id INTEGER PRIMARY KEY, regulatory_report_id INTEGER NOT NULL REFERENCES regulatory_reports(id),
  peer_id INTEGER NOT NULL, outbox_id INTEGER NOT NULL, state TEXT NOT NULL,
  peer_reference TEXT NOT NULL DEFAULT '', peer_receipt_seq INTEGER NOT NULL DEFAULT 0,
  peer_receipt_hash TEXT NOT NULL DEFAULT '', received_at INTEGER, decided_at INTEGER,
  note TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
CREATE INDEX regulatory_filings_report ON regulatory_filings(regulatory_report_id);

CREATE TABLE authority_inbox(
  id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, from_org INTEGER NOT NULL REFERENCES orgs(id),
  sender_key TEXT NOT NULL, sender_report_id TEXT NOT NULL, fields TEXT NOT NULL, case_ref TEXT NOT NULL,
  aware_at INTEGER NOT NULL, received_at INTEGER NOT NULL, receipt_seq INTEGER NOT NULL, receipt_hash TEXT NOT NULL,
  state TEXT NOT NULL, decision_note TEXT NOT NULL DEFAULT '', decided_at INTEGER, decided_by INTEGER,
  forwarded TEXT NOT NULL DEFAULT '[]', joint_assessment TEXT NOT NULL DEFAULT '',
  UNIQUE(from_org, sender_key));
CREATE INDEX authority_inbox_received ON authority_inbox(received_at, id);

-- Answers to peers' federated calls, by sender and idempotency key: a
-- repeated call gets the first answer and changes nothing.
CREATE TABLE federation_answers(
  from_org INTEGER NOT NULL, key TEXT NOT NULL, route TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
  at INTEGER NOT NULL, PRIMARY KEY(from_org, key));

CREATE TABLE threat_records(
  id INTEGER PRIMARY KEY, partner_org INTEGER NOT NULL, external_id TEXT NOT NULL, kind TEXT NOT NULL,
  body TEXT NOT NULL, received_at INTEGER NOT NULL, UNIQUE(partner_org, external_id));
)SQL";

// Receipt records carry the hash of what intake stored from the receipt
// (a report with its attachments, domain::report_content_hash), inside the
// record's own hash, so that editing a stored report breaks verification.
// Records from before keep '' and the v1 hash.
inline constexpr const char* kMigration9 = R"SQL(
ALTER TABLE receipts ADD COLUMN stored_sha256 TEXT NOT NULL DEFAULT '';
)SQL";

// Invitations to organisations (issue 13, item 5): an organisation admin
// can no longer add an existing user directly; the user accepts.
inline constexpr const char* kMigration10 = R"SQL(
CREATE TABLE invitations(
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES orgs(id), role TEXT NOT NULL,
  invitee_username TEXT NOT NULL DEFAULT '', invitee_email TEXT NOT NULL DEFAULT '', token_hash TEXT NOT NULL UNIQUE,
  invited_by INTEGER NOT NULL REFERENCES users(id), state TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, decided_at INTEGER, decided_by INTEGER);
CREATE INDEX invitations_org ON invitations(org_id, id);
CREATE INDEX invitations_invitee ON invitations(invitee_username, state);
)SQL";

// What intake pays for its notification (issue 9's latency target): the
// event row a change writes in its own transaction was entered in every
// outbox index, though the deliveries view never lists event rows and only
// the worker (on outbox_due) reads them. The view's indexes now leave them
// out, so an event row touches the table, its key and outbox_due only.
// Queries that use these indexes say `kind <> 'event'` (tx_exchange.cpp).
inline constexpr const char* kMigration11 = R"SQL(
DROP INDEX outbox_org;
DROP INDEX outbox_webhook;
DROP INDEX outbox_state;
CREATE INDEX outbox_org ON outbox(org_id, id) WHERE kind <> 'event';
CREATE INDEX outbox_webhook ON outbox(webhook_id, id) WHERE kind <> 'event';
CREATE INDEX outbox_state ON outbox(state, id) WHERE kind <> 'event';
)SQL";

// The matching change feed (store/inventory.h, MatchChange): one row per
// write of advisories, an SBOM or case components, keys as JSON (advisory
// ids; [product_id, version]; [case_id]). Rows are appended and pruned from
// the old end, so the rowid key stays ascending.
inline constexpr const char* kMigration12 = R"SQL(
CREATE TABLE match_changes(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, keys TEXT NOT NULL);
)SQL";

// Case advisories (公告, issue 10). The working copy is one JSON document
// (formats/advisory_json.h) beside the columns that are queried: the
// advisory is nested (two languages, products, credits, references,
// history) and the exporters read the same shape, so one writer serves the
// working copy and the published snapshots. A published revision is a row
// of advisory_revisions that triggers keep from being changed or removed.
// Blackout periods (R-PUB-6) and the consents an authority records per case
// (MPS consent inside a blackout, the early-release joint assessment).
inline constexpr const char* kMigration13 = R"SQL(
CREATE TABLE case_advisories(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id), ref TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 0, tlp TEXT NOT NULL, published_at INTEGER,
  doc TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);

CREATE TABLE advisory_revisions(
  advisory_id INTEGER NOT NULL REFERENCES case_advisories(id), revision INTEGER NOT NULL,
  published_at INTEGER NOT NULL, published_by TEXT NOT NULL, change TEXT NOT NULL, tlp TEXT NOT NULL,
  snapshot TEXT NOT NULL, PRIMARY KEY(advisory_id, revision));
CREATE INDEX advisory_revisions_published ON advisory_revisions(published_at, advisory_id);
CREATE TRIGGER advisory_revisions_no_update BEFORE UPDATE ON advisory_revisions
BEGIN SELECT RAISE(ABORT, 'a published advisory revision is never changed'); END;
CREATE TRIGGER advisory_revisions_no_delete BEFORE DELETE ON advisory_revisions
BEGIN SELECT RAISE(ABORT, 'a published advisory revision is never removed'); END;

CREATE TABLE blackout_periods(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
  created_by INTEGER, created_at INTEGER NOT NULL, CHECK(end_at > start_at));

CREATE TABLE publication_consents(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), kind TEXT NOT NULL,
  provider TEXT NOT NULL DEFAULT '', miit_reference TEXT NOT NULL DEFAULT '', miit_date TEXT NOT NULL DEFAULT '',
  mps_reference TEXT NOT NULL DEFAULT '', mps_date TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER, recorded_at INTEGER NOT NULL);
CREATE INDEX publication_consents_case ON publication_consents(case_id, id);
)SQL";

// Platform filing (备案, R-FILING) and rewards (R-BOUNTY) (issue 10). The
// filing's fields are one JSON object (their shape is domain::FilingFields,
// checked by the service); the host's ID number is sealed apart from it.
// History is in events (subject platform_filing, reward).
inline constexpr const char* kMigration14 = R"SQL(
CREATE TABLE platform_filings(
  id INTEGER PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL, host_id_sealed BLOB NOT NULL,
  filing_number TEXT NOT NULL DEFAULT '', filed_on TEXT NOT NULL DEFAULT '', change_filed_on TEXT NOT NULL DEFAULT '',
  cancelled_on TEXT NOT NULL DEFAULT '', unfiled_changes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, updated_by INTEGER);

CREATE TABLE platform_filing_attachments(
  id INTEGER PRIMARY KEY, filing_id INTEGER NOT NULL REFERENCES platform_filings(id), kind TEXT NOT NULL,
  filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
  content_sealed BLOB NOT NULL, created_at INTEGER NOT NULL, created_by INTEGER);
CREATE INDEX platform_filing_attachments_filing ON platform_filing_attachments(filing_id, id);

CREATE TABLE rewards(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), paying_org INTEGER NOT NULL REFERENCES orgs(id),
  report_id INTEGER, finder_user_id INTEGER, finder_name TEXT NOT NULL, amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL, state TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
  proposed_at INTEGER NOT NULL, proposed_by INTEGER, approved_at INTEGER, approved_by INTEGER,
  paid_at INTEGER, paid_by INTEGER, payment_reference TEXT NOT NULL DEFAULT '',
  cancelled_at INTEGER, cancelled_by INTEGER, cancel_reason TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL);
CREATE INDEX rewards_case ON rewards(case_id, id);
CREATE INDEX rewards_finder ON rewards(finder_user_id, id) WHERE finder_user_id IS NOT NULL;

CREATE TABLE reward_policies(
  id INTEGER PRIMARY KEY, provider_org INTEGER NOT NULL REFERENCES orgs(id), product_id INTEGER REFERENCES products(id),
  grade TEXT, min_minor INTEGER NOT NULL, max_minor INTEGER NOT NULL, currency TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL, updated_by INTEGER);
CREATE INDEX reward_policies_provider ON reward_policies(provider_org, id);
)SQL";

inline constexpr const char* kMigration15 = R"SQL(
-- Rate limits counted in the database (services/rate_limiter.h), so that
-- processes sharing it limit together. Used on PostgreSQL; a SQLite
-- deployment is one process and counts in memory, but keeps the same schema.
CREATE TABLE rate_counters(
  key TEXT NOT NULL, window_start INTEGER NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY(key, window_start));
CREATE INDEX rate_counters_window ON rate_counters(window_start);
)SQL";

// Operator cases (R-OPERATOR, issue 10): the operator's asset, location and
// owner as one sealed JSON object per case; the operator's asset exposures
// to advisories (or cases) it can see.
inline constexpr const char* kMigration16 = R"SQL(
CREATE TABLE operator_cases(
  case_id INTEGER PRIMARY KEY REFERENCES cases(id), operator_org INTEGER NOT NULL REFERENCES orgs(id),
  details_sealed BLOB NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX operator_cases_org ON operator_cases(operator_org, case_id);

CREATE TABLE asset_exposures(
  id INTEGER PRIMARY KEY, operator_org INTEGER NOT NULL REFERENCES orgs(id), advisory_ref TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id), asset TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
  updated_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX asset_exposures_org ON asset_exposures(operator_org, advisory_ref, asset, id);
)SQL";

// Second factor (issue 11, item 4): one TOTP secret per user, sealed;
// recovery codes as SHA-256 hashes, each used once.
inline constexpr const char* kMigration17 = R"SQL(
CREATE TABLE second_factors(
  user_id INTEGER PRIMARY KEY REFERENCES users(id), secret_sealed BLOB NOT NULL, enabled_at INTEGER,
  last_step INTEGER NOT NULL DEFAULT -1, created_at INTEGER NOT NULL);
CREATE TABLE recovery_codes(
  user_id INTEGER NOT NULL REFERENCES users(id), code_hash TEXT NOT NULL, used_at INTEGER,
  PRIMARY KEY(user_id, code_hash));
)SQL";

// External ids as search keys (R-IDS) and app products (R-APPS).
// case_external_ids and advisory_external_ids are derived from the JSON lists
// (cases.external_ids, each published revision's snapshot) by triggers, so
// every writer keeps them current and a search compares whole ids through
// an index. Apps carry their package or app id and store version beside the
// existing platform column. Filing attachments are replaced, not piled up.
inline constexpr const char* kMigration18 = R"SQL(
CREATE TABLE case_external_ids(
  external_id TEXT NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id), PRIMARY KEY(external_id, case_id))
  WITHOUT ROWID;
CREATE INDEX case_external_ids_case ON case_external_ids(case_id);
INSERT OR IGNORE INTO case_external_ids
  SELECT j.value, c.id FROM cases c, json_each(CASE WHEN json_valid(c.external_ids) THEN c.external_ids ELSE '[]' END) j;
CREATE TRIGGER case_external_ids_insert AFTER INSERT ON cases BEGIN
  INSERT OR IGNORE INTO case_external_ids
    SELECT j.value, new.id FROM json_each(CASE WHEN json_valid(new.external_ids) THEN new.external_ids ELSE '[]' END) j;
END;
CREATE TRIGGER case_external_ids_update AFTER UPDATE OF external_ids ON cases BEGIN
  DELETE FROM case_external_ids WHERE case_id = old.id;
  INSERT OR IGNORE INTO case_external_ids
    SELECT j.value, new.id FROM json_each(CASE WHEN json_valid(new.external_ids) THEN new.external_ids ELSE '[]' END) j;
END;

CREATE TABLE advisory_external_ids(
  external_id TEXT NOT NULL, advisory_id INTEGER NOT NULL, revision INTEGER NOT NULL,
  PRIMARY KEY(external_id, advisory_id, revision)) WITHOUT ROWID;
INSERT OR IGNORE INTO advisory_external_ids
  SELECT j.value, r.advisory_id, r.revision FROM advisory_revisions r,
    json_each(CASE WHEN json_valid(r.snapshot) THEN json_extract(r.snapshot, '$.external_ids') ELSE '[]' END) j
  WHERE json_valid(r.snapshot) AND json_type(r.snapshot, '$.external_ids') = 'array';
CREATE TRIGGER advisory_external_ids_insert AFTER INSERT ON advisory_revisions
  WHEN json_valid(new.snapshot) AND json_type(new.snapshot, '$.external_ids') = 'array' BEGIN
  INSERT OR IGNORE INTO advisory_external_ids
    SELECT j.value, new.advisory_id, new.revision FROM json_each(json_extract(new.snapshot, '$.external_ids')) j;
END;

ALTER TABLE products ADD COLUMN app_id TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN store_version TEXT NOT NULL DEFAULT '';

-- A re-uploaded filing attachment replaces the earlier one of its kind,
-- which stays for the filing history (replaced_by: the newer one's id).
ALTER TABLE platform_filing_attachments ADD COLUMN replaced_by INTEGER;
)SQL";

// The access log's hash chain (issue 11, item 4; domain/access_log.h): each
// entry's sequence number, the previous entry's hash and its own. Entries
// written before are chained in id order by apply_migrations in the same
// transaction (kAccessChainVersion), so an upgraded deployment verifies.
inline constexpr const char* kMigration19 = R"SQL(
ALTER TABLE access_log ADD COLUMN seq INTEGER;
ALTER TABLE access_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN entry_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX access_log_seq ON access_log(seq);
)SQL";

// An asset exposure's asset and note, sealed at rest like an operator case's
// details. Rows written before keep their clear text until the service
// seals them at start (services::seal_clear_exposures), then hold ''.
inline constexpr const char* kMigration20 = R"SQL(
ALTER TABLE asset_exposures ADD COLUMN details_sealed BLOB;
)SQL";

// The access log is append-only in the database too, as the receipt log is:
// an entry is never changed or removed. The one UPDATE loudong makes is
// chaining an entry written before the chain existed (seq NULL; migration 19
// at upgrade), which may set only the chain's columns. The hash chain still
// finds what someone with the file and the sqlite3 shell does after dropping
// these; they stop a defect or a stray statement from doing it quietly.
inline constexpr const char* kMigration21 = R"SQL(
CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_log
WHEN OLD.seq IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.user_id IS NOT OLD.user_id
  OR NEW.actor_name IS NOT OLD.actor_name OR NEW.action IS NOT OLD.action OR NEW.object_type IS NOT OLD.object_type
  OR NEW.object_id IS NOT OLD.object_id OR NEW.detail IS NOT OLD.detail OR NEW.request_id IS NOT OLD.request_id
BEGIN SELECT RAISE(ABORT, 'access log entries are append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access log entries are append-only'); END;
)SQL";

inline constexpr std::array<const char*, 21> kMigrations{kMigration1,  kMigration2,  kMigration3,  kMigration4,
                                                         kMigration5,  kMigration6,  kMigration7,  kMigration8,
                                                         kMigration9,  kMigration10, kMigration11, kMigration12,
                                                         kMigration13, kMigration14, kMigration15, kMigration16, kMigration17,
                                                         kMigration18, kMigration19, kMigration20, kMigration21};
// The schema version kMigration19 has in kMigrations (its position).
inline constexpr int kAccessChainVersion = 19;

}  // namespace loudong::store::sqlite
