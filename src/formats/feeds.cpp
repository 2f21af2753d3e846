#include <algorithm>

#include "core/time.h"
#include "formats/exports.h"
#include "formats/exports_internal.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

using nlohmann::json;
using namespace exports;

std::vector<const domain::Advisory*> newest_first(const std::vector<domain::Advisory>& advisories) {
  std::vector<const domain::Advisory*> out;
  for (const auto& a : advisories) out.push_back(&a);
  std::stable_sort(out.begin(), out.end(), [](const domain::Advisory* x, const domain::Advisory* y) {
    if (current_release(*x) != current_release(*y)) return current_release(*x) > current_release(*y);
    return x->ref < y->ref;
  });
  return out;
}

bool signed_tree(const Publisher& pub) {
  return pub.hash_files && !pub.openpgp_fingerprint.empty() && !pub.openpgp_key_url.empty();
}

std::string root_url(const Publisher& pub) { return pub.provider_url.empty() ? pub.base_url : pub.provider_url; }
std::string feed_url(const Publisher& pub) { return root_url(pub) + "/feed-tlp-white.json"; }

std::string both_titles(const domain::Advisory& a) {
  if (a.zh.title.empty()) return a.en.title;
  if (a.en.title.empty()) return a.zh.title;
  return a.zh.title + " / " + a.en.title;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // XML 1.0 has no place for other control characters, not even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

json provider_metadata(const Publisher& pub, Time last_updated) {
  json publisher{{"category", pub.category}, {"name", pub.name}, {"namespace", pub.namespace_url}};
  if (!pub.contact.empty()) publisher["contact_details"] = pub.contact;
  json distributions = json::array();
  if (!pub.provider_url.empty()) distributions.push_back({{"directory_url", pub.base_url}});
  distributions.push_back({{"rolie",
                            {{"feeds", json::array({{{"summary", "TLP:CLEAR (WHITE) advisories of " + pub.name},
                                                     {"tlp_label", "WHITE"},
                                                     {"url", feed_url(pub)}}})}}}});
  json out{{"canonical_url", root_url(pub) + "/provider-metadata.json"},
           {"distributions", distributions},
           {"last_updated", format_timestamp(last_updated)},
           {"list_on_CSAF_aggregators", true},
           {"metadata_version", "2.0"},
           {"mirror_on_CSAF_aggregators", true},
           {"publisher", publisher},
           {"role", "csaf_provider"}};
  if (signed_tree(pub)) {
    out["public_openpgp_keys"] = json::array({{{"fingerprint", pub.openpgp_fingerprint}, {"url", pub.openpgp_key_url}}});
    out["role"] = "csaf_trusted_provider";
  }
  return out;
}

std::string openpgp_user_id(const Publisher& pub) {
  std::string name;
  for (char c : pub.name.empty() ? std::string("loudong") : pub.name)
    if (c != '<' && c != '>' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) name += c;
  std::string mail = pub.contact;
  auto at = mail.find('@');
  bool is_mail = at != std::string::npos && at > 0 && mail.find('.', at) != std::string::npos &&
                 mail.find_first_of(" \t\r\n<>,;:\"()[]") == std::string::npos;
  if (!is_mail) {
    // The host of namespace_url: after "scheme://", before any port or path.
    std::string host = pub.namespace_url;
    if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
    host = host.substr(0, host.find_first_of(":/?#"));
    mail = "csaf@" + (host.empty() ? std::string("localhost") : host);
  }
  return name + " CSAF <" + mail + ">";
}

json rolie_feed(const std::vector<domain::Advisory>& advisories, const Publisher& pub, Time updated) {
  json entries = json::array();
  for (const auto* a : newest_first(advisories)) {
    std::string url = pub.base_url + "/" + csaf_path(*a);
    json links = json::array({{{"rel", "self"}, {"href", url}}});
    if (pub.hash_files)
      for (const char* h : {".sha256", ".sha512"}) links.push_back({{"rel", "hash"}, {"href", url + h}});
    if (signed_tree(pub)) links.push_back({{"rel", "signature"}, {"href", url + ".asc"}});
    json entry{{"id", a->ref},
               {"title", both_titles(*a)},
               {"link", links},
               {"published", format_timestamp(initial_release(*a))},
               {"updated", format_timestamp(current_release(*a))},
               {"content", {{"type", "application/json"}, {"src", url}}},
               {"format", {{"schema", "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"}, {"version", "2.0"}}}};
    const auto& t = primary_text(*a);
    if (!t.summary.empty()) entry["summary"] = {{"content", t.summary}};
    entries.push_back(entry);
  }
  return {{"feed",
           {{"id", "csaf-feed-tlp-white"},
            {"title", pub.name + " CSAF feed (TLP:CLEAR)"},
            {"link", json::array({{{"rel", "self"}, {"href", feed_url(pub)}}})},
            {"category", json::array({{{"scheme", "urn:ietf:params:rolie:category:information-type"}, {"term", "csaf"}}})},
            {"updated", format_timestamp(updated)},
            {"entry", entries}}}};
}

std::string changes_csv(const std::vector<domain::Advisory>& advisories) {
  std::string out;
  // Paths hold [a-z0-9+_-/.] only (csaf_path), so quoting needs no escapes.
  for (const auto* a : newest_first(advisories))
    out += "\"" + csaf_path(*a) + "\",\"" + format_timestamp(current_release(*a)) + "\"\n";
  return out;
}

std::string index_txt(const std::vector<domain::Advisory>& advisories) {
  std::string out;
  for (const auto* a : newest_first(advisories)) out += csaf_path(*a) + "\n";
  return out;
}

std::string atom_feed(const std::vector<domain::Advisory>& advisories, const Publisher& pub, const std::string& portal_url,
                      Time updated, const std::string& self_url) {
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "  <id>" + xml_escape(portal_url + "/advisories") + "</id>\n";
  x += "  <title>" + xml_escape(pub.name + " 安全公告 / Security advisories") + "</title>\n";
  x += "  <updated>" + format_timestamp(updated) + "</updated>\n";
  x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(self_url.empty() ? portal_url + "/advisories.atom" : self_url) + "\"/>\n";
  x += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(portal_url + "/advisories") + "\"/>\n";
  x += "  <author><name>" + xml_escape(pub.name) + "</name></author>\n";
  for (const auto* a : newest_first(advisories)) {
    x += "  <entry>\n";
    x += "    <id>urn:loudong:advisory:" + xml_escape(a->ref) + "</id>\n";
    x += "    <title>" + xml_escape(both_titles(*a)) + "</title>\n";
    x += "    <updated>" + format_timestamp(current_release(*a)) + "</updated>\n";
    x += "    <published>" + format_timestamp(initial_release(*a)) + "</published>\n";
    x += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(portal_url + "/advisories/" + a->ref) + "\"/>\n";
    if (!pub.base_url.empty())
      x += "    <link rel=\"related\" type=\"application/json\" title=\"CSAF\" href=\"" +
           xml_escape(pub.base_url + "/" + csaf_path(*a)) + "\"/>\n";
    if (a->grade)
      x += "    <category term=\"" + std::string(assessment::grade_code(*a->grade)) + "\" label=\"" +
           xml_escape(grade_label(*a)) + "\"/>\n";
    std::string summary = a->zh.summary;
    if (!a->en.summary.empty()) summary += (summary.empty() ? "" : "\n\n") + a->en.summary;
    if (!summary.empty()) x += "    <summary type=\"text\">" + xml_escape(summary) + "</summary>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

std::string security_txt(const Publisher& pub, const std::string& portal_url, Time expires) {
  // RFC 9116 2.5.5: a field value is one line; a contact with a line
  // break in it (from the organisation's record) must not add fields.
  auto one_line = [](std::string v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == '\r' || c == '\n'; }), v.end());
    return v;
  };
  std::string out = "# " + one_line(pub.name.empty() ? "loudong" : pub.name) +
                    ": how to report a vulnerability to us / 如何向我们报告漏洞\n";
  out += "Contact: " + portal_url + "/submit\n";
  if (!pub.contact.empty()) out += "Contact: mailto:" + one_line(pub.contact) + "\n";
  out += "Expires: " + format_utc(expires) + "\n";
  out += "Preferred-Languages: zh, en\n";
  out += "Policy: " + portal_url + "/rules\n";
  out += "Canonical: " + portal_url + "/.well-known/security.txt\n";
  out += "CSAF: " + root_url(pub) + "/provider-metadata.json\n";
  return out;
}

}  // namespace loudong::formats
