#include "policy/finding.h"

#include "catch.h"

#include <algorithm>

namespace plangate::policy {
namespace {

// A finding of `policy` on `address` in `input`.
Finding At(const Policy& policy, const std::string& input, const std::string& address) {
  Finding f;
  f.policy = &policy;
  f.input = input;
  f.address = address;
  return f;
}

std::vector<std::string> Where(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.input + " " + f.address + " " + f.policy->id);
  return out;
}

TEST_CASE("sorted groups of findings merge into the order a sort of them all gives", "[policy]") {
  Policy a, b;
  a.id = "a";
  b.id = "b";
  // Each group sorted as a worker leaves it; inputs out of name order, one with no findings.
  std::vector<Finding> z = {At(a, "z.json", "t.x"), At(b, "z.json", "t.x")};
  std::vector<Finding> none;
  std::vector<Finding> m = {At(b, "m.json", "t.a"), At(a, "m.json", "t.b")};
  std::vector<Finding> all;
  for (const auto* g : {&z, &none, &m}) all.insert(all.end(), g->begin(), g->end());
  SortFindings(all);
  std::vector<Finding> merged;
  AppendSortedGroups({&z, &none, &m}, merged);
  CHECK(Where(merged) == Where(all));
  CHECK(Where(merged) == std::vector<std::string>{"m.json t.a b", "m.json t.b a", "z.json t.x a", "z.json t.x b"});
  CHECK(z.empty());
  CHECK(m.empty());
}

TEST_CASE("an input given twice keeps a group of results per occurrence, in the order given", "[policy]") {
  Policy a;
  a.id = "a";
  std::vector<Finding> first = {At(a, "p.json", "t.a"), At(a, "p.json", "t.b")};
  std::vector<Finding> other = {At(a, "o.json", "t.c")};
  std::vector<Finding> second = {At(a, "p.json", "t.0")};
  std::vector<Finding> merged;
  AppendSortedGroups({&first, &other, &second}, merged);
  CHECK(Where(merged) == std::vector<std::string>{"o.json t.c a", "p.json t.a a", "p.json t.b a", "p.json t.0 a"});
}

TEST_CASE("inputs order by name, the documents of a stream by their number", "[policy]") {
  std::vector<std::string> inputs = {"p#10", "q", "p#2", "p", "p#1x", "p#02", "o#3", "p#1", "p#"};
  std::sort(inputs.begin(), inputs.end(), [](const std::string& a, const std::string& b) { return InputBefore(a, b); });
  CHECK(inputs == std::vector<std::string>{"o#3", "p", "p#1", "p#2", "p#10", "p#", "p#02", "p#1x", "q"});
  CHECK_FALSE(InputBefore("p#2", "p#2"));
}

}  // namespace
}  // namespace plangate::policy
