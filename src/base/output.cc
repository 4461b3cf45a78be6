#include "base/output.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

namespace plangate {
namespace {

constexpr int kMaxLinks = 40;  // as the kernel's own limit on links in one lookup

std::string Folder(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Error WriteError(const std::string& path, int err) {
  return Error::Input(path, "", std::string("cannot write: ") + std::strerror(err),
                      "check the folder exists and is writable");
}

std::string FileIdentity(const struct stat& st) {
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

// Closes a descriptor once, whatever path leaves the scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  /// 0, or the errno of a failed close.
  int Close() {
    if (fd_ < 0) return 0;
    int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }

 private:
  int fd_ = -1;
};

// 0, or the errno of the write that failed.
int WriteFully(int fd, std::string_view content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// A name in `folder` that nobody can guess: `.NAME.plangate-` and 16 random hex digits.
std::string UnpredictableName(const std::string& target) {
  unsigned char random[8] = {};
  std::size_t got = 0;
  while (got < sizeof random) {
    ssize_t n = ::getrandom(random + got, sizeof random - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // no entropy source: O_EXCL still refuses a planted file
    got += static_cast<std::size_t>(n);
  }
  static const char* kHex = "0123456789abcdef";
  std::string name = Folder(target) + "/." + BaseName(target) + ".plangate-";
  for (unsigned char c : random) {
    name += kHex[c >> 4];
    name += kHex[c & 15];
  }
  return name;
}

// A regular file written to a temporary file, not yet at its final name.
struct Staged {
  Fd fd;
  std::string temp;  // the named temporary file; "" while unnamed (O_TMPFILE)
};

// Writes `content` to a new temporary file in the folder of `out.target`.
Result<Staged> Stage(const OutputFile& out, std::string_view content) {
  Staged s;
  s.fd = Fd(::open(Folder(out.target).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644));
  if (s.fd.get() < 0) {
    int err = errno;
    // EOPNOTSUPP / EISDIR / EINVAL: this file system (or kernel) has no O_TMPFILE.
    if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL) return WriteError(out.path, err);
    for (int attempt = 0; attempt < 8 && s.fd.get() < 0; ++attempt) {
      s.temp = UnpredictableName(out.target);
      s.fd = Fd(::open(s.temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
      if (s.fd.get() < 0 && errno != EEXIST) return WriteError(out.path, errno);
    }
    if (s.fd.get() < 0) return WriteError(out.path, EEXIST);
  }
  int err = WriteFully(s.fd.get(), content);
  if (err == 0 && ::fsync(s.fd.get()) != 0) err = errno;
  if (err != 0) {
    if (!s.temp.empty()) ::unlink(s.temp.c_str());
    return WriteError(out.path, err);
  }
  return s;
}

// Gives an unnamed temporary file a name in its folder: 0 or an errno.
int NameTemporary(Staged& s, const std::string& target) {
  if (!s.temp.empty()) return 0;
  std::string proc = "/proc/self/fd/" + std::to_string(s.fd.get());
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string name = UnpredictableName(target);
    int rc = ::linkat(s.fd.get(), "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH);
    if (rc != 0 && errno != EEXIST) rc = ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW);
    if (rc == 0) {
      s.temp = name;
      return 0;
    }
    if (errno != EEXIST) return errno;
  }
  return EEXIST;
}

}  // namespace

Result<OutputFile> ResolveOutput(const std::string& path) {
  if (path.empty()) return Error::Usage("an output path is empty", "name a file");
  OutputFile out;
  out.path = path;
  out.target = path;
  for (int links = 0;; ++links) {
    struct stat st {};
    if (::lstat(out.target.c_str(), &st) != 0) {
      if (errno != ENOENT) return WriteError(path, errno);
      // A new file: its folder must exist.
      char real[PATH_MAX];
      if (::realpath(Folder(out.target).c_str(), real) == nullptr) return WriteError(path, errno);
      struct stat folder {};
      if (::stat(real, &folder) != 0 || !S_ISDIR(folder.st_mode)) return WriteError(path, ENOTDIR);
      out.identity = std::string(real) + "/" + BaseName(out.target);
      return out;
    }
    if (S_ISLNK(st.st_mode)) {
      if (links == kMaxLinks) return WriteError(path, ELOOP);
      std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : PATH_MAX), '\0');
      ssize_t n = ::readlink(out.target.c_str(), link.data(), link.size());
      if (n < 0) return WriteError(path, errno);
      link.resize(static_cast<std::size_t>(n));
      out.target = link.front() == '/' ? link : Folder(out.target) + "/" + link;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      return Error::Input(path, "", "is a directory", "name a file to write the report to");
    }
    out.direct = !S_ISREG(st.st_mode);
    out.identity = FileIdentity(st);
    return out;
  }
}

Status CheckOutputs(const std::vector<OutputFile>& outputs, const std::vector<std::string>& inputs,
                    bool stdout_is_report) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (outputs[i].identity == outputs[j].identity) {
        return Error::Usage(outputs[i].path + ": two reports would be written to one file (also as " +
                                outputs[j].path + ")",
                            "give each report its own file");
      }
    }
    struct stat st {};
    if (stdout_is_report && ::fstat(STDOUT_FILENO, &st) == 0 && FileIdentity(st) == outputs[i].identity) {
      return Error::Usage(outputs[i].path + ": is standard output, where the report already goes",
                          "use --output for the one report on standard output");
    }
    for (const std::string& in : inputs) {
      if (in == "-" || ::stat(in.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
      if (FileIdentity(st) == outputs[i].identity) {
        return Error::Usage(outputs[i].path + ": is also an input of this run; writing it would replace what was read",
                            "write the report to another file");
      }
    }
  }
  return Ok{};
}

Status WriteAllOrNothing(const std::vector<OutputFile>& outputs,
                         const std::vector<std::string_view>& contents) {
  std::vector<Staged> staged(outputs.size());
  auto discard = [&] {
    for (Staged& s : staged) {
      if (!s.temp.empty()) ::unlink(s.temp.c_str());
    }
  };
  // 1. Every regular file, in full, to a temporary file.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].direct) continue;
    Result<Staged> s = Stage(outputs[i], contents[i]);
    if (!s) {
      discard();
      return s.error();
    }
    staged[i] = std::move(s).value();
  }
  // 2. Devices and FIFOs, which cannot be taken back: before any regular file is in place.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i].direct) continue;
    Fd fd(::open(outputs[i].target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
    int err = fd.get() < 0 ? errno : WriteFully(fd.get(), contents[i]);
    if (err == 0) err = fd.Close();
    if (err != 0) {
      discard();
      return WriteError(outputs[i].path, err);
    }
  }
  // 3. Each temporary file to its final name; on a failure, this run's files go again.
  std::vector<std::size_t> placed;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].direct) continue;
    int err = NameTemporary(staged[i], outputs[i].target);
    if (err == 0) err = staged[i].fd.Close();
    if (err == 0 && ::rename(staged[i].temp.c_str(), outputs[i].target.c_str()) != 0) err = errno;
    if (err != 0) {
      discard();
      for (std::size_t k : placed) ::unlink(outputs[k].target.c_str());
      return WriteError(outputs[i].path, err);
    }
    staged[i].temp.clear();
    placed.push_back(i);
  }
  return Ok{};
}

Status WriteFileAtomic(const std::string& path, std::string_view content) {
  Result<OutputFile> out = ResolveOutput(path);
  if (!out) return out.error();
  return WriteAllOrNothing({out.value()}, {content});
}

}  // namespace plangate
