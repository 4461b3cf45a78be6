#include "base/output.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include "catch.h"
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace plangate {
namespace {

// A fresh folder for one test, removed with everything in it at the end.
struct Folder {
  std::string path;
  Folder() {
    char name[] = "/tmp/plangate-output-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~Folder() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    DIR* d = ::opendir(path.c_str());
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") out.push_back(n);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool IsLink(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

TEST_CASE("a report file is written whole and no temporary file is left", "[base][output]") {
  Folder dir;
  REQUIRE(WriteFileAtomic(dir / "report.json", "{}\n").ok());
  CHECK(Slurp(dir / "report.json") == "{}\n");
  REQUIRE(WriteFileAtomic(dir / "report.json", "[]\n").ok());  // replaces it
  CHECK(Slurp(dir / "report.json") == "[]\n");
  CHECK(dir.Names() == std::vector<std::string>{"report.json"});
}

TEST_CASE("a symbolic link is followed to the file it names, and stays a link", "[base][output]") {
  Folder dir;
  std::ofstream(dir / "real.sarif") << "old";
  REQUIRE(::symlink("real.sarif", (dir / "link.sarif").c_str()) == 0);
  REQUIRE(WriteFileAtomic(dir / "link.sarif", "new").ok());
  CHECK(IsLink(dir / "link.sarif"));
  CHECK(Slurp(dir / "real.sarif") == "new");
  // A dangling link: the file it names is created.
  REQUIRE(::symlink("made.sarif", (dir / "dangling.sarif").c_str()) == 0);
  REQUIRE(WriteFileAtomic(dir / "dangling.sarif", "made").ok());
  CHECK(Slurp(dir / "made.sarif") == "made");
  CHECK(IsLink(dir / "dangling.sarif"));
}

TEST_CASE("a link planted where a temporary file used to be named redirects nothing", "[base][output]") {
  Folder dir;
  std::ofstream(dir / "victim") << "keep me";
  // The names plangate once used for its temporary file, for the next few process ids.
  for (int pid = ::getpid(); pid < ::getpid() + 4; ++pid) {
    std::string planted = dir / ("report.json.plangate-tmp-" + std::to_string(pid));
    REQUIRE(::symlink((dir / "victim").c_str(), planted.c_str()) == 0);
  }
  REQUIRE(WriteFileAtomic(dir / "report.json", "report").ok());
  CHECK(Slurp(dir / "victim") == "keep me");
  CHECK(Slurp(dir / "report.json") == "report");
}

TEST_CASE("a FIFO is written in place, never replaced by a file", "[base][output]") {
  Folder dir;
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = Slurp(dir / "pipe"); });
  Status st = WriteFileAtomic(dir / "pipe", "through the pipe");
  reader.join();
  REQUIRE(st.ok());
  CHECK(got == "through the pipe");
  struct stat s {};
  REQUIRE(::lstat((dir / "pipe").c_str(), &s) == 0);
  CHECK(S_ISFIFO(s.st_mode));
  CHECK(dir.Names() == std::vector<std::string>{"pipe"});
}

TEST_CASE("when one report cannot be written, none is left at its final name", "[base][output]") {
  Folder dir;
  std::vector<OutputFile> outputs;
  for (std::string path : {dir / "a.json", std::string("/dev/full"), dir / "b.sarif"}) {
    Result<OutputFile> f = ResolveOutput(path);
    REQUIRE(f.ok());
    outputs.push_back(f.value());
  }
  CHECK(outputs[1].direct);
  Status st = WriteAllOrNothing(outputs, {"a", "full", "b"});
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message() == "/dev/full: cannot write: No space left on device; check the folder exists and is writable");
  CHECK(dir.Names().empty());
}

TEST_CASE("outputs are refused before anything is written when they clash", "[base][output]") {
  Folder dir;
  std::ofstream(dir / "plan.json") << "{}";
  REQUIRE(::symlink("plan.json", (dir / "alias.json").c_str()) == 0);
  auto resolve = [](const std::string& p) {
    Result<OutputFile> f = ResolveOutput(p);
    REQUIRE(f.ok());
    return f.value();
  };
  SECTION("an output that is an input, by another name") {
    Status st = CheckOutputs({resolve(dir / "alias.json")}, {dir / "plan.json"}, false);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message() == dir / "alias.json" +
                                      ": is also an input of this run; writing it would replace what was read; "
                                      "write the report to another file");
  }
  SECTION("two reports to one file, one of them not yet there") {
    Status st = CheckOutputs({resolve(dir / "r.json"), resolve(dir.path + "/./r.json")}, {}, false);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message() == dir.path + "/./r.json: two reports would be written to one file (also as " +
                                      dir / "r.json" + "); give each report its own file");
  }
  SECTION("distinct files pass") {
    CHECK(CheckOutputs({resolve(dir / "r.json"), resolve(dir / "r.sarif")}, {dir / "plan.json", "-"}, true).ok());
  }
  CHECK(Slurp(dir / "plan.json") == "{}");
}

TEST_CASE("a folder, a missing folder and an empty path are not outputs", "[base][output]") {
  Folder dir;
  Result<OutputFile> folder = ResolveOutput(dir.path);
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().message() == dir.path + ": is a directory; name a file to write the report to");
  Result<OutputFile> missing = ResolveOutput(dir / "no/such/report.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message() ==
        dir / "no/such/report.json" + ": cannot write: No such file or directory; check the folder exists and is writable");
  CHECK_FALSE(ResolveOutput("").ok());
  REQUIRE(::symlink("loop", (dir / "loop").c_str()) == 0);
  Result<OutputFile> loop = ResolveOutput(dir / "loop");
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.error().message().find("Too many levels of symbolic links") != std::string::npos);
}

}  // namespace
}  // namespace plangate
