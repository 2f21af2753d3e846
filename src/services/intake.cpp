#include "services/intake.h"

#include <cctype>

#include <algorithm>
#include <map>

#include "assessment/classification.h"
#include "domain/clocks.h"
#include "domain/finder_view.h"
#include "services/notify_events.h"
#include "services/platform_filing.h"

namespace loudong::services {

using namespace domain;

namespace {

std::string tracking_id_for(Time now) {
  // Date for people; 8 random base32 characters for unguessability (the
  // token is the secret, but ids should not be enumerable either).
  static const char* alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string raw = crypto::random_token(8);
  std::string suffix;
  for (char ch : raw.substr(0, 8)) suffix += alphabet[static_cast<unsigned char>(ch) % 32];
  std::string date = format_utc(now).substr(0, 10);
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  return "R-" + date + "-" + suffix;
}

// "CWE-79", "cwe-79" or "79": the same rule as the case assessment
// (assessment::parse_cwe_id), with the finder's spelling forgiven.
std::optional<int> parse_cwe(const std::string& s, Error& e) {
  if (s.empty()) return std::nullopt;
  std::string id = s;
  if (id.size() > 4 && (id.rfind("cwe-", 0) == 0 || id.rfind("Cwe-", 0) == 0)) id = "CWE-" + id.substr(4);
  else if (!id.empty() && std::isdigit(static_cast<unsigned char>(id[0]))) id = "CWE-" + id;
  auto r = assessment::parse_cwe_id(id);
  if (!r.ok()) {
    e.add_field({"cwe", "bad_cwe", "cwe must look like CWE-79"});
    return std::nullopt;
  }
  return *r;
}

}  // namespace

bool visible_to_finder(Visibility v) { return v == Visibility::finder || v == Visibility::all; }

Result<ReceiptRecord> append_receipt(store::WriteTx& tx, Time at, const ReceiptMeta& meta, const std::string& submitter,
                                     const std::string& subject, const std::string& stored_sha256) {
  LD_ASSIGN_OR_RETURN(auto last, tx.last_receipt());
  LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
  ReceiptRecord r;
  r.at = at;
  r.channel = meta.channel;
  r.submitter = submitter;
  r.source_address = meta.source_address;
  r.content_sha256 = crypto::sha256_hex(meta.raw_content);
  r.subject = subject;
  r.stored_sha256 = stored_sha256;
  chain_receipt(r, anchor, last);
  LD_RETURN_IF_ERROR(tx.append_receipt(r));
  return r;
}

Result<Submitted> Intake::submit(const Caller& c, const ReportInput& in, const ReceiptMeta& meta, const AlsoInTx& also) {
  const auto& L = ctx_.limits;
  Error e = Error::unprocessable("invalid report");
  Report r;
  r.title = clean_text(in.title, "title", L.max_title, true, e);
  r.product_id = in.product_id;
  r.product_text = clean_text(in.product_text, "product_text", 500, !in.product_id, e);
  r.product_version = clean_text(in.product_version, "product_version", 200, false, e);
  r.vuln_type = clean_text(in.vuln_type, "vuln_type", 200, false, e);
  r.cwe = parse_cwe(in.cwe, e);
  r.gbt_class = clean_text(in.gbt_class, "gbt_class", 64, false, e);
  if (!r.gbt_class.empty() && !assessment::class_for_code(r.gbt_class).ok())
    e.add_field({"gbt_class", "unknown_class", "gbt_class is not a GB/T 30279 class code"});
  r.location = clean_text(in.location, "location", L.max_text_field, false, e);
  r.trigger_conditions = clean_text(in.trigger_conditions, "trigger_conditions", L.max_text_field, false, e);
  r.impact = clean_text(in.impact, "impact", L.max_text_field, true, e);
  std::string verification = clean_text(in.verification, "verification", L.max_text_field, false, e);
  if (!in.discovered_on.empty()) {
    auto d = parse_time(in.discovered_on);
    if (in.discovered_on.size() != 10 || !d.ok())
      e.add_field({"discovered_on", "bad_date", "discovered_on must be a date like 2026-11-01"});
    // Compared as dates where the platform is: today in Beijing is
    // tomorrow in UTC for eight hours of each day.
    else if (in.discovered_on > ctx_.zone.format(ctx_.clock.now()).substr(0, 10))
      e.add_field({"discovered_on", "in_future", "discovered_on is in the future"});
    else
      r.discovered_on = in.discovered_on;
  }
  r.already_public = in.already_public;
  r.exploited = in.exploited;
  r.disclosure_plans = clean_text(in.disclosure_plans, "disclosure_plans", L.max_text_field, false, e);
  r.contact_email = clean_text(in.contact_email, "contact_email", 254, c.actor.anonymous(), e);
  if (!r.contact_email.empty() && !plausible_email(r.contact_email))
    e.add_field({"contact_email", "bad_email", "contact_email is not an email address"});
  r.contact_name = clean_text(in.contact_name, "contact_name", 200, false, e);
  if (static_cast<int>(in.attachments.size()) > L.max_attachments)
    e.add_field({"attachments", "too_many", "at most " + std::to_string(L.max_attachments) + " attachments"});
  std::vector<Attachment> atts;
  for (size_t i = 0; i < in.attachments.size() && static_cast<int>(i) < L.max_attachments; ++i) {
    const auto& a = in.attachments[i];
    std::string f = "attachments[" + std::to_string(i) + "]";
    Attachment x;
    x.filename = clean_text(a.filename, (f + ".filename").c_str(), 255, true, e);
    if (x.filename.find_first_of("/\\") != std::string::npos)
      e.add_field({f + ".filename", "bad_filename", "filename may not contain path separators"});
    x.content_type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
    if (a.content.size() > L.max_attachment_bytes)
      e.add_field({f + ".data", "too_large",
                   "attachment is larger than " + std::to_string(L.max_attachment_bytes) + " bytes"});
    if (a.content.empty()) e.add_field({f + ".data", "required", "attachment is empty"});
    x.size = static_cast<std::int64_t>(a.content.size());
    x.sha256 = crypto::sha256_hex(a.content);
    x.content_sealed = crypto::seal(ctx_.seal_key, a.content);
    atts.push_back(std::move(x));
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());

  Time now = ctx_.clock.now();
  Submitted out;
  out.tracking_token = crypto::random_token();
  r.tracking_id = tracking_id_for(now);
  r.tracking_token_hash = crypto::sha256_hex(out.tracking_token);
  r.state = ReportState::received;
  if (!verification.empty()) r.verification_sealed = crypto::seal(ctx_.seal_key, verification);
  if (!c.actor.anonymous()) r.submitter_user_id = c.actor.user_id;
  r.channel = meta.channel;
  r.source_address = meta.source_address;
  r.received_at = now;
  r.updated_at = now;
  std::string submitter = c.actor.anonymous()
                              ? "anonymous:" + crypto::sha256_hex(r.contact_email).substr(0, 16)
                              : c.actor.username;

  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Status {
    // R-FILING: a platform that must be filed takes no public reports
    // before it is (domain/platform_filing.h, intake_refused_for_filing).
    LD_ASSIGN_OR_RETURN(auto gate, intake_gate_input(tx, ctx_.policy.get(), c.actor));
    if (intake_refused_for_filing(gate)) return intake_filing_refusal();
    if (r.product_id) {
      LD_ASSIGN_OR_RETURN(auto p, tx.product(*r.product_id));
      if (!p) return Error::field("product_id", "unknown", "no product with this id");
    }
    // The receipt holds the hash of the report as stored (every field but
    // the id and the receipt link, both known only now): `receipts verify`
    // recomputes it, so the stored report cannot change unnoticed.
    LD_ASSIGN_OR_RETURN(out.receipt, append_receipt(tx, now, meta, submitter, "report:" + r.tracking_id,
                                                     report_content_hash(r, verification, atts)));
    r.receipt_seq = out.receipt.seq;
    LD_ASSIGN_OR_RETURN(r.id, tx.insert_report(r));
    for (auto& a : atts) {
      a.report_id = r.id;
      a.created_at = now;
      LD_RETURN_IF_ERROR(tx.insert_attachment(a).status());
    }
    // R-REPORT-2D runs from receipt: the provider is aware from this moment.
    for (ClockKind k : {ClockKind::regulatory_report, ClockKind::finder_ack}) {
      ClockRecord clock = start_clock(k, now, ctx_.policy.get());
      clock.report_id = r.id;
      LD_RETURN_IF_ERROR(tx.insert_clock(clock).status());
    }
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "report", r.id, "received", "", "received", "",
                                 "{\"channel\":\"" + std::string(name_of(meta.channel)) + "\",\"receipt_seq\":" +
                                     std::to_string(out.receipt.seq) + "}")
                           .status());
    LD_RETURN_IF_ERROR(notify_report_received(tx, ctx_, now, r));
    if (also) LD_RETURN_IF_ERROR(also(tx, Submitted{r, out.tracking_token, out.receipt}));
    return {};
  }));
  out.report = std::move(r);
  return out;
}

