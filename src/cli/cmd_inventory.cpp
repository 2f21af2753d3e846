#include "cli/cmd_inventory.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/inventory_json.h"
#include "cli/runtime.h"
#include "services/inventory.h"
#include "versions/vers.h"

namespace loudong::cli {
namespace {

using nlohmann::json;

constexpr const char* kExitCodes =
    "Exit codes: 0 success; 2 a usage or input error (the message says what is wrong).\n";

[[noreturn]] void die(const Error& e) {
  std::cerr << "error: " << e.message() << "\n";
  if (e.fields().size() > 1)
    for (const auto& f : e.fields()) std::cerr << "  - " << f.field << ": " << f.message << "\n";
  if (e.kind() == ErrorKind::internal && e.log_message() != e.message()) std::cerr << "  (" << e.log_message() << ")\n";
  std::exit(2);
}

// A message on one line, for line-oriented batch output.
std::string one_line(std::string m) {
  for (char& c : m)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return m;
}

// The --batch loop: each line of standard input is split on tabs into
// `fields` fields (a CR before the newline is dropped) and answered with one
// line. A line with the wrong number of fields is answered "error", so the
// answers stay aligned with the questions.
void batch_lines(std::size_t fields, const std::function<std::string(const std::vector<std::string>&)>& answer) {
  std::string line, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() != fields) out += "error\texpected " + std::to_string(fields) + " tab-separated fields, got " +
                                   std::to_string(f.size()) + "\n";
    else out += answer(f) + "\n";
    if (out.size() > 1 << 16) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

services::Inventory& open_inventory(const std::function<Result<services::Context*>()>& open) {
  auto ctx = open();
  if (!ctx.ok()) die(ctx.error());
  auto inv = services::inventory_for(**ctx);
  if (!inv.ok()) die(inv.error());
  return **inv;
}

// A whole file, or standard input for "-".
std::string read_input(const std::string& path) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) die(Error::invalid(path + " is a directory, not an SBOM file"));
  std::ifstream in(path, std::ios::binary);
  if (!in) die(Error::invalid("cannot read " + path + ": " + std::strerror(errno)));
  ss << in.rdbuf();
  return ss.str();
}

// Columns as a terminal shows them: CJK and other wide characters take two
// cells, combining marks none; enough for names like "某某路由器".
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = c;
    if (len > 1 && i + len <= s.size()) {
      cp = c & (0x7f >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    if (cp >= 0x300 && cp < 0x370) w += 0;
    else if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
             (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
             (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
      w += 2;
    else
      w += 1;
    i += len;
  }
  return w;
}

// Prints rows as aligned columns, two spaces apart; the last column is not
// padded (it holds the longest text: the reason).
void print_table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(head.size(), 0);
  for (std::size_t i = 0; i < head.size(); ++i) width[i] = display_width(head[i]);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (std::size_t i = 0; i < r.size(); ++i) {
      out += r[i];
      if (i + 1 < r.size()) out.append(width[i] - display_width(r[i]) + 2, ' ');
    }
    std::printf("%s\n", out.c_str());
  };
  line(head);
  for (const auto& r : rows) line(r);
}

std::string joined(const std::vector<std::string>& v, std::size_t max = 0) {
  std::string s;
  std::size_t n = max ? std::min(max, v.size()) : v.size();
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", " : "") + v[i];
  if (n < v.size()) s += ", +" + std::to_string(v.size() - n);
  return s.empty() ? "-" : s;
}

// --fail-on: which findings make `scan` exit 1. See the scan command's help.
struct FailRule {
  enum class Mode { any, grade, none } mode = Mode::any;
  assessment::Grade threshold = assessment::Grade::low;
  bool unknown = false;  // --fail-on-unknown

  bool fails(const match::Finding& f) const {
    if (f.verdict == match::Verdict::unknown) return unknown;
    switch (mode) {
      case Mode::any: return true;
      case Mode::none: return false;
      // Grades order critical < high < medium < low; an ungraded finding is
      // not known to be at or above any grade, so it never trips one.
      case Mode::grade: return f.grade && static_cast<int>(*f.grade) <= static_cast<int>(threshold);
    }
    return false;
  }
};

Result<FailRule> parse_fail_rule(const std::string& text, bool unknown) {
  FailRule r;
  r.unknown = unknown;
  if (text == "any") r.mode = FailRule::Mode::any;
  else if (text == "none") r.mode = FailRule::Mode::none;
  else {
    auto g = assessment::parse_grade(text, "--fail-on");
    if (!g.ok())
      return Error::invalid("--fail-on must be one of: any, critical, high, medium, low, none (got \"" + text + "\")");
    r.mode = FailRule::Mode::grade;
    r.threshold = *g;
  }
  return r;
}

