#pragma once
// What plangate reads of the JSON `terraform show -json` writes, whatever parses it:
// the top-level members, and the fields that name a resource. The loader's two passes
// (src/plan/json_loader.cc: the split pass, which hands simdjson only what is read,
// and the whole-document pass) both ask here, so they cannot disagree on what a
// member is, whether it is read, or what a resource change must hold.

#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_set>

#include "plan/json_bytes.h"
#include "plan/model.h"

namespace plangate::plan {

/// The top-level members plangate knows, one value each (a small, dense enum: a set
/// of them fits in a bit mask).
enum class TopLevel : unsigned char {
  kOther,             ///< any key not in the table: ignored, as Terraform's docs ask
  kFormatVersion,     ///< the format's version; its major version is checked
  kTerraformVersion,  ///< the version of Terraform (or OpenTofu) that wrote it
  kErrored,           ///< the plan stopped on an error: it is partial
  kResourceChanges,   ///< the changes policies judge
  kResourceDrift,     ///< what Terraform found changed outside its control
  kConfiguration,     ///< the configuration: resources' expressions and module calls
  kValues,            ///< a state's resources (values.root_module)
  kPlanSection,       ///< a section only a plan has, not read: it tells the kind only
};

/// How a top-level member's value is read. Both passes read the same JSON type and
/// give the same error; the split pass reads the scalars in place and parses each
/// container as its own document.
enum class ReadAs : unsigned char {
  kNotRead,          ///< skipped unparsed (its bytes are still checked: json_split.h)
  kString,           ///< a string
  kBool,             ///< true or false
  kResourceChanges,  ///< an array of resource changes (resource_changes, or
                     ///< resource_drift in the same shape); the split pass splits it
                     ///< and parses only the entries of types a policy reads
  kObject,           ///< an object
};

/// One row of the top-level table.
struct TopLevelMember {
  std::string_view key;  ///< as Terraform writes it
  TopLevel what;
  ReadAs read_as;
  bool plan_key;         ///< its presence makes the document a plan (else a state)
};

/// The top-level table: every member plangate reads or that tells the document's kind.
/// The first row stands for every other key. Both passes read it through
/// FindTopLevelMember.
inline constexpr TopLevelMember kTopLevelMembers[] = {
    {"", TopLevel::kOther, ReadAs::kNotRead, false},
    {"format_version", TopLevel::kFormatVersion, ReadAs::kString, false},
    {"terraform_version", TopLevel::kTerraformVersion, ReadAs::kString, false},
    {"errored", TopLevel::kErrored, ReadAs::kBool, false},
    {"resource_changes", TopLevel::kResourceChanges, ReadAs::kResourceChanges, true},
    {"configuration", TopLevel::kConfiguration, ReadAs::kObject, true},
    {"values", TopLevel::kValues, ReadAs::kObject, false},
    // Values come from resource_changes; these say only that the document is a plan.
    {"planned_values", TopLevel::kPlanSection, ReadAs::kNotRead, true},
    {"prior_state", TopLevel::kPlanSection, ReadAs::kNotRead, true},
    {"resource_drift", TopLevel::kResourceDrift, ReadAs::kResourceChanges, true},
    {"output_changes", TopLevel::kPlanSection, ReadAs::kNotRead, true},
};

/// The row for `key`: the first row (kOther) for a key not in the table.
constexpr const TopLevelMember& FindTopLevelMember(std::string_view key) {
  for (std::size_t i = 1; i < std::size(kTopLevelMembers); ++i) {
    if (kTopLevelMembers[i].key == key) return kTopLevelMembers[i];
  }
  return kTopLevelMembers[0];
}

/// The keys of one object, to refuse a repeated one. Terraform (Go's encoding/json)
/// never writes one, and readers that meet one disagree on which value counts (Go and
/// Python keep the last), so a plan with one is not read at all. Keys are compared
/// decoded. Up to kInline keys are kept in place and compared one by one (most objects
/// plangate reads are small); past that, they are hashed.
class KeySet {
 public:
  /// Adds `key`; false when the object already had it.
  /// REQUIRES: `key`'s bytes outlive the set.
  bool Insert(std::string_view key) {
    if (size_ < kInline) {
      for (std::size_t i = 0; i < size_; ++i) {
        if (inline_[i].size() == key.size() && std::memcmp(inline_[i].data(), key.data(), key.size()) == 0) {
          return false;
        }
      }
      inline_[size_++] = key;
      return true;
    }
    return InsertHashed(key);
  }

 private:
  static constexpr std::size_t kInline = 32;
  bool InsertHashed(std::string_view key);
  std::string_view inline_[kInline];
  std::size_t size_ = 0;
  std::unordered_set<std::string_view> hashed_;  // once size_ reaches kInline, every key
};

/// What a repeated key says, after where it is: `key` is shown only when `show_key`
/// (a key below an attribute may be sensitive, and is left out).
std::string RepeatedKeyMessage(std::string_view key, bool show_key);

/// The hint after RepeatedKeyMessage.
inline constexpr std::string_view kRepeatedKeyHint =
    "Terraform never writes a repeated key, so this file was not written by 'terraform show -json'";

/// The fields that name a resource_changes entry or a state's resource, as views
/// into the document (valid as long as it is): nothing is copied until the resource's
/// type turns out to be one a policy reads. Both passes fill it a member at a time
/// with Take, and ask MissingFromChange (or Missing) after the last: one set of rules
/// for which fields there are, which must be strings, and which must be there.
struct ResourceHeader {
  /// mode and type are decoded at once (they decide); address, module_address and
  /// name are the raw contents of their strings, decoded only for kept resources
  /// (CopyTo); index_json is the index's JSON text.
  std::string_view address, module_address, mode, type, name, index_json;
  /// The raw contents of `action_reason` and `previous_address` ("" when absent).
  std::string_view action_reason, previous_address;
  bool seen_address = false, seen_mode = false, seen_type = false, seen_name = false;
  bool seen_change = false;
  bool deposed = false;  ///< `deposed` (plan) or `deposed_key` (state) was there

