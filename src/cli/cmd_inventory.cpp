#include "cli/cmd_inventory.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "services/inventory.h"
#include "versions/vers.h"

namespace loudong::cli {
namespace {

using nlohmann::json;

[[noreturn]] void die(const Error& e) {
  std::cerr << "error: " << e.message() << "\n";
  if (e.kind() == ErrorKind::internal) std::cerr << "  (" << e.log_message() << ")\n";
  std::exit(2);
}

services::Caller operator_caller() {
  services::Caller c;
  c.actor = domain::Actor{1, "cli", true, {}};  // the machine's operator: full rights
  return c;
}

services::Inventory& open_inventory(const std::function<Result<services::Context*>()>& open) {
  auto ctx = open();
  if (!ctx.ok()) die(ctx.error());
  auto inv = services::inventory_for(**ctx);
  if (!inv.ok()) die(inv.error());
  return **inv;
}

// Severity rank for --fail-on: an unknown grade counts as the gravest, so a
// finding the data cannot grade never passes silently.
int rank(const std::optional<assessment::Grade>& g) { return g ? static_cast<int>(*g) : -1; }

}  // namespace

void add_inventory_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_data,
                            const std::function<Result<services::Context*>()>& open_context) {
  auto* import = app.add_subcommand("import", "import advisory records (a file, a directory or a zip)");
  import->require_subcommand(1);
  for (auto [name, fmt] : {std::pair{"osv", services::AdvisoryFormat::osv},
                           std::pair{"cve5", services::AdvisoryFormat::cve5}}) {
    auto* sub = import->add_subcommand(name, std::string("import ") + name + " records");
    add_data(sub);
    auto path = std::make_shared<std::string>();
    sub->add_option("PATH", *path, "file, directory or zip")->required();
    sub->callback([=, &open_context] {
      auto& inv = open_inventory(open_context);
      auto sum = inv.import_path(fmt, *path, [](const services::ImportProgress& p) {
        if (p.eta_seconds() >= 0)
          std::fprintf(stderr, "\r%zu/%zu records  %.0f records/s  ETA %.0f s   ", p.done, p.total, p.rate(),
                       p.eta_seconds());
        else
          std::fprintf(stderr, "\r%zu records  %.0f records/s   ", p.done, p.rate());
      });
      std::fprintf(stderr, "\n");
      if (!sum.ok()) die(sum.error());
      for (const auto& f : sum->failures) std::fprintf(stderr, "skipped %s: %s\n", f.file.c_str(), f.reason.c_str());
      std::printf("read %zu, new %zu, updated %zu, unchanged %zu, failed %zu in %.1f s\n", sum->read, sum->inserted,
                  sum->updated, sum->unchanged, sum->failed, sum->seconds);
      std::exit(0);
    });
  }

  auto* scan = app.add_subcommand("scan", "match an SBOM against the local database (exit 1 on findings)");
  add_data(scan);
  auto sbom_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto fail_on = std::make_shared<std::string>("low");
  scan->add_option("SBOM-FILE", *sbom_path, "CycloneDX or SPDX JSON")->required();
  scan->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  scan->add_option("--fail-on", *fail_on, "grade at or above which a finding fails: critical, high, medium, low, none");
  scan->callback([=, &open_context] {
    std::optional<assessment::Grade> threshold;
    if (*fail_on != "none") {
      auto g = assessment::parse_grade(*fail_on, "--fail-on");
      if (!g.ok()) die(g.error());
      threshold = *g;
    }
    std::ifstream in(*sbom_path, std::ios::binary);
    if (!in) die(Error::invalid("cannot read " + *sbom_path));
    std::stringstream ss;
    ss << in.rdbuf();
    auto& inv = open_inventory(open_context);
    auto r = inv.scan(ss.str());
    if (!r.ok()) die(r.error());
    bool fail = false;
    for (const auto& f : r->findings)
      if (threshold && f.verdict == match::Verdict::affected && rank(f.grade) <= static_cast<int>(*threshold))
        fail = true;
    if (*format == "json") {
      json items = json::array();
      for (const auto& f : r->findings)
        items.push_back({{"purl", f.component.purl}, {"advisory_id", f.advisory_id}, {"case_id", f.case_id},
                         {"verdict", match::verdict_name(f.verdict)}, {"reason", f.reason},
                         {"grade", f.grade ? json(assessment::grade_code(*f.grade)) : json(nullptr)}});
      std::printf("%s\n", json{{"components", r->components}, {"unmatched", r->unmatched}, {"findings", items}}
                              .dump(2).c_str());
    } else {
      std::printf("%-22s %-9s %-9s %s\n", "ADVISORY", "GRADE", "VERDICT", "COMPONENT");
      for (const auto& f : r->findings)
        std::printf("%-22s %-9s %-9s %s\n",
                    f.source == "case" ? ("case " + std::to_string(f.case_id)).c_str() : f.advisory_id.c_str(),
                    f.grade ? std::string(assessment::grade_code(*f.grade)).c_str() : "-",
                    std::string(match::verdict_name(f.verdict)).c_str(), f.component.purl.c_str());
      std::printf("%zu components (%zu not matchable), %zu findings\n", r->components, r->unmatched,
                  r->findings.size());
    }
    std::exit(fail ? 1 : 0);
  });

  auto* impact = app.add_subcommand("impact", "affected product versions of PURL[@RANGE] or an advisory id");
  add_data(impact);
  auto what = std::make_shared<std::string>();
  impact->add_option("TARGET", *what, "pkg:maven/g/a@[2.0,2.15) or GO-2021-0001 / CVE-...")->required();
  impact->callback([=, &open_context] {
    auto& inv = open_inventory(open_context);
    auto caller = operator_caller();
    Result<services::ImpactResult> r = Error::invalid("");
    if (what->rfind("pkg:", 0) == 0) {
      auto [purl, range] = services::split_purl_range(*what);
      r = inv.impact_of_range(caller, purl, range);
    } else {
      r = inv.impact_of_advisory(caller, *what);
    }
    if (!r.ok()) die(r.error());
    json items = json::array();
    for (const auto& e : r->entries) {
      json cs = json::array();
      for (const auto& c : e.customers) cs.push_back({{"name", c.name}, {"contact", c.contact}});
      items.push_back({{"product_id", e.hit.product_version.product_id}, {"product", e.product_name},
                       {"version", e.hit.product_version.version}, {"component", e.hit.component.purl},
                       {"verdict", match::verdict_name(e.hit.verdict)}, {"why", e.hit.reason}, {"customers", cs}});
    }
    std::printf("%s\n", json{{"query", r->query}, {"product_versions", r->product_versions}, {"items", items}}
                            .dump(2).c_str());
    std::exit(0);
  });

  auto* vers = app.add_subcommand("versions", "version ordering and ranges per ecosystem (JSON)");
  vers->require_subcommand(1);
  auto* cmp = vers->add_subcommand("compare", "compare two versions");
  auto args = std::make_shared<std::array<std::string, 3>>();
  cmp->add_option("ECOSYSTEM", (*args)[0])->required();
  cmp->add_option("A", (*args)[1])->required();
  cmp->add_option("B", (*args)[2])->required();
  cmp->callback([=] {
    const auto* s = versions::scheme_for((*args)[0]);
    if (!s) die(Error::invalid("unknown ecosystem or scheme '" + (*args)[0] + "'"));
    auto c = s->compare((*args)[1], (*args)[2]);
    if (!c.ok()) die(c.error());
    std::printf("%s\n", json{{"scheme", s->name()}, {"a", (*args)[1]}, {"b", (*args)[2]}, {"result", *c},
                             {"relation", *c < 0 ? "<" : *c > 0 ? ">" : "="}}
                            .dump().c_str());
    std::exit(0);
  });
  auto* contains = vers->add_subcommand("contains", "whether RANGE (vers or native syntax) holds VERSION");
  auto cargs = std::make_shared<std::array<std::string, 3>>();
  contains->add_option("ECOSYSTEM", (*cargs)[0])->required();
  contains->add_option("RANGE", (*cargs)[1])->required();
  contains->add_option("VERSION", (*cargs)[2])->required();
  contains->callback([=] {
    const std::string& range = (*cargs)[1];
    auto v = range.rfind("vers:", 0) == 0 ? versions::parse_vers(range) : versions::from_native((*cargs)[0], range);
    if (!v.ok()) die(v.error());
    std::string why;
    auto r = versions::contains(*v, (*cargs)[2], &why);
    if (!r.ok()) die(r.error());
    const char* answer = *r == versions::Containment::yes ? "yes" : *r == versions::Containment::no ? "no" : "unknown";
    json out{{"range", versions::to_string(*v)}, {"version", (*cargs)[2]}, {"contains", answer}};
    if (*r == versions::Containment::unknown) out["why"] = why;
    std::printf("%s\n", out.dump().c_str());
    std::exit(0);
  });
}

}  // namespace loudong::cli