std::string finding_source(const match::Finding& f) {
  return f.source == match::FindingSource::case_range ? "case " + std::to_string(f.case_id) : f.advisory_id();
}

void print_scan_table(const services::ScanResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.findings) {
    rows.push_back({f.grade ? std::string(assessment::grade_code(*f.grade)) : "-",
                    std::string(match::verdict_name(f.verdict)), finding_source(f),
                    joined(f.advisory ? f.advisory->aliases : std::vector<std::string>{}, 2),
                    r.matched.at(f.component).purl, std::string(f.reason())});
  }
  if (!rows.empty()) print_table({"GRADE", "VERDICT", "ADVISORY", "ALIASES", "COMPONENT", "WHY"}, rows);
  std::size_t affected = 0, unknown = 0, ungraded = 0;
  std::map<int, std::size_t> by;
  for (const auto& f : r.findings) {
    if (f.verdict == match::Verdict::unknown) {
      ++unknown;
      continue;
    }
    ++affected;
    if (f.grade) ++by[static_cast<int>(*f.grade)];
    else ++ungraded;
  }
  if (!rows.empty()) std::printf("\n");
  std::printf("%zu components (%zu without a purl loudong can match), %zu findings: %zu affected (%zu critical, "
              "%zu high, %zu medium, %zu low, %zu ungraded), %zu unknown\n",
              r.components, r.unmatched, r.findings.size(), affected, by[0], by[1], by[2], by[3], ungraded, unknown);
  if (unknown)
    std::printf("unknown: the version could not be compared with the range (see WHY); check these by hand\n");
}

// A command that is only a group of subcommands: without one, or with an
// unknown one, it fails naming the choices (CLI11 would say only "A
// subcommand is required"). Words before the subcommand that the group does
// not know are refused too: allow_extras would otherwise drop them, and
// `import --data other osv PATH` imported into the default data directory.
void require_one_of(CLI::App* group, const std::string& name, const std::string& choices) {
  group->allow_extras();
  // On parse completion, so it runs before the subcommand's own callback.
  group->parse_complete_callback([group, name, choices] {
    auto extra = group->remaining();
    if (!group->get_subcommands().empty()) {
      if (extra.empty()) return;
      die(Error::invalid("unexpected \"" + extra[0] + "\" before the " + name + " subcommand: put it after \"" +
                         name + " " + group->get_subcommands().front()->get_name() + "\""));
    }
    if (extra.empty()) die(Error::invalid(name + " needs a subcommand: " + choices));
    die(Error::invalid("unknown " + name + " subcommand \"" + extra[0] + "\": use " + choices));
  });
}

}  // namespace

