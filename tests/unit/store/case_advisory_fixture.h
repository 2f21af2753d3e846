// Case advisories in a fresh store: a case row, a sample advisory, and its
// publication as a revision snapshot, for the store's and the services'
// tests (tests/unit/services/advisory_exports_test.cpp).
#pragma once

#include <string>

#include "formats/advisory_json.h"
#include "temp_store.h"

namespace loudong::store {

using domain::Advisory;
using domain::AdvisoryState;
using domain::AffectedProduct;
using domain::Case;

inline Time t0() { return from_micros(1'700'000'000'000'000); }
inline Time at(int s) { return t0() + std::chrono::seconds(s); }

class CaseAdvisoryStoreTest : public TempStoreTest {
 protected:
  Id add_case(const std::string& ref) {
    auto id = store_->write([&](WriteTx& tx) {
      Case c;
      c.ref = ref;
      c.title = "case " + ref;
      c.aware_at = c.created_at = c.updated_at = t0();
      return tx.insert_case(c);
    });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  Advisory sample(Id case_id, const std::string& ref) {
    Advisory a;
    a.case_id = case_id;
    a.ref = ref;
    a.zh.title = "诊断页面命令注入";
    a.zh.solution = "升级到 2.3";
    a.en.title = "Command injection in the diagnostics page";
    a.en.summary = "The host parameter reaches a shell.";
    a.grade = assessment::Grade::critical;
    a.cvss31_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    a.cvss31_score = 9.8;
    a.cwe = 78;
    a.gbt_class = "code";
    AffectedProduct p;
    p.product_id = 3;
    p.vendor = "Acme";
    p.name = "Acme Router";
    p.purl = "pkg:generic/acme/router";
    p.versions = {"2.1", "2.2"};
    p.fixed_version = "2.3";
    a.affected.push_back(p);
    a.credits.push_back({"Fiona", "finder", Id(9)});
    a.references.push_back({"https://acme.example/sa/1", "advisory", "vendor advisory"});
    a.external_ids = {"CVE-2026-12345"};
    a.created_at = a.updated_at = t0();
    return a;
  }

  Result<Id> insert(const Advisory& a) {
    return store_->write([&](WriteTx& tx) { return tx.insert_case_advisory(a); });
  }

  Status publish(Advisory& a, int revision, Time when, const std::string& tlp = "CLEAR") {
    a.state = AdvisoryState::published;
    a.revision = revision;
    a.tlp = tlp;
    if (!a.published_at) a.published_at = when;
    a.history.push_back({revision, when, "admin", revision == 1 ? "Initial release" : "update"});
    return store_->write([&](WriteTx& tx) -> Status {
      LD_RETURN_IF_ERROR(tx.update_case_advisory(a));
      return tx.insert_advisory_snapshot(
          {a.id, a.case_id, a.ref, revision, when, "admin", a.history.back().change, tlp, formats::advisory_to_json(a).dump()});
    });
  }
};

}  // namespace loudong::store
