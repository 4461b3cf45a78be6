#include "plan/json_split_kernel.h"

#include <algorithm>
#include "catch.h"
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "plan/json_bytes.h"
#include "plan/random_json.h"
#include "test_util.h"

namespace plangate::plan {
namespace {

namespace fs = std::filesystem;

const SplitKernel& Scalar() { return *SplitKernels().back(); }

// The kernels this CPU runs, the scalar one (the reference) left out.
std::vector<const SplitKernel*> KernelsToCompare() {
  std::vector<const SplitKernel*> out;
  for (const SplitKernel* kernel : SplitKernels()) {
    if (kernel != &Scalar() && CpuRuns(*kernel)) out.push_back(kernel);
  }
  return out;
}

// Makes json_split.h's functions use a kernel while it lives.
class UseKernel {
 public:
  explicit UseKernel(const SplitKernel& kernel) { UseSplitKernelForTesting(&kernel); }
  ~UseKernel() { UseSplitKernelForTesting(nullptr); }
  UseKernel(const UseKernel&) = delete;
  UseKernel& operator=(const UseKernel&) = delete;
};

std::string Span(std::size_t begin, std::size_t end) { return std::to_string(begin) + "-" + std::to_string(end); }

std::string Members(const std::vector<JsonMember>& members) {
  std::string out;
  for (const JsonMember& m : members) {
    out += " " + Span(m.key_begin, m.key_end) + "=" + Span(m.value_begin, m.value_end);
  }
  return out;
}

std::string Offset(std::size_t at) { return at == std::string_view::npos ? "npos" : std::to_string(at); }

// Writes down everything the split hands its caller, in order; resource_changes
// elements are split, as the loader asks.
class Recorder final : public SplitVisitor {
 public:
  bool SplitsElements(std::string_view key) override {
    log += "split? " + std::string(key) + "\n";
    return key == "resource_changes";
  }
  bool Element(std::size_t begin, std::size_t end, const std::vector<JsonMember>& fields) override {
    log += "element " + Span(begin, end) + Members(fields) + "\n";
    return true;
  }
  bool Member(const JsonMember& member) override {
    log += "member" + Members({member}) + "\n";
    return true;
  }
  std::string log;
};

// Everything `kernel` answers about `text`: the document check, the split with its
// visitor and UTF-8 check, and, at the first container, where it ends and its members.
std::string Answers(const SplitKernel& kernel, const std::string& json) {
  InputBuffer buffer = InputBuffer::FromString(json);  // the padding the kernels read into
  std::string_view text = buffer.view();
  std::ostringstream out;
  JsonFault fault = kernel.check_document(text);
  out << "check " << static_cast<int>(fault.kind) << " at " << fault.offset << "\n";
  std::vector<JsonMember> members;
  Recorder recorder;
  auto utf8 = [](const char* data, std::size_t size) {
    return FirstInvalidUtf8(std::string_view(data, size)) == std::string_view::npos;
  };
  bool split = kernel.split_top_level(text, members, utf8, &recorder);
  out << "split " << split << Members(members) << "\n" << recorder.log;
  std::size_t open = text.find_first_of("{[");
  if (open != std::string_view::npos) {
    out << "skip " << Offset(kernel.skip_container(text, open)) << " " << Offset(kernel.skip_value(text, open))
        << "\n";
    if (text[open] == '{') out << "object " << Offset(kernel.split_object(text, open, members)) << Members(members) << "\n";
  }
  return out.str();
}

// Every kernel this CPU runs answers as the scalar one does about `json`.
void CompareKernels(const std::string& json, const std::string& name) {
  std::string want = Answers(Scalar(), json);
  for (const SplitKernel* kernel : KernelsToCompare()) {
    INFO(name << ", kernel " << kernel->name);
    REQUIRE(Answers(*kernel, json) == want);
  }
}

// Every JSON text of the fixtures (plans, states, reports, the bad-input and strict
// corpora) and of the shipped policies' tests.
std::vector<fs::path> FixtureInputs() {
  std::vector<fs::path> out;
  for (const char* dir : {"fixtures", "policies/tests/plans"}) {
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(fs::path(testing::SourceDir()) / dir)) {
      const fs::path& path = entry.path();
      bool text = path.extension() == ".json" || path.extension() == ".input" ||
                  path.filename().string().rfind("input", 0) == 0;
      if (entry.is_regular_file() && text) out.push_back(path);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("split kernels: SSE2 runs on every x86-64, the scalar one everywhere, and one is chosen", "[plan]") {
  std::vector<std::string> names;
  for (const SplitKernel* kernel : SplitKernels()) names.push_back(kernel->name);
#if defined(__x86_64__)
  CHECK(names == std::vector<std::string>{"avx512", "avx2", "sse2", "scalar"});
  const SplitKernel& sse2 = *SplitKernels()[2];
  CHECK(CpuRuns(sse2));
#else
  CHECK(names == std::vector<std::string>{"scalar"});
#endif
  CHECK(CpuRuns(Scalar()));
  // The kernels the CPU runs down to the baseline (SSE2 or scalar); the first is chosen.
  std::vector<const SplitKernel*> runs = KernelsThisCpuRuns();
  REQUIRE(!runs.empty());
  CHECK(std::string(runs.back()->target).empty());
  for (const SplitKernel* kernel : runs) CHECK(CpuRuns(*kernel));
  CHECK(&ActiveSplitKernel() == runs.front());
#if defined(__x86_64__)
  CHECK(std::string(runs.back()->name) == "sse2");
#endif
  SplitKernel unknown = Scalar();
  unknown.target = "sse2,no-such-feature";
  CHECK_FALSE(CpuRuns(unknown));
}

TEST_CASE("split kernels: the test hook makes json_split.h use a kernel, and gives the choice back", "[plan]") {
  const SplitKernel& chosen = ActiveSplitKernel();
  {
    UseKernel use(Scalar());
    CHECK(&ActiveSplitKernel() == &Scalar());
  }
  CHECK(&ActiveSplitKernel() == &chosen);
}

TEST_CASE("split kernels: every kernel this CPU runs splits the fixtures as the scalar one does", "[plan]") {
  std::vector<fs::path> inputs = FixtureInputs();
  REQUIRE(inputs.size() > 80);
  for (const fs::path& path : inputs) CompareKernels(testing::ReadFile(path.string()), path.string());
}

TEST_CASE("split kernels: every kernel this CPU runs answers as the scalar one on random and changed texts",
          "[plan][bad]") {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 4000; ++round) {
    // A plan's shape: a top-level object with resource_changes to split, and other
    // members to skip, white space or not.
    bool compact = round % 2 == 0;
    std::string text = "{\"format_version\":\"1.2\",\"resource_changes\":[";
    for (std::size_t n = rng() % 4, k = 0; k < n; ++k) {
      if (k > 0) text += ',';
      text += "{\"address\":\"a.b" + std::to_string(k) + "\",\"change\":";
      RandomValue(rng, text, 1, compact);
      text += "}";
    }
    text += "],\"planned_values\":";
    RandomValue(rng, text, 0, compact);
    text += "}";
    if (round % 8 != 0) Mutate(rng, text, 3);
    CompareKernels(text, text);
  }
}

TEST_CASE("split kernels: every kernel this CPU runs answers as the scalar one on changed fixtures", "[plan][bad]") {
  std::mt19937 rng(20261206);
  for (const fs::path& path : FixtureInputs()) {
    std::string original = testing::ReadFile(path.string());
    if (original.size() < 2) continue;
    for (int round = 0; round < 10; ++round) {
      std::string text = original;
      Mutate(rng, text, 2);
      CompareKernels(text, path.string() + " changed (round " + std::to_string(round) + ")");
    }
  }
}

TEST_CASE("split kernels: a plan loads the same whichever kernel splits it", "[plan]") {
  for (const fs::path& path : FixtureInputs()) {
    if (path.extension() != ".json") continue;
    std::string json = testing::ReadFile(path.string());
    std::string want;
    {
      UseKernel use(Scalar());
      want = testing::DescribeLoad(testing::LoadJson(json));
    }
    for (const SplitKernel* kernel : KernelsToCompare()) {
      UseKernel use(*kernel);
      INFO(path.string() << ", kernel " << kernel->name);
      CHECK(testing::DescribeLoad(testing::LoadJson(json)) == want);
    }
  }
}

}  // namespace
}  // namespace plangate::plan
