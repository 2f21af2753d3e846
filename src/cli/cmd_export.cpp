#include "cli/cmd_export.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/clock.h"
#include "formats/advisory_json.h"
#include "formats/exports.h"
#include "cli/runtime.h"
#include "services/access_log.h"
#include "services/advisory_exports.h"

namespace loudong::cli {

namespace {

struct ExportOptions {
  std::vector<std::string> advisory_files;
  std::string stored;  // REF-or-CASE-ID: a published advisory of the data directory
  std::string out;
  std::string publisher_name, namespace_url, contact, category = "vendor", base_url, cna_org_id, cna_short_name;
  std::string portal_url;
};

[[noreturn]] void die(const Error& e) {
  std::cerr << "error: " << e.message() << "\n";
  for (const auto& f : e.fields())
    if (e.fields().size() > 1) std::cerr << "  - " << f.field << ": " << f.message << "\n";
  std::exit(2);
}

domain::Advisory read_advisory(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die(Error::invalid("cannot read " + path));
  std::ostringstream s;
  s << in.rdbuf();
  auto a = formats::advisory_from_json(s.str());
  if (!a.ok()) die(Error(a.error()).under(path));
  return *a;
}

std::vector<domain::Advisory> read_advisories(const ExportOptions& o) {
  std::vector<domain::Advisory> out;
  for (const auto& f : o.advisory_files) out.push_back(read_advisory(f));
  return out;
}

// The publisher from the flags; the name falls back to the advisory's.
formats::Publisher publisher_of(const ExportOptions& o, const domain::Advisory* a) {
  formats::Publisher p;
  p.name = !o.publisher_name.empty() ? o.publisher_name : a ? a->publisher : "";
  p.namespace_url = o.namespace_url;
  p.contact = o.contact;
  p.category = o.category;
  p.base_url = o.base_url;
  while (!p.base_url.empty() && p.base_url.back() == '/') p.base_url.pop_back();
  p.cve_org_id = o.cna_org_id;
  p.cve_short_name = o.cna_short_name;
  return p;
}

void emit(const ExportOptions& o, const std::string& text) {
  if (o.out.empty()) {
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
    std::cout.flush();
    return;
  }
  std::ofstream f(o.out, std::ios::binary | std::ios::trunc);
  f << text;
  if (!text.empty() && text.back() != '\n') f << "\n";
  if (!f) die(Error::invalid("cannot write " + o.out));
}

Time latest(const std::vector<domain::Advisory>& as) {
  Time t{};
  for (const auto& a : as) {
    if (!a.history.empty()) t = std::max(t, a.history.back().at);
    t = std::max(t, a.updated_at);
  }
  return t;
}

void add_publisher_flags(CLI::App* c, ExportOptions& o) {
  c->add_option("--publisher-name", o.publisher_name, "publisher's name (default: the advisory's publisher)");
  c->add_option("--namespace", o.namespace_url, "publisher's namespace URL (CSAF publisher.namespace), e.g. https://example.cn");
  c->add_option("--contact", o.contact, "publisher's contact details");
  c->add_option("--category", o.category, "publisher category: vendor (a provider) or coordinator (a platform)");
  c->add_option("--base-url", o.base_url, "where the CSAF tree is served, e.g. https://example.cn/.well-known/csaf");
}

}  // namespace

void add_export_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_data,
                         const std::function<Result<services::Context*>()>& open_context, const Config& config) {
  auto* exp = app.add_subcommand("export", "write an advisory as CSAF 2.0, CVE JSON 5.1, OSV, or the CSAF provider "
                                           "feeds: a published one of the data directory (by reference or case id), "
                                           "or a domain::Advisory JSON file (no data directory needed)");
  exp->require_subcommand(1);
  static ExportOptions o;  // the callbacks run after parsing, while main's app lives
  static std::function<Result<services::Context*>()> open;
  static const Config* cfg = nullptr;
  open = open_context;
  cfg = &config;

  auto single = [&](const char* name, const char* help) {
    auto* c = exp->add_subcommand(name, help);
    auto* file = c->add_option("--advisory", o.advisory_files, "advisory JSON file (format: src/formats/advisory_json.h)")
                     ->expected(1);
    auto* stored = c->add_option("advisory", o.stored,
                                 "a published advisory of the data directory: its reference (LD-SA-2026-000001) "
                                 "or its case's id");
    file->excludes(stored);
    c->add_option("--out", o.out, "write here instead of stdout");
    add_publisher_flags(c, o);
    add_data(c);
    return c;
  };
  // The stored advisory as the server serves it (services/advisory_exports.h).
  auto from_store = [](services::ExportFormat f) {
    auto ctx = open();
    if (!ctx.ok()) die(ctx.error());
    services::ExportSettings s{cfg->notify.public_url, o.cna_org_id.empty() ? cfg->cna_org_id : o.cna_org_id};
    auto doc = services::export_stored_advisory(**ctx, o.stored, f, s);
    if (!doc.ok()) die(doc.error());
    if (auto st = services::record_access(**ctx, os_user_caller(), "export", "advisory", 0, doc->filename); !st.ok())
      die(st.error());
    emit(o, doc->body);
  };
  auto need_one = [] {
    if (o.stored.empty() && o.advisory_files.empty())
      die(Error::invalid("name the advisory: its reference or case id (stored), or --advisory FILE.json"));
  };

  single("csaf", "CSAF 2.0 csaf_security_advisory (checked against the mandatory tests 6.1.x)")->callback([=] {
    need_one();
    if (!o.stored.empty()) return from_store(services::ExportFormat::csaf);
    auto a = read_advisory(o.advisory_files.at(0));
    auto doc = formats::write_csaf(a, publisher_of(o, &a));
    if (!doc.ok()) die(doc.error());
    emit(o, doc->dump(2));
  });
  auto* cve = single("cve5", "CVE JSON 5.1 record (the advisory needs a CVE id)");
  cve->add_option("--cna-org-id", o.cna_org_id,
                  "the CNA's organisation UUID (providerMetadata.orgId); stored advisories: default platform.cna_org_id");
  cve->add_option("--cna-short-name", o.cna_short_name, "the CNA's short name");
  cve->callback([=] {
    need_one();
    if (!o.stored.empty()) return from_store(services::ExportFormat::cve5);
    auto a = read_advisory(o.advisory_files.at(0));
    auto rec = formats::write_cve5(a, publisher_of(o, &a));
    if (!rec.ok()) die(rec.error());
    emit(o, rec->dump(2));
  });
  single("osv", "OSV record (for the products with a package URL)")->callback([=] {
    need_one();
    if (!o.stored.empty()) return from_store(services::ExportFormat::osv);
    auto a = read_advisory(o.advisory_files.at(0));
    auto text = formats::write_advisory_osv(a, publisher_of(o, &a));
    if (!text.ok()) die(text.error());
    emit(o, nlohmann::json::parse(*text).dump(2));
  });

  auto* pm = exp->add_subcommand("provider-metadata", "CSAF provider-metadata.json for the publisher");
  pm->add_option("--out", o.out, "write here instead of stdout");
  add_publisher_flags(pm, o);
  pm->callback([] {
    formats::Publisher p = publisher_of(o, nullptr);
    if (p.name.empty() || p.namespace_url.empty() || p.base_url.empty())
      die(Error::invalid("provider-metadata needs --publisher-name, --namespace and --base-url"));
    emit(o, formats::provider_metadata(p, SystemClock().now()).dump(2));
  });

  auto feed = [&](const char* name, const char* help) {
    auto* c = exp->add_subcommand(name, help);
    c->add_option("--advisory", o.advisory_files, "advisory JSON file (repeat for each advisory)")->required();
    c->add_option("--out", o.out, "write here instead of stdout");
    add_publisher_flags(c, o);
    return c;
  };
  feed("rolie", "ROLIE feed (JSON) of the CSAF documents")->callback([] {
    auto as = read_advisories(o);
    emit(o, formats::rolie_feed(as, publisher_of(o, &as.front()), latest(as)).dump(2));
  });
  feed("changes", "changes.csv of the CSAF provider layout")->callback([] { emit(o, formats::changes_csv(read_advisories(o))); });
  feed("index", "index.txt of the CSAF provider layout")->callback([] { emit(o, formats::index_txt(read_advisories(o))); });
  auto* atom = feed("atom", "Atom 1.0 feed of the advisories for the portal");
  atom->add_option("--portal-url", o.portal_url, "the portal's address, e.g. https://vd.example.cn")->required();
  atom->callback([] {
    auto as = read_advisories(o);
    std::string portal = o.portal_url;
    while (!portal.empty() && portal.back() == '/') portal.pop_back();
    emit(o, formats::atom_feed(as, publisher_of(o, &as.front()), portal, latest(as)));
  });
}

}  // namespace loudong::cli
