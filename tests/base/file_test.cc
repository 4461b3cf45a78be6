#include "base/file.h"

#include <sys/stat.h>
#include <unistd.h>

#include "catch.h"
#include <cstdio>
#include <cstring>
#include <fstream>

namespace plangate {
namespace {

std::string TempPath(const std::string& name) {
  return std::string(P_tmpdir) + "/plangate-test-" + std::to_string(::getpid()) + "-" + name;
}

TEST_CASE("a file is read whole, followed by zeroed padding", "[base]") {
  std::string path = TempPath("read.json");
  std::ofstream(path) << R"({"format_version":"1.2"})";
  Result<InputBuffer> b = ReadInput(path);
  REQUIRE(b.ok());
  CHECK(b.value().view() == R"({"format_version":"1.2"})");
  for (std::size_t i = 0; i < kInputPadding; ++i) CHECK(b.value().data()[b.value().size() + i] == 0);
  std::remove(path.c_str());
}

// Resident memory of this process, in bytes (the second field of /proc/self/statm).
std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t total = 0, resident = 0;
  statm >> total >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

TEST_CASE("released pages of a mapped file leave the process and read back the same", "[base]") {
  std::string path = TempPath("release.json");
  std::string content(kMapFrom + (1 << 20), ' ');
  for (std::size_t i = 0; i < content.size(); i += 61) content[i] = static_cast<char>('a' + i % 26);
  std::ofstream(path, std::ios::binary) << content;
  Result<InputBuffer> b = ReadInput(path);
  REQUIRE(b.ok());
  InputBuffer& buf = b.value();
  REQUIRE(buf.view() == content);  // every page touched: all of it is resident
  std::size_t before = ResidentBytes();
  buf.ReleaseBefore(buf.size() - 100);  // up to the last whole page before the offset
  std::size_t after = ResidentBytes();
  CHECK(before - after >= kMapFrom - (1 << 20));
  CHECK(buf.view() == content);  // read again from the file
  buf.ReleaseBefore(1000);       // behind what is released already: nothing to do
  CHECK(buf.view() == content);
  std::remove(path.c_str());
}

TEST_CASE("a heap copy keeps its bytes when released", "[base]") {
  std::string content(4 << 20, 'x');
  InputBuffer buf = InputBuffer::FromString(content);
  buf.ReleaseBefore(buf.size());
  CHECK(buf.view() == content);
}

TEST_CASE("a missing file names the path and says what to do", "[base]") {
  Result<InputBuffer> b = ReadInput("/nonexistent/plan.json");
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message() == "/nonexistent/plan.json: no such file; check the path");
  CHECK(b.error().kind() == ErrorKind::kInput);
}

TEST_CASE("a directory is not an input", "[base]") {
  Result<InputBuffer> b = ReadInput(P_tmpdir);
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message() == std::string(P_tmpdir) +
                                   ": is a directory; pass a file: the JSON written by 'terraform show -json'");
}

TEST_CASE("an unreadable file says permission denied", "[base]") {
  if (::geteuid() == 0) {
    // root reads any file; check the message mapping through a path root cannot open instead.
    Result<InputBuffer> b = ReadInput("/proc/self/mem/x");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message().rfind("/proc/self/mem/x: ", 0) == 0);
    return;
  }
  std::string path = TempPath("noread.json");
  std::ofstream(path) << "{}";
  ::chmod(path.c_str(), 0);
  Result<InputBuffer> b = ReadInput(path);
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message() == path + ": permission denied; make the file readable");
  std::remove(path.c_str());
}

TEST_CASE("DisplayName shows standard input as <stdin>", "[base]") {
  CHECK(DisplayName("-") == "<stdin>");
  CHECK(DisplayName("plan.json") == "plan.json");
}

TEST_CASE("ExpandPath lists a folder's matching files in name order", "[base]") {
  std::string dir = TempPath("dir");
  ::mkdir(dir.c_str(), 0755);
  for (const char* n : {"b.yaml", "a.yml", "c.txt"}) std::ofstream(dir + "/" + n) << "x";
  Result<std::vector<std::string>> files = ExpandPath(dir, {".yaml", ".yml"});
  REQUIRE(files.ok());
  CHECK(files.value() == std::vector<std::string>{dir + "/a.yml", dir + "/b.yaml"});
  CHECK(ExpandPath(dir + "/b.yaml", {".yaml"}).value() == std::vector<std::string>{dir + "/b.yaml"});
  CHECK_FALSE(ExpandPath(dir + "/missing", {".yaml"}).ok());
  for (const char* n : {"b.yaml", "a.yml", "c.txt"}) std::remove((dir + "/" + n).c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("a stream longer than the limit stops at the limit, with the documented message", "[base]") {
  Result<InputBuffer> b = ReadInput("/dev/zero", std::size_t{1} << 20);
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message() ==
        "/dev/zero: more than 4 GiB is larger than plangate reads: 4 GiB, the most one JSON document can be "
        "for its parser; gate each root module's plan on its own, or plan with -target");
  // A regular file over the limit is refused from its size, before it is read.
  std::string path = TempPath("big.json");
  std::ofstream(path) << std::string(2000, ' ');
  Result<InputBuffer> f = ReadInput(path, 1000);
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().message().rfind(path + ": 0.0 GiB is larger than plangate reads: 4 GiB", 0) == 0);
  CHECK(ReadInput(path, 2000).ok());  // exactly the limit is read
  std::remove(path.c_str());
}

TEST_CASE("a mapped file truncated while it is read is an error, not SIGBUS", "[base]") {
  std::string path = TempPath("shrinks.json");
  std::string content(kMapFrom + 3 * 4096, '{');
  std::ofstream(path, std::ios::binary) << content;
  Result<InputBuffer> b = ReadInput(path);
  REQUIRE(b.ok());
  const InputBuffer& buf = b.value();
  CHECK(buf.CheckUnchanged(path).ok());
  REQUIRE(::truncate(path.c_str(), 4096) == 0);
  // Past the new end: without the guard this read stops the process with SIGBUS.
  unsigned sum = 0;
  for (std::size_t i = 0; i < buf.size(); i += 4096) sum += static_cast<unsigned char>(buf.data()[i]);
  CHECK(static_cast<unsigned char>(buf.data()[buf.size() - 1]) == 0);  // zeros past the new end
  CHECK(sum >= static_cast<unsigned>('{'));
  Status st = buf.CheckUnchanged(path);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message() == path + ": the input changed while it was read; write the plan JSON to a "
                                       "file that nothing else writes, then run plangate on it");
  std::remove(path.c_str());
}

TEST_CASE("a mapped file rewritten in place while it is read is an error", "[base]") {
  std::string path = TempPath("rewritten.json");
  std::string content(kMapFrom + 4096, ' ');
  std::ofstream(path, std::ios::binary) << content;
  Result<InputBuffer> b = ReadInput(path);
  REQUIRE(b.ok());
  ::usleep(20000);  // a later modification time on file systems with coarse clocks
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(10);
    f << "x";
  }
  CHECK_FALSE(b.value().CheckUnchanged(path).ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace plangate