void add_inventory_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_data,
                            const std::function<Result<services::Context*>()>& open_context) {
  // Copied into every callback: the callbacks run after this function
  // returns, when a reference to the caller's std::function would dangle.
  auto open = open_context;

  // --- import osv|cve5 PATH ------------------------------------------------
  auto* import = app.add_subcommand("import", "import advisory records (OSV or CVE JSON 5) into the local database");
  require_one_of(import, "import", "osv or cve5 (loudong import osv PATH)");
  add_data(import);  // `import --data DIR osv PATH` as well as `import osv --data DIR PATH`
  for (const auto& [name, format_, what] :
       {std::tuple{"osv", services::AdvisoryFormat::osv, "OSV JSON records (e.g. osv.dev's per-ecosystem all.zip)"},
        std::tuple{"cve5", services::AdvisoryFormat::cve5, "CVE JSON 5 records"}}) {
    services::AdvisoryFormat fmt = format_;
    auto* sub = import->add_subcommand(name, std::string("import ") + what);
    add_data(sub);
    auto path = std::make_shared<std::string>();
    sub->add_option("PATH", *path, "a .json file, a directory (every *.json below it) or a .zip archive")->required();
    sub->footer(
        "Idempotent: a record whose `modified` time is the same as or older than the stored one changes nothing; "
        "a newer one replaces it. A malformed record is named with its reason on stderr and skipped; the rest "
        "imports. Progress goes to stderr, the summary to stdout.\n"
        "Exit codes: 0 every record read; 1 some records were skipped (the rest imported); 2 the path could not be "
        "read, or a usage error.\n");
    sub->callback([path, fmt, open] {
      auto& inv = open_inventory(open);
      bool tty = ::isatty(STDERR_FILENO) != 0;
      auto sum = inv.import_path(fmt, *path, [tty](const services::ImportProgress& p) {
        char buf[160];
        if (p.eta_seconds() >= 0)
          std::snprintf(buf, sizeof buf, "%zu/%zu records  %.0f records/s  ETA %.0f s", p.done, p.total, p.rate(),
                        p.eta_seconds());
        else
          std::snprintf(buf, sizeof buf, "%zu records  %.0f records/s", p.done, p.rate());
        std::fprintf(stderr, tty ? "\r%s   " : "%s\n", buf);
      });
      if (tty) std::fprintf(stderr, "\n");
      if (!sum.ok()) die(sum.error());
      for (const auto& f : sum->failures) std::fprintf(stderr, "skipped %s: %s\n", f.file.c_str(), f.reason.c_str());
      std::printf("read %zu, new %zu, updated %zu, unchanged %zu, failed %zu in %.1f s\n", sum->read, sum->inserted,
                  sum->updated, sum->unchanged, sum->failed, sum->seconds);
      std::fflush(stdout);
      std::exit(sum->failed ? 1 : 0);
    });
  }

  // --- scan SBOM-FILE ------------------------------------------------------
  auto* scan = app.add_subcommand("scan", "match an SBOM against the local database (offline; exit 1 on findings)");
  add_data(scan);
  auto sbom_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto fail_on = std::make_shared<std::string>("any");
  auto fail_unknown = std::make_shared<bool>(false);
  scan->add_option("SBOM-FILE", *sbom_path, "CycloneDX 1.4-1.6 or SPDX 2.3 JSON; - reads standard input")->required();
  scan->add_option("--format", *format, "table (default) or json (the shape of POST /api/v1/scan)")
      ->check(CLI::IsMember({"table", "json"}));
  scan->add_option("--fail-on", *fail_on,
                   "which affected findings make the exit code 1: any (default), critical, high, medium, low "
                   "(that grade or graver), none");
  scan->add_flag("--fail-on-unknown", *fail_unknown,
                 "also exit 1 for a finding whose verdict is unknown (version not comparable with the range)");
  scan->footer(
      "Findings come from imported advisories and from cases with affected components. A finding is \"affected\" "
      "(the component's version is in the range) or \"unknown\" (the version or range could not be compared, or "
      "the range is a GIT range: listed with the reason, never dropped as \"not affected\"). Grades are CNNVD's "
      "bands on the advisory's CVSS base score, or the case's assessed grade; a source without a score is "
      "ungraded.\n"
      "--fail-on any fails on every affected finding, graded or not (as osv-scanner does). --fail-on GRADE fails "
      "only on findings graded GRADE or graver: an ungraded finding is not known to reach any grade, so it does "
      "not trip --fail-on high (use any to catch it). Unknown verdicts never fail the scan unless "
      "--fail-on-unknown is given.\n"
      "Exit codes: 0 nothing at or above the threshold; 1 at least one finding at or above it; 2 a usage or input "
      "error (unreadable file, not an SBOM).\n");
  scan->callback([=] {
    auto rule = parse_fail_rule(*fail_on, *fail_unknown);
    if (!rule.ok()) die(rule.error());
    std::string text = read_input(*sbom_path);
    auto& inv = open_inventory(open);
    auto r = inv.scan(system_caller(), text);
    if (!r.ok()) die(r.error());
    std::size_t failing = 0;
    for (const auto& f : r->findings) failing += rule->fails(f) ? 1 : 0;
    if (*format == "json") std::printf("%s\n", api::scan_json(*r).dump(2).c_str());
    else print_scan_table(*r);
    for (const auto& w : r->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (failing)
      std::fprintf(stderr, "exit 1: %zu finding%s at or above --fail-on %s%s\n", failing, failing == 1 ? "" : "s",
                   fail_on->c_str(), *fail_unknown ? " or with an unknown verdict (--fail-on-unknown)" : "");
    std::fflush(stdout);
    std::exit(failing ? 1 : 0);
  });

  // --- impact PURL[@RANGE] | ADVISORY-ID ------------------------------------
  auto* impact = app.add_subcommand("impact", "which product versions hold a flawed component (a purl and range, or an advisory)");
  add_data(impact);
  auto what = std::make_shared<std::string>();
  auto iformat = std::make_shared<std::string>("table");
  impact->add_option("TARGET", *what,
                     "PURL[@RANGE]: pkg:maven/org.apache.logging.log4j/log4j-core@vers:maven/>=2.0.0|<2.17.1, a "
                     "native range (pkg:maven/g/a@[2.0,2.17.1), pkg:npm/x@^1.2), a version (pkg:npm/x@1.2.3), or "
                     "none (every version); or an advisory id or alias: GO-2021-0113, CVE-2021-44228")
      ->required();
  impact->add_option("--format", *iformat, "table (default) or json (the shape of GET /api/v1/impact)")
      ->check(CLI::IsMember({"table", "json"}));
  impact->footer(
      "Quote the target: ranges hold characters the shell treats specially (| < > [ ( ^).\n"
      "Lists every stored product version whose SBOM holds a matching component, with the component, the verdict "
      "(affected, or unknown when its version could not be compared) and why, and the product's customers.\n"
      "Exit codes: 0 answered (even with nothing affected); 2 a bad purl or range, an unknown advisory, or a usage "
      "error.\n");
  impact->callback([=] {
    auto& inv = open_inventory(open);
    auto caller = system_caller();
    Result<services::ImpactResult> r = Error::invalid("");
    if (what->rfind("pkg:", 0) == 0 || what->rfind("PKG:", 0) == 0) {
      auto [purl, range] = services::split_purl_range(*what);
      r = inv.impact_of_range(caller, purl, range);
    } else {
      r = inv.impact_of_advisory(caller, *what);
    }
    if (!r.ok()) die(r.error());
    if (*iformat == "json") {
      std::printf("%s\n", api::impact_json(*r).dump(2).c_str());
      std::exit(0);
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : r->entries) {
      std::vector<std::string> cs;
      for (const auto& c : e.customers) cs.push_back(c.name);
      rows.push_back({e.product_name + " (#" + std::to_string(e.hit.product_version.product_id) + ")",
                      e.hit.product_version.version, e.hit.component.purl,
                      std::string(match::verdict_name(e.hit.verdict)), joined(cs, 3), e.hit.reason});
    }
    std::printf("impact of %s\n\n", r->query.c_str());
    if (!rows.empty()) {
      print_table({"PRODUCT", "VERSION", "COMPONENT", "VERDICT", "CUSTOMERS", "WHY"}, rows);
      std::printf("\n");
    }
    std::printf("%zu product version%s affected\n", r->product_versions, r->product_versions == 1 ? "" : "s");
    std::fflush(stdout);
    std::exit(0);
  });

  // --- versions compare|contains ---------------------------------------------
  auto* vers = app.add_subcommand("versions", "version ordering and ranges per ecosystem (prints JSON)");
  require_one_of(vers, "versions", "compare or contains (loudong versions compare ECOSYSTEM A B)");
  const char* eco_help =
      "an OSV ecosystem (Go, npm, PyPI, Maven, Debian, Alpine, RubyGems, NuGet, Packagist, crates.io, Pub, CRAN, "
      "Hex, ...) or a vers scheme (golang, pypi, deb, rpm, gem, composer, cargo, semver, generic, ...)";
  auto* cmp = vers->add_subcommand(
      "compare", "compare two versions: {\"result\":-1|0|1, \"relation\":\"<\"|\"=\"|\">\"}");
  struct CompareArgs {
    std::string eco, a, b;
    bool batch = false;
  };
  auto args = std::make_shared<CompareArgs>();
  cmp->add_option("ECOSYSTEM", args->eco, eco_help)->required();
  cmp->add_option("A", args->a, "a version");
  cmp->add_option("B", args->b, "a version");
  cmp->add_flag("--batch", args->batch,
                "read \"A<TAB>B\" lines on standard input and print one answer per line: -1, 0, 1, or "
                "\"error<TAB>message\" (one process for thousands of pairs, as the differential tests need)");
  cmp->footer(kExitCodes);
  cmp->callback([args] {
    const auto* s = versions::scheme_for(args->eco);
    if (!s) die(Error::invalid("unknown ecosystem or scheme \"" + args->eco + "\""));
    if (args->batch) {
      if (!args->a.empty()) die(Error::invalid("--batch reads the versions from standard input; give only ECOSYSTEM"));
      batch_lines(2, [s](const std::vector<std::string>& f) -> std::string {
        auto c = s->compare(f[0], f[1]);
        if (!c.ok()) return "error\t" + one_line(c.error().message());
        return std::to_string(*c);
      });
      std::exit(0);
    }
    if (args->a.empty() || args->b.empty())
      die(Error::invalid(std::string(args->a.empty() ? "A" : "B") +
                         " is required (or --batch, to read pairs from standard input)"));
    auto c = s->compare(args->a, args->b);
    if (!c.ok()) die(c.error());
    std::printf("%s\n", json{{"scheme", s->name()}, {"a", args->a}, {"b", args->b}, {"result", *c},
                             {"relation", *c < 0 ? "<" : *c > 0 ? ">" : "="}}
                            .dump()
                            .c_str());
    std::exit(0);
  });
  auto* contains = vers->add_subcommand(
      "contains", "whether RANGE holds VERSION: {\"contains\":\"yes\"|\"no\"|\"unknown\", \"range\" (as vers)}");
  struct ContainsArgs {
    std::string eco, range, version;
    bool batch = false, include_prerelease = false;
  };
  auto cargs = std::make_shared<ContainsArgs>();
  contains->add_option("ECOSYSTEM", cargs->eco, eco_help)->required();
  contains->add_option("RANGE", cargs->range,
                       "vers (vers:maven/>=2.0.0|<2.17.1) or the ecosystem's native syntax ([2.0,2.17.1), ^1.2, "
                       ">=1.0,<2)");
  contains->add_option("VERSION", cargs->version, "a version");
  contains->add_flag("--include-prerelease", cargs->include_prerelease,
                     "npm native ranges: let a prerelease satisfy any comparator set, as node-semver's "
                     "includePrerelease does (by default 1.x does not hold 1.10.2-rc.1). vers ranges and other "
                     "ecosystems already order prereleases between their bounds; the flag changes nothing there");
  contains->add_flag("--batch", cargs->batch,
                     "read \"RANGE<TAB>VERSION\" lines on standard input and print one answer per line: "
                     "\"yes|no<TAB>range as vers\", \"unknown<TAB>range as vers<TAB>why\" or "
                     "\"error<TAB>message\"");
  contains->footer(
      "A native npm range follows node-semver's satisfies (prerelease rule included); a vers range, and advisory "
      "matching, follow version order, where a prerelease between the bounds is inside (docs/inventory.md).\n"
      "\"unknown\" (with \"why\") means the version or a bound could not be compared; it is never reported as "
      "\"no\".\n" + std::string(kExitCodes));
  contains->callback([cargs] {
    const auto* s = versions::scheme_for(cargs->eco);
    if (!s) die(Error::invalid("unknown ecosystem or scheme \"" + cargs->eco + "\""));
    versions::NativeOptions opts{cargs->include_prerelease};
    // One answer: the vers form of the range (for "range"), and yes/no/unknown.
    struct Answer {
      versions::VersRange vers;
      versions::Containment c = versions::Containment::unknown;
      std::string why;
    };
    auto answer = [&](const std::string& range, const std::string& version) -> Result<Answer> {
      Answer a;
      bool is_vers = range.size() > 5 && (range.rfind("vers:", 0) == 0 || range.rfind("VERS:", 0) == 0);
      auto v = is_vers ? versions::parse_vers(range) : versions::from_native(cargs->eco, range);
      if (!v.ok()) return std::move(v).error().under("RANGE");
      // A vers range must speak the ecosystem's scheme, or the answer is about another ordering.
      if (is_vers && v->scheme != s->name())
        return Error::invalid("RANGE: a vers:" + v->scheme + "/ range does not fit " + cargs->eco + " (vers:" +
                              std::string(s->name()) + "/...)");
      a.vers = std::move(*v);
      auto r = is_vers ? versions::contains(a.vers, version, &a.why)
                       : versions::contains_native(cargs->eco, range, version, opts, &a.why);
      if (!r.ok()) return std::move(r).error();
      a.c = *r;
      return a;
    };
    if (cargs->batch) {
      if (!cargs->range.empty())
        die(Error::invalid("--batch reads ranges and versions from standard input; give only ECOSYSTEM"));
      batch_lines(2, [&](const std::vector<std::string>& f) -> std::string {
        auto a = answer(f[0], f[1]);
        if (!a.ok()) return "error\t" + one_line(a.error().message());
        std::string vers = versions::to_string(a->vers);
        if (a->c == versions::Containment::unknown) return "unknown\t" + vers + "\t" + one_line(a->why);
        return (a->c == versions::Containment::yes ? "yes\t" : "no\t") + vers;
      });
      std::exit(0);
    }
    if (cargs->range.empty() || cargs->version.empty())
      die(Error::invalid(std::string(cargs->range.empty() ? "RANGE" : "VERSION") +
                         " is required (or --batch, to read ranges and versions from standard input)"));
    auto a = answer(cargs->range, cargs->version);
    if (!a.ok()) die(a.error());
    const char* word = a->c == versions::Containment::yes ? "yes" : a->c == versions::Containment::no ? "no" : "unknown";
    json out{{"range", versions::to_string(a->vers)}, {"version", cargs->version}, {"contains", word}};
    if (a->c == versions::Containment::unknown) out["why"] = a->why;
    std::printf("%s\n", out.dump().c_str());
    std::exit(0);
  });
}

}  // namespace loudong::cli
