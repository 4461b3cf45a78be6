#pragma once
// What plangate reads of the JSON `terraform show -json` writes, whatever parses it:
// the top-level members. The loader's two passes (src/plan/json_loader.cc: the split
// pass, which hands simdjson only what is read, and the whole-document pass) both
// look a member up here, so they cannot disagree on what it is or whether it is read.

#include <cstddef>
#include <iterator>
#include <string_view>

namespace plangate::plan {

/// The top-level members plangate knows, one value each (a small, dense enum: a set
/// of them fits in a bit mask).
enum class TopLevel : unsigned char {
  kOther,             ///< any key not in the table: ignored, as Terraform's docs ask
  kFormatVersion,     ///< the format's version; its major version is checked
  kTerraformVersion,  ///< the version of Terraform (or OpenTofu) that wrote it
  kErrored,           ///< the plan stopped on an error: it is partial
  kResourceChanges,   ///< the changes policies judge
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
  kResourceChanges,  ///< an array of resource changes; the split pass splits it and
                     ///< parses only the entries of types a policy reads
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
    {"resource_drift", TopLevel::kPlanSection, ReadAs::kNotRead, true},
    {"output_changes", TopLevel::kPlanSection, ReadAs::kNotRead, true},
};

/// The row for `key`: the first row (kOther) for a key not in the table.
constexpr const TopLevelMember& FindTopLevelMember(std::string_view key) {
  for (std::size_t i = 1; i < std::size(kTopLevelMembers); ++i) {
    if (kTopLevelMembers[i].key == key) return kTopLevelMembers[i];
  }
  return kTopLevelMembers[0];
}

}  // namespace plangate::plan
