// `loudong backup` on PostgreSQL: pg_dump's custom format (restore with
// pg_restore into an empty database), one consistent snapshot taken while
// the server goes on writing.
#include "store/postgres/dump.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace loudong::store::postgres {

namespace {

// pg_dump of the server's major version when installed side by side (Debian
// keeps each under /usr/lib/postgresql/N/bin), else the one on PATH.
std::string pg_dump_program() {
  const char* fixed = "/usr/lib/postgresql/15/bin/pg_dump";
  return ::access(fixed, X_OK) == 0 ? fixed : "pg_dump";
}

// The URL's parts as libpq's environment variables (PGHOST, PGPASSWORD...):
// a password in the URL must not show on pg_dump's command line (ps).
Result<std::vector<std::string>> connection_env(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string why = err ? err : "out of memory";
    PQfreemem(err);
    return Error::invalid("storage.url cannot be read: " + why);
  }
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "PG", 2) != 0) env.emplace_back(*e);  // only the URL says where
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (o->val && *o->val && o->envvar) env.push_back(std::string(o->envvar) + "=" + o->val);
  PQconninfoFree(opts);
  return env;
}

}  // namespace

Status dump_to(const std::string& url, const std::string& path) {
  LD_ASSIGN_OR_RETURN(auto env, connection_env(url));
  // Created here, mode 0600 whatever the umask, and never over another file
  // (O_EXCL), as the SQLite backup; pg_dump writes into it as its stdout.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Error::conflict("backup target " + path + " already exists");
    return Error::internal("cannot create backup " + path + ": " + std::strerror(errno));
  }
  auto fail = [&](const std::string& why) -> Status {
    ::close(fd);
    std::error_code ec;
    std::filesystem::remove(path, ec);  // no half-written copy left behind
    return Error::internal("backup to " + path + " failed: " + why);
  };
  if (::fchmod(fd, 0600) != 0) return fail("cannot set mode 0600");
  int errpipe[2];
  if (::pipe2(errpipe, O_CLOEXEC) != 0) return fail(std::strerror(errno));

  std::string program = pg_dump_program();
  std::vector<std::string> args = {program, "--format=custom", "--no-owner", "--no-privileges"};
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, errpipe[1], STDERR_FILENO);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(errpipe[1]);
  if (rc != 0) {
    ::close(errpipe[0]);
    return fail("cannot run pg_dump (" + std::string(std::strerror(rc)) +
                "): install PostgreSQL's client programs (apt-get install postgresql-client-15)");
  }
  std::string errors;
  char buf[4096];
  for (ssize_t n; (n = ::read(errpipe[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (errors.size() < 16384) errors.append(buf, static_cast<std::size_t>(n));
  }
  ::close(errpipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail("pg_dump: " + (errors.empty() ? std::string("exited abnormally") : errors));
  if (::fsync(fd) != 0) return fail(std::string("fsync: ") + std::strerror(errno));
  ::close(fd);
  return {};
}

}  // namespace loudong::store::postgres
