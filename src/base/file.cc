#include "base/file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace plangate {
namespace {

Error OpenError(const std::string& name, int err) {
  if (err == ENOENT) return Error::Input(name, "", "no such file", "check the path");
  if (err == EACCES) return Error::Input(name, "", "permission denied", "make the file readable");
  return Error::Input(name, "", std::string("cannot open: ") + std::strerror(err),
                      "pass a readable file: the JSON written by 'terraform show -json'");
}

Error DirectoryError(const std::string& name) {
  return Error::Input(name, "", "is a directory",
                      "pass a file: the JSON written by 'terraform show -json'");
}

// Reads all of `fd` into a padded buffer; `size_hint` sizes the first allocation.
// Fails once more than `limit` bytes arrive: the buffer never grows past limit + 1.
Result<InputBuffer> ReadAll(int fd, const std::string& name, std::size_t size_hint, std::size_t limit) {
  std::size_t capacity = std::min(size_hint > 0 ? size_hint : std::size_t{1} << 16, limit + 1);
  std::unique_ptr<char[]> data(new char[capacity + kInputPadding]);
  std::size_t size = 0;
  for (;;) {
    if (size == capacity) {
      if (size > limit) return InputTooLarge(name, 0);
      std::size_t bigger = std::min(capacity * 2, limit + 1);
      std::unique_ptr<char[]> grown(new char[bigger + kInputPadding]);
      std::memcpy(grown.get(), data.get(), size);
      data = std::move(grown);
      capacity = bigger;
    }
    ssize_t n = ::read(fd, data.get() + size, capacity - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EISDIR) return DirectoryError(name);
      return Error::Input(name, "", std::string("read error: ") + std::strerror(errno));
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  if (size > limit) return InputTooLarge(name, 0);
  std::memset(data.get() + size, 0, kInputPadding);
  return InputBuffer::Adopt(std::move(data), size);
}

// The mappings a SIGBUS may hit: a mapped file that shrinks under a read faults on
// the pages past its new end. The handler maps zero pages over the rest of that
// mapping and marks it, so the read goes on and CheckUnchanged reports it.
struct MappingGuard {
  std::atomic<char*> base{nullptr};
  std::atomic<std::size_t> span{0};
  std::atomic<bool> faulted{false};
};
constexpr int kGuards = 256;  // more mappings at once than this are read instead
MappingGuard g_guards[kGuards];
std::size_t g_page = 0;

void OnSigbus(int signal, siginfo_t* info, void*) {
  char* at = static_cast<char*>(info->si_addr);
  for (MappingGuard& g : g_guards) {
    char* base = g.base.load();
    std::size_t span = g.span.load();
    if (base == nullptr || at < base || at >= base + span) continue;
    char* from = base + static_cast<std::size_t>(at - base) / g_page * g_page;
    if (::mmap(from, static_cast<std::size_t>(base + span - from), PROT_READ,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      g.faulted.store(true);
      return;
    }
    break;
  }
  // Not a mapped input, or no zero pages to be had: the signal's default action.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

// A free guard slot for [base, base + span), or -1 when all are taken.
int Guard(char* base, std::size_t span) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    g_page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction sa {};
    sa.sa_sigaction = OnSigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGBUS, &sa, nullptr);
  });
  for (int i = 0; i < kGuards; ++i) {
    char* expected = nullptr;
    if (g_guards[i].base.compare_exchange_strong(expected, base)) {
      g_guards[i].faulted.store(false);
      g_guards[i].span.store(span);
      return i;
    }
  }
  return -1;
}