  /// What Take made of a member.
  enum class Taken : unsigned char {
    kIgnored,    ///< not a field of the header (nor `change`): the caller may read it
    kChange,     ///< `change`, marked seen: the caller reads it, or not
    kTaken,      ///< a field of the header, taken
    kNotString,  ///< a field that must be a string is not one: nothing taken
    kEscaped,    ///< mode, type, deposed or deposed_key holds an escape: only a parser
                 ///< decodes it; give the result to TakeDecoded
  };
  /// Takes the member `key` whose value is the JSON token `token` (white space may
  /// follow it).
  /// REQUIRES: a string token closes, and 7 readable bytes follow it (PlainString).
  Taken Take(std::string_view key, std::string_view token);
  /// The decoded string of the member `key`, for which Take answered kEscaped.
  void TakeDecoded(std::string_view key, std::string_view decoded);

  /// The first field a state's resource must have and this one lacks: "address",
  /// "mode", "type", "name" in that order; nullptr when none is missing.
  const char* Missing() const;
  /// The same for a resource_changes entry, which must also have "change" (last).
  const char* MissingFromChange() const;

  /// Copies the header into `r`, decoding the raw strings.
  void CopyTo(Resource& r) const;

 private:
  // How a member is read.
  enum class Kind : unsigned char {
    kNone,     // not a field of the header
    kChange,   // change: the caller's
    kRaw,      // address, name, module_address, action_reason, previous_address: a string, its raw content kept
    kDecoded,  // mode, type: a string, decoded at once (they decide)
    kDeposed,  // deposed (plan) or deposed_key (state): a string that marks the object deposed
    kIndex,    // index: any value, its JSON text kept
  };
  // The kind of the member `key`, marked seen, and where a kRaw or kDecoded field's
  // string goes (null for the others).
  std::string_view* Field(std::string_view key, Kind& kind);
  // Whether `key` is `name`: after the switch on the length, one fixed-size compare
  // (a load or two), where std::string_view's == may call memcmp.
  template <std::size_t N>
  static bool Is(std::string_view key, const char (&name)[N]) {
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
  }
  // A kDecoded or kDeposed field's string, into `slot` (Field's answer).
  void Store(std::string_view* slot, Kind kind, std::string_view decoded) {
    if (slot != nullptr) *slot = decoded;
    if (kind == Kind::kDeposed) deposed = true;
  }
};

// Take runs for every member of every resource change, in both passes: inline.
inline std::string_view* ResourceHeader::Field(std::string_view key, Kind& kind) {
  kind = Kind::kNone;
  switch (key.size()) {  // the length decides first
    case 4:
      if (Is(key, "mode")) return kind = Kind::kDecoded, seen_mode = true, &mode;
      if (Is(key, "type")) return kind = Kind::kDecoded, seen_type = true, &type;
      if (Is(key, "name")) return kind = Kind::kRaw, seen_name = true, &name;
      break;
    case 5:
      if (Is(key, "index")) kind = Kind::kIndex;
      break;
    case 6:
      if (Is(key, "change")) kind = Kind::kChange, seen_change = true;
      break;
    case 7:
      if (Is(key, "address")) return kind = Kind::kRaw, seen_address = true, &address;
      if (Is(key, "deposed")) kind = Kind::kDeposed;
      break;
    case 11:
      if (Is(key, "deposed_key")) kind = Kind::kDeposed;
      break;
    case 13:
      if (Is(key, "action_reason")) return kind = Kind::kRaw, &action_reason;
      break;
    case 14:
      if (Is(key, "module_address")) return kind = Kind::kRaw, &module_address;
      break;
    case 16:
      if (Is(key, "previous_address")) return kind = Kind::kRaw, &previous_address;
      break;
  }
  return nullptr;
}

inline ResourceHeader::Taken ResourceHeader::Take(std::string_view key, std::string_view token) {
  Kind kind;
  std::string_view* slot = Field(key, kind);
  switch (kind) {
    case Kind::kNone:
      return Taken::kIgnored;
    case Kind::kChange:
      return Taken::kChange;
    case Kind::kRaw:  // decoded only for kept resources: the raw string is kept
      return StringToken(token, *slot) ? Taken::kTaken : Taken::kNotString;
    case Kind::kDecoded:
    case Kind::kDeposed: {
      if (token.empty() || token.front() != '"') return Taken::kNotString;
      std::string_view s;
      if (!PlainString(token.data() + 1, s)) return Taken::kEscaped;
      Store(slot, kind, s);
      return Taken::kTaken;
    }
    case Kind::kIndex:
      index_json = TrimRight(token);
      return Taken::kTaken;
  }
  return Taken::kIgnored;
}

}  // namespace plangate::plan
