// Whether a text contains a search phrase, decided the way the trigram FTS5
// indexes decide it: with SQLite's own trigram tokenizer (case folded), on
// text already read. Text search uses it to check a few rows without reading
// the whole list of the phrase's matches from the index.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sqlite/db.h"

struct Fts5Tokenizer;
struct fts5_tokenizer;

namespace loudong::store::sqlite {

class PhraseMatcher {
 public:
  // `text` as the user typed it (not an FTS5 query).
  static Result<std::unique_ptr<PhraseMatcher>> create(Connection& c, std::string_view text);
  ~PhraseMatcher();
  PhraseMatcher(const PhraseMatcher&) = delete;
  PhraseMatcher& operator=(const PhraseMatcher&) = delete;

  // True when `column` holds the phrase; a phrase of fewer than 3 characters
  // matches nothing, as in FTS5.
  bool matches(std::string_view column);

 private:
  PhraseMatcher() = default;
  Status tokenize(std::string_view text, int flags, std::vector<std::string>& out);

  std::unique_ptr<fts5_tokenizer> api_;
  Fts5Tokenizer* tok_ = nullptr;
  std::vector<std::string> phrase_;  // the phrase's trigrams
  std::vector<std::string> column_;  // buffer for a column's trigrams
};

}  // namespace loudong::store::sqlite
