#include "services/triage.h"

#include <cstdio>

#include "domain/clocks.h"
#include "domain/finder_view.h"
#include "domain/workflow.h"
#include "services/notify_events.h"

namespace loudong::services {

using namespace domain;

std::string case_ref(Id id, Time now) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "LD-%s-%06lld", format_utc(now).substr(0, 4).c_str(), static_cast<long long>(id));
  return buf;
}

namespace {

Result<Report> staff_report(store::ReadTx& tx, const Actor& a, Id id) {
  LD_ASSIGN_OR_RETURN(auto r, tx.report(id));
  if (!r || !can_see_report(a, r->submitter_user_id)) return Error::not_found("report");
  return std::move(*r);
}

}  // namespace

Status stop_finder_ack(store::WriteTx& tx, Id report_id, Time at, const std::string& note) {
  LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(report_id, std::nullopt));
  for (auto& c : clocks) {
    if (c.kind != ClockKind::finder_ack || c.stopped_at) continue;
    c.stopped_at = at;
    c.stop_note = note;
    LD_RETURN_IF_ERROR(tx.update_clock(c));
  }
  return {};
}

Result<store::Page<Report>> Triage::list(const Caller& c, store::ReportFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_triage(c.actor)) f.submitter_user_id = c.actor.user_id;
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<store::Page<Report>> {
    LD_ASSIGN_OR_RETURN(auto page, tx.reports(f));
    // Whoever sees a report (intake staff, its submitter) may see who sent it.
    LD_RETURN_IF_ERROR(fill_submitter_names(tx, page.items));
    return page;
  });
}

Result<Report> Triage::get(const Caller& c, Id id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<Report> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    std::vector<Report> one{std::move(r)};
    LD_RETURN_IF_ERROR(fill_submitter_names(tx, one));
    return std::move(one.front());
  });
}

Result<Confidential> Triage::confidential(const Caller& c, Id id) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Confidential> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    bool own = r.submitter_user_id && *r.submitter_user_id == c.actor.user_id;
    bool allowed = is_intake_staff(c.actor) || own;
    if (!allowed && r.case_id) {
      LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(*r.case_id));
      if (cs) {
        LD_ASSIGN_OR_RETURN(auto parties, case_parties(tx, *cs));
        allowed = can_read_confidential(c.actor, parties);
      }
    }
    if (!allowed) return Error::denied("you may not read this report's proof of concept");
    Confidential out;
    if (!r.verification_sealed.empty()) {
      LD_ASSIGN_OR_RETURN(out.verification, crypto::unseal(ctx_.seal_key, r.verification_sealed));
    }
    LD_ASSIGN_OR_RETURN(out.attachments, tx.attachments(id, false));
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "report", id, "verification").status());
    return out;
  });
}

Result<Attachment> Triage::attachment(const Caller& c, Id report_id, Id attachment_id) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Attachment> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, report_id));
    if (!is_intake_staff(c.actor) && !(r.submitter_user_id && *r.submitter_user_id == c.actor.user_id))
      return Error::denied("you may not read this report's attachments");
    LD_ASSIGN_OR_RETURN(auto all, tx.attachments(report_id, true));
    for (auto& a : all) {
      if (a.id != attachment_id) continue;
      LD_ASSIGN_OR_RETURN(a.content_sealed, crypto::unseal(ctx_.seal_key, a.content_sealed));
      LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "attachment", a.id,
                                    "report " + std::to_string(report_id))
                             .status());
      return a;  // content_sealed now holds the plain content
    }
    return Error::not_found("attachment");
  });
}

Result<std::vector<Event>> Triage::timeline(const Caller& c, Id id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<Event>> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    LD_ASSIGN_OR_RETURN(auto events, tx.events("report", id));
    if (is_intake_staff(c.actor)) return events;
    // Otherwise the caller is the report's own finder (staff_report let them in).
    return finder_timeline(FinderThread{r.id, r.submitter_user_id, true}, std::move(events));
  });
}

Result<std::vector<Message>> Triage::messages(const Caller& c, Id id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<Message>> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    LD_ASSIGN_OR_RETURN(auto all, tx.messages(id, std::nullopt));
    if (is_intake_staff(c.actor)) return all;
    std::vector<Message> out;
    FinderThread thread{r.id, r.submitter_user_id, true};
    for (auto& m : all)
      if (finder_sees_message(thread, m)) {
        m.author_name = finder_author_label(m, false);  // the report's own messages: intake or the finder
        m.author_user_id.reset();
        out.push_back(std::move(m));
      }
    return out;
  });
}