Result<Report> Intake::authenticate_tracking(store::ReadTx& tx, const std::string& id, const std::string& token) {
  LD_ASSIGN_OR_RETURN(auto r, tx.report_by_tracking(id));
  if (!r || !crypto::constant_time_equal(r->tracking_token_hash, crypto::sha256_hex(token)))
    return Error::not_found("report with this tracking id and token");
  return std::move(*r);
}

Result<TrackingView> Intake::tracking_view(store::ReadTx& tx, Report r) {
  TrackingView v;
  v.report = std::move(r);
  FinderThread thread{v.report.id, v.report.submitter_user_id, true};
  std::optional<Id> provider_org;
  if (v.report.case_id) {
    LD_ASSIGN_OR_RETURN(v.case_, tx.get_case(*v.report.case_id));
    if (v.case_) {
      LD_ASSIGN_OR_RETURN(auto joined, tx.reports_of_case(v.case_->id));
      thread.sole_report_of_case = joined.size() <= 1;
      provider_org = v.case_->provider_org;
    }
  }
  // One query: a reply written on a joined case carries both ids.
  LD_ASSIGN_OR_RETURN(auto ms, tx.messages(v.report.id, v.case_ ? std::optional<Id>(v.case_->id) : std::nullopt));
  std::map<Id, bool> provider_staff;  // author -> belongs to the provider, not to intake
  for (auto& m : ms) {
    if (!finder_sees_message(thread, m)) continue;
    bool by_provider = false;
    if (!m.from_finder && m.author_user_id && provider_org) {
      auto it = provider_staff.find(*m.author_user_id);
      if (it == provider_staff.end()) {
        LD_ASSIGN_OR_RETURN(auto mss, tx.memberships(*m.author_user_id));
        bool in_provider = false, in_intake = false;
        for (const auto& x : mss) {
          if (x.org_id == *provider_org && x.role != Role::auditor) in_provider = true;
          if (x.org_id == kHostOrg) in_intake = true;
        }
        it = provider_staff.emplace(*m.author_user_id, in_provider && !in_intake).first;
      }
      by_provider = it->second;
    }
    m.author_name = finder_author_label(m, by_provider);
    m.author_user_id.reset();
    v.messages.push_back(std::move(m));
  }
  std::sort(v.messages.begin(), v.messages.end(),
            [](const Message& a, const Message& b) { return a.created_at < b.created_at || (a.created_at == b.created_at && a.id < b.id); });
  return v;
}

