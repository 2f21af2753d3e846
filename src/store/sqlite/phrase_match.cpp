#include "store/sqlite/phrase_match.h"

#include <sqlite3.h>

#include <algorithm>

namespace loudong::store::sqlite {
namespace {

// The FTS5 API of this connection (https://sqlite.org/fts5.html#extending_fts5).
fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(s, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(s);
  }
  sqlite3_finalize(s);
  return api;
}

int collect_token(void* ctx, int /*flags*/, const char* token, int n, int /*start*/, int /*end*/) {
  auto* out = static_cast<std::vector<std::string>*>(ctx);
  out->emplace_back(token, static_cast<std::size_t>(n));
  return SQLITE_OK;
}

}  // namespace

Result<std::unique_ptr<PhraseMatcher>> PhraseMatcher::create(Connection& c, std::string_view text) {
  fts5_api* fts5 = fts5_of(c.raw());
  if (!fts5) return Error::internal("FTS5 is not available on this connection");
  std::unique_ptr<PhraseMatcher> m(new PhraseMatcher());
  m->api_ = std::make_unique<fts5_tokenizer>();
  void* user = nullptr;
  // The reports and cases indexes use tokenize='trigram': its defaults.
  if (fts5->xFindTokenizer(fts5, "trigram", &user, m->api_.get()) != SQLITE_OK ||
      m->api_->xCreate(user, nullptr, 0, &m->tok_) != SQLITE_OK)
    return Error::internal("cannot create the FTS5 trigram tokenizer");
  LD_RETURN_IF_ERROR(m->tokenize(text, FTS5_TOKENIZE_QUERY, m->phrase_));
  return m;
}

PhraseMatcher::~PhraseMatcher() {
  if (tok_) api_->xDelete(tok_);
}

Status PhraseMatcher::tokenize(std::string_view text, int flags, std::vector<std::string>& out) {
  out.clear();
  if (api_->xTokenize(tok_, &out, flags, text.data(), static_cast<int>(text.size()), collect_token) != SQLITE_OK)
    return Error::internal("FTS5 trigram tokenizer failed");
  return {};
}

bool PhraseMatcher::matches(std::string_view column) {
  if (phrase_.empty() || column.empty()) return false;
  if (!tokenize(column, FTS5_TOKENIZE_DOCUMENT, column_).ok()) return false;
  // The phrase's trigrams at consecutive positions, as an FTS5 phrase query.
  return std::search(column_.begin(), column_.end(), phrase_.begin(), phrase_.end()) != column_.end();
}

}  // namespace loudong::store::sqlite