Result<Report> Triage::transition(const Caller& c, Id id, const ReportTransition& t) {
  if (!can_triage(c.actor)) {
    // A finder may see their own report but not triage it.
    auto visible = get(c, id);
    if (!visible.ok()) return std::move(visible).error();
    return Error::denied("only intake coordinators can triage reports");
  }
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Report> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    LD_RETURN_IF_ERROR(check_report_transition(r.state, t.to, t.reason));
    std::string from(name_of(r.state));
    LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(r.id, std::nullopt));
    auto cancel_regulatory = [&](const std::string& why) -> Status {
      for (auto& k : clocks)
        if (k.kind == ClockKind::regulatory_report && !k.stopped_at && !k.case_id) {
          LD_RETURN_IF_ERROR(tx.delete_clock(k.id));
          LD_RETURN_IF_ERROR(add_event(tx, c, now, "report", r.id, "clock_cancelled", "", "", why,
                                       R"({"clock":"regulatory_report"})")
                                 .status());
        }
      return {};
    };
    auto tell_finder = [&](const std::string& text) -> Status {
      Message m;
      m.report_id = r.id;
      if (c.actor.user_id != 0) m.author_user_id = c.actor.user_id;
      m.author_name = actor_name(c.actor);
      m.visibility = Visibility::finder;
      m.body = text;
      m.created_at = now;
      LD_RETURN_IF_ERROR(tx.insert_message(m).status());
      return stop_finder_ack(tx, r.id, now, "finder told: " + std::string(name_of(t.to)));
    };

    switch (t.to) {
      case ReportState::needs_info:
        LD_RETURN_IF_ERROR(tell_finder(t.reason));
        break;
      case ReportState::rejected:
        LD_RETURN_IF_ERROR(tell_finder(t.reason));
        LD_RETURN_IF_ERROR(cancel_regulatory("report rejected: " + t.reason));
        break;
      case ReportState::duplicate: {
        if (!t.case_id) return Error::field("case_id", "required", "a duplicate needs the case it duplicates");
        LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(*t.case_id));
        if (!cs) return Error::field("case_id", "unknown", "no case with this id");
        r.case_id = cs->id;
        LD_RETURN_IF_ERROR(cancel_regulatory("duplicate of " + cs->ref));
        // The provider may have been aware earlier through this report.
        if (r.received_at < cs->aware_at) {
          cs->aware_at = r.received_at;
          cs->updated_at = now;
          LD_RETURN_IF_ERROR(tx.update_case(*cs));
          LD_ASSIGN_OR_RETURN(auto case_clocks, tx.clocks_of(std::nullopt, cs->id));
          for (auto& k : case_clocks)
            if (k.kind == ClockKind::regulatory_report && !k.stopped_at) {
              k = [&] {
                auto fresh = start_clock(ClockKind::regulatory_report, r.received_at, ctx_.policy.get());
                fresh.id = k.id;
                fresh.report_id = k.report_id;
                fresh.case_id = k.case_id;
                return fresh;
              }();
              LD_RETURN_IF_ERROR(tx.update_clock(k));
            }
        }
        for (auto& k : clocks)
          if (k.kind == ClockKind::finder_ack && !k.case_id) {
            k.case_id = cs->id;
            LD_RETURN_IF_ERROR(tx.update_clock(k));
          }
        LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs->id, "report_joined", "", "", t.reason,
                                     "{\"report\":" + quote_json(r.tracking_id) + "}")
                               .status());
        break;
      }
      case ReportState::accepted: {
        Case cs;
        cs.title = t.case_title.empty() ? r.title : t.case_title;
        cs.state = CaseState::verifying;
        cs.product_id = r.product_id;
        if (r.product_id) {
          LD_ASSIGN_OR_RETURN(auto p, tx.product(*r.product_id));
          if (p) cs.provider_org = p->provider_org;
        }
        cs.affected_versions = r.product_version;
        cs.assessment.cwe = r.cwe;
        cs.assessment.gbt_class = r.gbt_class;
        cs.aware_at = r.received_at;
        cs.created_at = now;
        cs.updated_at = now;
        cs.ref = "pending";
        LD_ASSIGN_OR_RETURN(cs.id, tx.insert_case(cs));
        cs.ref = case_ref(cs.id, now);
        LD_RETURN_IF_ERROR(tx.update_case(cs));
        LD_RETURN_IF_ERROR(tx.add_participant(cs.id, kHostOrg, "coordinator"));
        if (cs.provider_org) LD_RETURN_IF_ERROR(tx.add_participant(cs.id, *cs.provider_org, "provider"));
        r.case_id = cs.id;
        for (auto& k : clocks)
          if (!k.case_id) {
            k.case_id = cs.id;
            LD_RETURN_IF_ERROR(tx.update_clock(k));
          }
        LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "opened", "", "verifying", t.reason,
                                     "{\"report\":" + quote_json(r.tracking_id) + "}")
                               .status());
        break;
      }
      case ReportState::triage:
      case ReportState::received:
        break;
    }
    r.state = t.to;
    r.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_report(r));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "report", r.id, "transition", from, std::string(name_of(t.to)), t.reason,
                                 r.case_id ? "{\"case_id\":" + std::to_string(*r.case_id) + "}" : "")
                           .status());
    LD_RETURN_IF_ERROR(notify_report_state(tx, ctx_, now, r, from, std::string(name_of(t.to)), t.reason));
    std::vector<Report> one{std::move(r)};
    LD_RETURN_IF_ERROR(fill_submitter_names(tx, one));
    return std::move(one.front());
  });
}

