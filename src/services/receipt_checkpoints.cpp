#include "services/receipt_checkpoints.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace loudong::services {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kKeyFile = "receipts.key";
constexpr const char* kCheckpointFile = "receipts.checkpoints";

Result<Checkpoint> parse_line(const std::string& text, std::size_t line, const fs::path& file) {
  auto bad = [&](const std::string& why) {
    return Error::invalid(file.string() + " line " + std::to_string(line) + ": " + why, "bad_checkpoint");
  };
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return bad("not a JSON object");
  Checkpoint c;
  c.line = line;
  auto s = [&](const char* k, std::string& out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_integer()) return bad("seq must be an integer");
  c.seq = seq->get<std::int64_t>();
  if (!s("hash", c.hash) || !s("at", c.at) || !s("key", c.key) || !s("sig", c.signature))
    return bad("hash, at, key and sig must be strings");
  return c;
}

// The last line of the file (a checkpoint is far smaller than the tail read).
Result<std::optional<Checkpoint>> last_in(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<Checkpoint>();
    return Error::internal("cannot read " + file.string() + ": " + std::strerror(errno));
  }
  struct stat st{};
  ::fstat(fd, &st);
  off_t from = st.st_size > 8192 ? st.st_size - 8192 : 0;
  std::string tail(static_cast<std::size_t>(st.st_size - from), '\0');
  ssize_t n = ::pread(fd, tail.data(), tail.size(), from);
  ::close(fd);
  if (n < 0) return Error::internal("cannot read " + file.string() + ": " + std::strerror(errno));
  tail.resize(static_cast<std::size_t>(n));
  // A last line without its newline is an append cut short (a crash inside
  // write): not a checkpoint; the one before it is the last.
  if (!tail.empty() && tail.back() != '\n') {
    auto nl = tail.rfind('\n');
    tail.resize(nl == std::string::npos ? 0 : nl + 1);
  }
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  if (tail.empty()) return std::optional<Checkpoint>();
  auto nl = tail.rfind('\n');
  if (nl == std::string::npos && from > 0) return Error::internal(file.string() + ": the last line is too long");
  LD_ASSIGN_OR_RETURN(auto c, parse_line(tail.substr(nl == std::string::npos ? 0 : nl + 1), 0, file));
  return std::optional<Checkpoint>(std::move(c));
}

// Whether the file ends inside a line (an append cut short by a crash).
bool torn_tail(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st{};
  ::fstat(fd, &st);
  char last = '\n';
  if (st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) != 1) last = '\n';
  ::close(fd);
  return last != '\n';
}

}  // namespace

json checkpoint_json(const Checkpoint& c) {
  return json{{"seq", c.seq}, {"hash", c.hash}, {"at", c.at}, {"key", c.key}, {"sig", c.signature}};
}

std::string checkpoint_message(std::int64_t seq, const std::string& hash, const std::string& at) {
  return "loudong-receipt-checkpoint-v1\n" + std::to_string(seq) + "\n" + hash + "\n" + at + "\n";
}

CheckpointLog::CheckpointLog(fs::path file, crypto::SignSecretKey sk)
    : file_(std::move(file)), sk_(sk), pk_(crypto::sign_public_key(sk)) {
  key_id_ = crypto::hex(std::string_view(reinterpret_cast<const char*>(pk_.data()), pk_.size()));
}

