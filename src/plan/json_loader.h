#pragma once
// plan/state JSON → plan model. simdjson lives here only.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/file.h"
#include "plan/model.h"

namespace plangate::plan {

/// What to materialise. Everything else is skipped without building values.
struct LoadOptions {
  /// Resource type → top-level attribute names that policies read. Resources of
  /// other types are not kept. An empty list keeps every attribute of that type.
  /// Default: empty map (no resources kept; the document is still fully checked
  /// for kind, version and shape).
  std::map<std::string, std::vector<std::string>, std::less<>> attributes_by_type;
  /// Record the line each resource's object begins on (Resource::line), for the
  /// reports that point at it. Default: false (0 for every resource): the count reads
  /// every byte once more, a twentieth of a run's time.
  bool lines = false;
  /// How much of the document simdjson parses. Default: kAuto.
  enum class Parse {
    kAuto,   ///< Only the top-level members plangate reads, when the top level splits
             ///< (SplitTopLevel); otherwise the whole document. Same result either way.
    kWhole,  ///< The whole document (tests compare the two).
    kSplit,  ///< Only the members read; an input that does not split is an error (tests).
  };
  Parse parse = Parse::kAuto;
};

/// Deepest JSON nesting materialised inside one attribute value. Deeper values in
/// attributes that policies read are rejected with a message; values elsewhere
/// are skipped and may nest deeper.
inline constexpr int kMaxValueDepth = 256;

/// Most values materialised from one input: in the attributes that policies read
/// and the configuration expressions they follow. A value is a 16-byte node; at
/// this count the worst shape (one object of tiny members, while it is built)
/// takes about 250 MB besides the file. Real plans have at most a few thousand;
/// a 4 GiB plan from scripts/gen-plan, 1.4 million.
inline constexpr std::size_t kMaxValues = 2'000'000;

/// Reads the JSON written by `terraform show -json` (a plan, or a state) from
/// `bytes`. `source` names the input in diagnostics. Accepts format_version 0.x and
/// 1.x, ignores unknown keys, and fails with a positioned message on anything else.
/// Hands back the memory of a mapped input behind the read as it goes
/// (InputBuffer::ReleaseBefore); the bytes stay readable.
Result<Plan> LoadDocument(const std::string& source, InputBuffer& bytes, const LoadOptions& options);
/// The same, for a buffer made for this load alone (tests, in-memory inputs).
inline Result<Plan> LoadDocument(const std::string& source, InputBuffer&& bytes, const LoadOptions& options) {
  return LoadDocument(source, bytes, options);
}

/// Reads every document of `bytes`: one, as LoadDocument reads it, or a stream of
/// them one after another, separated by white space or nothing, as `terragrunt
/// run-all show -json` writes plans. A stream's documents are named SOURCE#1,
/// SOURCE#2, ... in order, each checked and read as LoadDocument reads a whole input
/// (byte positions and lines still count from the input's first byte); a stream of one
/// document is SOURCE. Text that is not JSON before, between or after documents (log
/// lines) is an error that names its byte and says how to keep logs out. A single
/// document costs nothing more: the input is split into documents only when it does
/// not read as one.
Result<std::vector<Plan>> LoadDocuments(const std::string& source, InputBuffer& bytes, const LoadOptions& options);

}  // namespace plangate::plan