long long MtimeNs(const struct stat& st) {
  return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

Error InputTooLarge(const std::string& name, std::size_t size) {
  char gib[48];
  if (size == 0) {
    std::snprintf(gib, sizeof gib, "more than 4 GiB");
  } else {
    std::snprintf(gib, sizeof gib, "%.1f GiB", static_cast<double>(size) / (1ull << 30));
  }
  return Error::Input(name, "",
                      std::string(gib) + " is larger than plangate reads: 4 GiB, the most one JSON "
                      "document can be for its parser",
                      "gate each root module's plan on its own, or plan with -target");
}

InputBuffer& InputBuffer::operator=(InputBuffer&& other) noexcept {
  if (this != &other) {
    Unmap();
    data_ = std::move(other.data_);
    mapped_ = other.mapped_;
    mapped_span_ = other.mapped_span_;
    size_ = other.size_;
    released_ = other.released_;
    fd_ = other.fd_;
    guard_ = other.guard_;
    opened_size_ = other.opened_size_;
    opened_mtime_ns_ = other.opened_mtime_ns_;
    other.mapped_ = nullptr;
    other.mapped_span_ = 0;
    other.size_ = 0;
    other.released_ = 0;
    other.fd_ = -1;
    other.guard_ = -1;
  }
  return *this;
}

InputBuffer::~InputBuffer() { Unmap(); }

void InputBuffer::Unmap() {
  if (mapped_ == nullptr) return;
  ::munmap(mapped_, mapped_span_);
  if (guard_ >= 0) {
    g_guards[guard_].span.store(0);
    g_guards[guard_].base.store(nullptr);
  }
  if (fd_ >= 0) ::close(fd_);
  mapped_ = nullptr;
  guard_ = -1;
  fd_ = -1;
}

Status InputBuffer::CheckUnchanged(const std::string& name) const {
  if (mapped_ == nullptr) return Ok{};  // a copy: what was read is one whole file
  struct stat st {};
  bool faulted = guard_ >= 0 && g_guards[guard_].faulted.load();
  if (faulted || ::fstat(fd_, &st) != 0 || st.st_size != opened_size_ || MtimeNs(st) != opened_mtime_ns_) {
    return Error::Input(name, "", "the input changed while it was read",
                        "write the plan JSON to a file that nothing else writes, then run plangate on it");
  }
  return Ok{};
}

void InputBuffer::ReleaseBefore(std::size_t offset) {
  if (mapped_ == nullptr) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t end = std::min(offset, size_) / page * page;
  if (end <= released_) return;
  // A private read-only file mapping: dropped pages are read again from the file.
  if (::madvise(mapped_ + released_, end - released_, MADV_DONTNEED) == 0) released_ = end;
}

InputBuffer InputBuffer::FromString(std::string_view bytes) {
  std::unique_ptr<char[]> data(new char[bytes.size() + kInputPadding]);
  if (!bytes.empty()) std::memcpy(data.get(), bytes.data(), bytes.size());
  std::memset(data.get() + bytes.size(), 0, kInputPadding);
  return Adopt(std::move(data), bytes.size());
}

InputBuffer InputBuffer::Adopt(std::unique_ptr<char[]> data, std::size_t size) {
  InputBuffer b;
  b.data_ = std::move(data);
  b.size_ = size;
  return b;
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Result<InputBuffer> ReadInput(const std::string& path, std::size_t limit) {
  const std::string name = DisplayName(path);
  if (path == "-") return ReadAll(STDIN_FILENO, name, 0, limit);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OpenError(name, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return OpenError(name, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return DirectoryError(name);
  }
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > limit) {
    ::close(fd);
    return InputTooLarge(name, static_cast<std::size_t>(st.st_size));
  }
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) >= kMapFrom) {
    // Map the file without copying it: zeroed anonymous pages of size + padding, then
    // the file mapped over their start. The padding readers need is already zero.
    std::size_t size = static_cast<std::size_t>(st.st_size);
    std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t span = (size + kInputPadding + page - 1) / page * page;
    void* base = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base != MAP_FAILED) {
      int guard = Guard(static_cast<char*>(base), span);
      if (guard >= 0 && ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED) {
        InputBuffer b;
        b.mapped_ = static_cast<char*>(base);
        b.mapped_span_ = span;
        b.size_ = size;
        b.fd_ = fd;
        b.guard_ = guard;
        b.opened_size_ = static_cast<long long>(st.st_size);
        b.opened_mtime_ns_ = MtimeNs(st);
        return b;
      }
      if (guard >= 0) g_guards[guard].base.store(nullptr);
      ::munmap(base, span);
    }
    // Not mappable (some file systems), or too many mappings at once: read it instead.
  }
  // Other files are read in one allocation of their size (+1 so EOF is seen without growing).
  std::size_t hint = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 0;
  Result<InputBuffer> r = ReadAll(fd, name, hint, limit);
  ::close(fd);
  return r;
}

Result<std::vector<std::string>> ExpandPath(const std::string& path,
                                            const std::vector<std::string>& suffixes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Error::Input(path, "", "no such file or folder", "check the path");
  if (!fs::is_directory(st)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = it->path().filename().string();
    for (const std::string& suffix : suffixes) {
      if (name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        files.push_back(it->path().string());
        break;
      }
    }
  }
  if (ec) return Error::Input(path, "", "cannot list folder: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::string PathUri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::string> ReadTextFile(const std::string& path) {
  Result<InputBuffer> r = ReadInput(path);
  if (!r) return r.error();
  return std::string(r.value().view());
}

}  // namespace plangate
