#pragma once
// The only place that reads from disk or standard input.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace plangate {

/// Bytes of zeroed padding kept after every input buffer. JSON parsers that read
/// in wide blocks (simdjson needs 64) may read this far past the end.
inline constexpr std::size_t kInputPadding = 64;

/// Regular files of this size or more are mapped; smaller ones are read. Reading a
/// small file costs less than mapping it, and unmapping makes every other thread's
/// core drop its address translations (a TLB shootdown per file with --jobs).
inline constexpr std::size_t kMapFrom = std::size_t{8} << 20;

/// The most bytes one input may hold: the most one JSON document can be for simdjson.
inline constexpr std::size_t kMaxInputBytes = 0xFFFFFFFF;

/// The error for an input larger than kMaxInputBytes; `size` 0 when it is a stream
/// whose end was not reached.
Error InputTooLarge(const std::string& name, std::size_t size);

/// The whole content of one input, followed by kInputPadding zero bytes: a private
/// read-only mapping of a regular file of kMapFrom bytes or more, or a heap copy of
/// anything else.
class InputBuffer {
 public:
  InputBuffer() = default;
  InputBuffer(InputBuffer&& other) noexcept { *this = std::move(other); }
  InputBuffer& operator=(InputBuffer&& other) noexcept;
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;
  ~InputBuffer();
  /// Copies `bytes` into a new padded buffer (tests and in-memory inputs).
  static InputBuffer FromString(std::string_view bytes);
  /// Takes ownership of `data` holding `size` bytes.
  // REQUIRES: `data` has room for size + kInputPadding bytes, the padding zeroed.
  static InputBuffer Adopt(std::unique_ptr<char[]> data, std::size_t size);

  const char* data() const { return mapped_ != nullptr ? mapped_ : data_.get(); }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data(), size_}; }

  /// Hands back to the system the memory holding bytes [0, offset) of a mapped file
  /// (whole pages only): a single pass over a large plan then holds only what is
  /// ahead of it. The bytes stay readable: a later read maps them again from the
  /// page cache. A heap copy keeps its memory (it has nothing to re-read from).
  void ReleaseBefore(std::size_t offset);

  /// Fails when a mapped file was truncated, or its size or modification time
  /// changed, since it was opened: what was read may then be a mix of two files.
  /// A read that went past a truncated file's new end reads zeros instead of
  /// stopping the process with SIGBUS; this is where it is reported. Call it after
  /// the last read of the bytes.
  Status CheckUnchanged(const std::string& name) const;

 private:
  friend Result<InputBuffer> ReadInput(const std::string& path, std::size_t limit);
  void Unmap();
  std::unique_ptr<char[]> data_;
  char* mapped_ = nullptr;      // a mapping of mapped_span_ bytes, or null
  std::size_t mapped_span_ = 0;
  std::size_t size_ = 0;
  std::size_t released_ = 0;  // bytes already handed back, a page multiple
  int fd_ = -1;                       // a mapped file's descriptor, kept to see it change
  int guard_ = -1;                    // its slot among the mappings a SIGBUS may hit
  long long opened_size_ = 0, opened_mtime_ns_ = 0;
};

/// The name used in diagnostics for an input path: `<stdin>` for "-".
std::string DisplayName(const std::string& path);

/// Reads a file, or standard input when `path` is "-". Fails with a message that
/// names the input for a missing file, a directory, a read error, or more than
/// `limit` bytes (InputTooLarge: checked before a regular file is read, and while a
/// stream such as a pipe or /dev/zero is read, so memory stays bounded).
Result<InputBuffer> ReadInput(const std::string& path, std::size_t limit = kMaxInputBytes);

/// The path itself for a file; for a folder, its files (not sub-folders) whose
/// names end with one of `suffixes`, sorted by name. Fails for a missing path.
Result<std::vector<std::string>> ExpandPath(const std::string& path,
                                            const std::vector<std::string>& suffixes);

/// A relative path as a URI reference (RFC 3986): unreserved characters and '/'
/// kept, every other byte percent-encoded.
std::string PathUri(std::string_view path);

/// Reads a small text file whole (policy files). Same errors as ReadInput.
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace plangate
