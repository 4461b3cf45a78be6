#include "policy/finding.h"

#include <algorithm>
#include <utility>

namespace plangate::policy {
namespace {

// An input's name as its order reads it: a document of a stream (NAME#N, N from 1, no
// leading zero) is (NAME, N); any other name is (itself, 0). Names and keys map one to
// one, so ordering keys orders names.
struct InputKey {
  std::string_view name;
  std::string_view number;  // "" when none
};
InputKey KeyOf(std::string_view input) {
  std::size_t hash = input.rfind('#');
  if (hash == std::string_view::npos || hash + 1 == input.size() || input[hash + 1] == '0') return {input, {}};
  std::string_view number = input.substr(hash + 1);
  if (number.find_first_not_of("0123456789") != std::string_view::npos) return {input, {}};
  return {input.substr(0, hash), number};
}

}  // namespace

bool InputBefore(std::string_view a, std::string_view b) {
  InputKey x = KeyOf(a), y = KeyOf(b);
  if (x.name != y.name) return x.name < y.name;
  // The same name: the input itself, then its documents by number (2 before 10).
  if (x.number.size() != y.number.size()) return x.number.size() < y.number.size();
  return x.number < y.number;
}

namespace {

bool InputOfBefore(const Finding& a, const Finding& b) { return InputBefore(a.input, b.input); }

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kUnknown: return "unknown";
    case Verdict::kWaived: return "waived";
  }
  return "unknown";
}

void SortFindings(std::vector<Finding>& findings) {
  // Findings arrive grouped by input. Sort positions (findings are large to move):
  // the inputs' groups by input, then each group by address and policy; then move
  // each finding once.
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // [begin, end) of one input
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (groups.empty() || findings[i].input != findings[groups.back().first].input) groups.push_back({i, i});
    groups.back().second = i + 1;
  }
  std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    return InputOfBefore(findings[a.first], findings[b.first]);
  });
  std::vector<std::size_t> order;
  order.reserve(findings.size());
  for (const auto& [begin, end] : groups) {
    std::size_t start = order.size();
    for (std::size_t i = begin; i < end; ++i) order.push_back(i);
    std::stable_sort(order.begin() + static_cast<long>(start), order.end(), [&](std::size_t x, std::size_t y) {
      int c = findings[x].address.compare(findings[y].address);
      return c != 0 ? c < 0 : findings[x].policy->id < findings[y].policy->id;
    });
  }
  bool in_order = true;  // as resources in a plan usually are: nothing to move
  for (std::size_t i = 0; i < order.size() && in_order; ++i) in_order = order[i] == i;
  if (in_order) return;
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (std::size_t i : order) sorted.push_back(std::move(findings[i]));
  findings = std::move(sorted);
}

void AppendSortedGroups(std::vector<std::vector<Finding>*> groups, std::vector<Finding>& out) {
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](auto* g) { return g->empty(); }), groups.end());
  std::stable_sort(groups.begin(), groups.end(), [](auto* a, auto* b) { return InputOfBefore(a->front(), b->front()); });
  if (out.empty() && groups.size() == 1) {  // one input: its group is the whole
    out.swap(*groups.front());
    groups.front()->clear();
    return;
  }
  std::size_t total = out.size();
  for (const auto* g : groups) total += g->size();
  out.reserve(total);
  for (auto* g : groups) {
    for (Finding& f : *g) out.push_back(std::move(f));
    g->clear();
  }
}

}  // namespace plangate::policy
