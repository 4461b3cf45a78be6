#include "base/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <filesystem>

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
Result<InputBuffer> ReadAll(int fd, const std::string& name, std::size_t size_hint) {
  std::size_t capacity = size_hint > 0 ? size_hint : std::size_t{1} << 16;
  std::unique_ptr<char[]> data(new char[capacity + kInputPadding]);
  std::size_t size = 0;
  for (;;) {
    if (size == capacity) {
      std::size_t bigger = capacity * 2;
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
  std::memset(data.get() + size, 0, kInputPadding);
  return InputBuffer::Adopt(std::move(data), size);
}

}  // namespace

InputBuffer& InputBuffer::operator=(InputBuffer&& other) noexcept {
  if (this != &other) {
    if (mapped_ != nullptr) ::munmap(mapped_, mapped_span_);
    data_ = std::move(other.data_);
    mapped_ = other.mapped_;
    mapped_span_ = other.mapped_span_;
    size_ = other.size_;
    released_ = other.released_;
    other.mapped_ = nullptr;
    other.mapped_span_ = 0;
    other.size_ = 0;
    other.released_ = 0;
  }
  return *this;
}

InputBuffer::~InputBuffer() {
  if (mapped_ != nullptr) ::munmap(mapped_, mapped_span_);
}

void InputBuffer::ReleaseBefore(std::size_t offset) const {
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

Result<InputBuffer> ReadInput(const std::string& path) {
  const std::string name = DisplayName(path);
  if (path == "-") return ReadAll(STDIN_FILENO, name, 0);
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
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) >= kMapFrom) {
    // Map the file without copying it: zeroed anonymous pages of size + padding, then
    // the file mapped over their start. The padding readers need is already zero.
    std::size_t size = static_cast<std::size_t>(st.st_size);
    std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t span = (size + kInputPadding + page - 1) / page * page;
    void* base = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base != MAP_FAILED) {
      if (::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED) {
        ::close(fd);
        InputBuffer b;
        b.mapped_ = static_cast<char*>(base);
        b.mapped_span_ = span;
        b.size_ = size;
        return b;
      }
      ::munmap(base, span);
    }
    // Not mappable (some file systems): read it instead.
  }
  // Other files are read in one allocation of their size (+1 so EOF is seen without growing).
  std::size_t hint = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 0;
  Result<InputBuffer> r = ReadAll(fd, name, hint);
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

Result<std::string> ReadTextFile(const std::string& path) {
  Result<InputBuffer> r = ReadInput(path);
  if (!r) return r.error();
  return std::string(r.value().view());
}

}  // namespace plangate
