#include "cli/explain.h"

#include <memory>

#include "base/suggest.h"
#include "cli/check.h"
#include "explain/explain.h"
#include "explain/render.h"
#include "policy/evaluator.h"
#include "resolve/resolver.h"

namespace plangate::cli {
namespace {

// The resource type an address names: `module.a["x.y"].aws_dynamodb_table.t[0]` →
// aws_dynamodb_table (data sources' too); "" when it does not read as an address.
std::string TypeOfAddress(std::string_view a) {
  while (a.compare(0, 7, "module.") == 0) {
    std::size_t i = 7;
    while (i < a.size() && a[i] != '.' && a[i] != '[') ++i;
    if (i < a.size() && a[i] == '[') {  // an instance key: quoted text may hold dots and brackets
      for (bool quoted = false; ++i < a.size() && (quoted || a[i] != ']');) {
        if (a[i] == '\\') ++i;
        else if (a[i] == '"') quoted = !quoted;
      }
      ++i;
    }
    if (i >= a.size() || a[i] != '.') return "";
    a.remove_prefix(i + 1);
  }
  if (a.compare(0, 5, "data.") == 0) a.remove_prefix(5);
  std::size_t dot = a.find('.');
  return dot == std::string_view::npos ? "" : std::string(a.substr(0, dot));
}

// One document, resolved, with what its related conditions share.
struct Document {
  std::vector<resolve::ResolvedResource> resources;
  std::unique_ptr<policy::Context> context;
};

}  // namespace

Result<std::string> Explain(const ExplainOptions& options) {
  Result<policy::PolicySet> set = policy::LoadPolicySet(options.policies);
  if (!set) return set.error();
  if (set.value().policies().empty()) {
    return Error::Usage("no policies to explain", "drop --no-builtin-policies or add --policies PATH");
  }
  plan::LoadOptions load;
  load.attributes_by_type = set.value().AttributesByType();
  // A type no policy reads is kept too (every attribute; only its instances), to say so.
  if (std::string type = TypeOfAddress(options.address); !type.empty()) load.attributes_by_type.try_emplace(type);
  Result<std::vector<plan::Plan>> plans = LoadInput(options.input, load);
  if (!plans) return plans.error();

  std::vector<std::unique_ptr<Document>> documents;
  std::vector<explain::ResourceExplanation> explained;
  std::vector<std::string> addresses;  // what "did you mean" chooses from
  for (const plan::Plan& p : plans.value()) {
    for (const plan::Resource& r : p.resources) {
      if (r.address == options.address && r.mode == "data") {
        return Error::Input(p.source, "", "'" + options.address + "' is a data source",
                            "policies judge managed resources only; explain one of those");
      }
      addresses.push_back(r.address);
    }
    Result<std::vector<resolve::ResolvedResource>> selected = resolve::SelectResources(p);
    if (!selected) return selected.error();
    auto& doc = *documents.emplace_back(std::make_unique<Document>());
    doc.resources = std::move(selected).value();
    doc.context = std::make_unique<policy::Context>(doc.resources);
    for (const resolve::ResolvedResource& r : doc.resources) {
      if (r.resource->address != options.address) continue;
      explained.push_back(explain::Explain(set.value().ForType(r.resource->type), r, *doc.context));
    }
  }
  if (explained.empty()) {
    std::string hint = DidYouMean(options.address, addresses);
    if (hint.empty()) {
      hint = addresses.empty() ? "it holds no resource of a type the selected policies read"
                               : "write the address as the plan does, e.g. '" + addresses.front() + "'";
    }
    return Error::Input(DisplayName(options.input), "", "no resource has the address '" + options.address + "'",
                        hint);
  }
  return explain::Render(options.format, explained);
}

}  // namespace plangate::cli