Result<std::unique_ptr<CheckpointLog>> CheckpointLog::open(const fs::path& data_dir) {
  const fs::path key_path = data_dir / kKeyFile;
  const fs::path file = data_dir / kCheckpointFile;
  LD_ASSIGN_OR_RETURN(auto last, last_in(file));
  crypto::SignSecretKey sk;
  int fd = ::open(key_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st{};
    ::fstat(fd, &st);
    ssize_t n = ::read(fd, sk.data(), sk.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(sk.size()))
      return Error::internal("key file " + key_path.string() + " is not a 64-byte Ed25519 secret key");
    if ((st.st_mode & 077) != 0)
      return Error::internal("key file " + key_path.string() + " is readable by others; chmod 600 it");
  } else if (errno != ENOENT) {
    return Error::internal("cannot read key file " + key_path.string() + ": " + std::strerror(errno));
  } else if (last) {
    return Error::internal(
        "the receipt signing key " + key_path.string() + " is missing, but " + file.string() +
        " holds checkpoints signed with key " + last->key +
        ": restore that key file from where you keep it (with seal.key and the backups of this data directory). "
        "A new key would make every earlier checkpoint unverifiable; if the key is truly lost, move " +
        file.string() + " aside (keep it for the auditors) and start again.");
  } else {
    sk = crypto::generate_sign_key();
    fd = ::open(key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error::internal("cannot create key file " + key_path.string() + ": " + std::strerror(errno));
    bool ok = ::write(fd, sk.data(), sk.size()) == static_cast<ssize_t>(sk.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Error::internal("cannot write key file " + key_path.string());
  }
  std::unique_ptr<CheckpointLog> log(new CheckpointLog(file, sk));
  if (last && last->key != log->key_id())
    return Error::internal("the receipt signing key " + key_path.string() + " (public key " + log->key_id() +
                           ") is not the key that signed the checkpoints in " + file.string() + " (" + last->key +
                           "): restore the key file that belongs with this data directory.");
  return log;
}

Result<std::vector<Checkpoint>> CheckpointLog::read_file(const fs::path& file) const {
  std::vector<Checkpoint> out;
  std::ifstream in(file);
  if (!in) {
    if (file == file_) return out;  // none written yet
    return Error::invalid("cannot read checkpoints from " + file.string());
  }
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    if (in.eof()) break;  // no newline after it: an append cut short (see last_in)
    LD_ASSIGN_OR_RETURN(auto c, parse_line(line, n, file));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Checkpoint>> CheckpointLog::latest(std::size_t n) const {
  LD_ASSIGN_OR_RETURN(auto all, read());
  std::vector<Checkpoint> out;
  for (auto it = all.rbegin(); it != all.rend() && out.size() < n; ++it) out.push_back(*it);
  return out;
}

bool CheckpointLog::valid(const Checkpoint& c) const {
  if (c.key != key_id_) return false;
  auto sig = crypto::unhex(c.signature);
  return sig.ok() && crypto::verify_detached(pk_, checkpoint_message(c.seq, c.hash, c.at), *sig);
}

Result<std::optional<Checkpoint>> CheckpointLog::append(std::int64_t seq, const std::string& hash, Time now) {
  std::lock_guard lk(mu_);
  int fd = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error::internal("cannot open " + file_.string() + ": " + std::strerror(errno));
  // Another process (a CLI command beside the server) may append too.
  if (::flock(fd, LOCK_EX) != 0) {
    ::close(fd);
    return Error::internal("cannot lock " + file_.string() + ": " + std::strerror(errno));
  }
  auto done = [&](auto result) {
    ::close(fd);  // also releases the lock
    return result;
  };
  auto last = last_in(file_);
  if (!last.ok()) return done(Result<std::optional<Checkpoint>>(last.error()));
  if (*last && (*last)->seq == seq && (*last)->hash == hash) return done(Result<std::optional<Checkpoint>>(std::nullopt));
  Checkpoint c;
  c.seq = seq;
  c.hash = hash;
  c.at = format_utc(now);
  c.key = key_id_;
  c.signature = crypto::hex(crypto::sign_detached(sk_, checkpoint_message(seq, hash, c.at)));
  std::string line = checkpoint_json(c).dump() + "\n";
  if (torn_tail(file_)) line = "\n" + line;  // end the line a crash cut short, so this one parses
  // One write of a short line to a file opened O_APPEND: never interleaved.
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  if (!ok) return done(Result<std::optional<Checkpoint>>(Error::internal("cannot append to " + file_.string() + ": " + std::strerror(errno))));
  return done(Result<std::optional<Checkpoint>>(std::optional<Checkpoint>(std::move(c))));
}

}  // namespace loudong::services