Result<TrackingView> Intake::track(const std::string& tracking_id, const std::string& token) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<TrackingView> {
    LD_ASSIGN_OR_RETURN(auto r, authenticate_tracking(tx, tracking_id, token));
    return tracking_view(tx, std::move(r));
  });
}

Result<Message> Intake::reply(const std::string& tracking_id, const std::string& token, const std::string& body,
                              const ReceiptMeta& meta) {
  return reply_to(body, meta, [&](store::ReadTx& tx) { return authenticate_tracking(tx, tracking_id, token); });
}

Result<Report> Intake::own_report(store::ReadTx& tx, const Caller& c, Id id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  LD_ASSIGN_OR_RETURN(auto r, tx.report(id));
  // Only the signed-in submitter: staff see reports through the inbox.
  if (!r || !r->submitter_user_id || *r->submitter_user_id != c.actor.user_id) return Error::not_found("report");
  return std::move(*r);
}

Result<store::Page<Report>> Intake::own_reports(const Caller& c, store::ReportFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  f.submitter_user_id = c.actor.user_id;
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.reports(f); });
}

Result<TrackingView> Intake::track_own(const Caller& c, Id report_id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<TrackingView> {
    LD_ASSIGN_OR_RETURN(auto r, own_report(tx, c, report_id));
    return tracking_view(tx, std::move(r));
  });
}

Result<Message> Intake::reply_own(const Caller& c, Id report_id, const std::string& body, const ReceiptMeta& meta) {
  return reply_to(body, meta, [&](store::ReadTx& tx) { return own_report(tx, c, report_id); });
}

Result<Message> Intake::reply_to(const std::string& body, const ReceiptMeta& meta,
                                 const std::function<Result<Report>(store::ReadTx&)>& find) {
  Error e = Error::unprocessable("invalid message");
  std::string text = clean_text(body, "body", ctx_.limits.max_text_field, true, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Message> {
    LD_ASSIGN_OR_RETURN(auto r, find(tx));
    // A finder's follow-up is a receipt too (R-RECEIPT-LOG: every receipt).
    LD_RETURN_IF_ERROR(
        append_receipt(tx, now, meta, "finder:" + r.tracking_id, "message:report:" + r.tracking_id).status());
    Message m;
    // Both ids: the case's staff read it with the case, and only this
    // report's finder reads it back (never the finders of joined duplicates).
    m.report_id = r.id;
    if (r.case_id) m.case_id = r.case_id;
    if (r.submitter_user_id) m.author_user_id = r.submitter_user_id;
    m.author_name = r.contact_name.empty() ? "finder" : r.contact_name;
    m.from_finder = true;
    m.visibility = Visibility::finder;
    m.body = text;
    m.created_at = now;
    LD_ASSIGN_OR_RETURN(m.id, tx.insert_message(m));
    Caller finder;
    finder.actor.username = "finder:" + r.tracking_id;
    LD_RETURN_IF_ERROR(add_event(tx, finder, now, "report", r.id, "finder_reply").status());
    if (r.state == ReportState::needs_info) {
      r.state = ReportState::triage;
      r.updated_at = now;
      LD_RETURN_IF_ERROR(tx.update_report(r));
      LD_RETURN_IF_ERROR(
          add_event(tx, finder, now, "report", r.id, "transition", "needs_info", "triage", "finder answered").status());
    }
    return m;
  });
}

}  // namespace loudong::services