Result<int> Triage::close_unanswered() {
  Time cutoff = ctx_.clock.now() - ctx_.policy.get().needs_info_timeout;
  store::ReportFilter f;
  f.state = ReportState::needs_info;
  f.newest_first = false;
  f.page.limit = 200;
  std::vector<Id> stale;
  for (;;) {
    LD_ASSIGN_OR_RETURN(auto page, ctx_.store.read([&](store::ReadTx& tx) { return tx.reports(f); }));
    for (const auto& r : page.items)
      if (r.updated_at <= cutoff) stale.push_back(r.id);
    if (page.next_cursor.empty()) break;
    f.page.cursor = page.next_cursor;
  }
  Caller system;
  system.actor.username = "system";
  system.actor.platform_admin = true;
  system.actor.system = true;
  system.request_id = "needs-info-timeout";
  int closed = 0;
  std::string reason = "no answer within " + std::to_string(ctx_.policy.get().needs_info_timeout.count()) +
                       " days / " + std::to_string(ctx_.policy.get().needs_info_timeout.count()) + " 天内未收到补充信息";
  for (Id id : stale) {
    auto r = transition(system, id, {ReportState::rejected, reason, std::nullopt, ""});
    // A finder who answered in the meantime moved it back to triage: skip.
    if (r.ok()) ++closed;
    else if (r.error().code() != "illegal_transition") return std::move(r).error();
  }
  return closed;
}

Result<Message> Triage::post_message(const Caller& c, Id id, Visibility v, const std::string& body) {
  Error e = Error::unprocessable("invalid message");
  std::string text = clean_text(body, "body", ctx_.limits.max_text_field, true, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  if (!can_triage(c.actor)) {
    auto visible = get(c, id);
    if (!visible.ok()) return std::move(visible).error();
    return Error::denied("finders reply through the tracking page");
  }
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Message> {
    LD_ASSIGN_OR_RETURN(auto r, staff_report(tx, c.actor, id));
    Message m;
    m.report_id = r.id;
    if (c.actor.user_id != 0) m.author_user_id = c.actor.user_id;
    m.author_name = actor_name(c.actor);
    m.visibility = v;
    m.body = text;
    m.created_at = now;
    LD_ASSIGN_OR_RETURN(m.id, tx.insert_message(m));
    if (v == Visibility::finder || v == Visibility::all)
      LD_RETURN_IF_ERROR(stop_finder_ack(tx, r.id, now, "first reply to the finder"));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "report", r.id, "message", "", "", "",
                                 "{\"visibility\":\"" + std::string(name_of(v)) + "\"}")
                           .status());
    return m;
  });
}

}  // namespace loudong::services
