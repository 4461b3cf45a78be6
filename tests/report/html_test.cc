#include "catch.h"

#include <set>

#include "policy/loader.h"
#include "report/report.h"

namespace plangate::report {
namespace {

// Markup a plan (or a waiver or policy file) may hold: tags, an attribute breaking
// out of its quotes, an entity, a comment and a CDATA end.
const std::string kMark = "<img src=x onerror=alert(1)>\"'&amp;<!--]]></code></script>";
// kMark as HTML text: what the page must hold instead.
const std::string kEscaped = "&lt;img src=x onerror=alert(1)&gt;\"'&amp;amp;&lt;!--]]&gt;&lt;/code&gt;&lt;/script&gt;";

// The tags RenderHtml writes itself: any other tag came from a string it was given.
const std::set<std::string> kOwnTags = {
    "!DOCTYPE", "html", "meta", "title", "/title", "style", "/style", "header", "/header", "h1", "/h1", "h2", "/h2", "h3", "/h3",
    "p",        "ul",   "/ul",  "li",    "a",     "/a",     "small",  "/small",  "code", "/code", "span", "/span",
    "table",    "/table", "tr", "th",    "td",    "div",    "/div",   "b",       "/b",   "i",     "/i",   "br",
    "label",    "/label", "input", "select", "/select", "option", "script", "/script"};

// The tags of `html`, outside the style sheet and the script.
std::multiset<std::string> Tags(const std::string& html) {
  std::multiset<std::string> tags;
  for (std::size_t at = 0; (at = html.find('<', at)) != std::string::npos;) {
    std::size_t end = html.find_first_of(" >\n", at + 1);
    std::string tag = html.substr(at + 1, end - at - 1);
    tags.insert(tag);
    // The style sheet and the script hold no tag: skip to their end.
    if (tag == "style" || tag == "script") end = html.find("</" + tag + ">", at);
    at = end;
  }
  return tags;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

// `s` as a YAML single-quoted scalar.
std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

TEST_CASE("html report: every string from the plan, the waivers and the policies is text", "[report]") {
  Result<policy::PolicySet> set = policy::CompileText(
      "p.yaml", "id: p\ntitle: " + Quoted("T " + kMark) + "\nseverity: high\nresolution: " + Quoted("R " + kMark) +
                    "\nresource_types: aws_dynamodb_table\ncondition: {attribute: x, operator: is_true}\n");
  REQUIRE(set.ok());
  Report report;
  report.policies = std::make_shared<const policy::PolicySet>(std::move(set).value());
  const policy::Policy* p = &report.policies->policies().at(0);
  InputSummary in;
  in.source = "in " + kMark;
  in.kind = "plan";
  in.format_version = "1.2 " + kMark;
  in.terraform_version = "1.9 " + kMark;
  in.errored = true;
  report.inputs.push_back(in);
  policy::WaiverStatus ws;
  ws.waiver.policy = ws.waiver.policy_id = "p";
  ws.waiver.address = "address " + kMark;
  ws.waiver.reason = "reason " + kMark;
  ws.waiver.owner = "owner " + kMark;
  ws.waiver.expires = "2099-01-01 " + kMark;
  ws.waiver.location = {"waivers " + kMark, 1, 1};
  ws.state = policy::WaiverStatus::State::kActive;
  report.waivers.push_back(ws);
  ws.state = policy::WaiverStatus::State::kUnused;
  report.waivers.push_back(ws);

  policy::Finding f;
  f.input = in.source;
  f.address = "aws_dynamodb_table.x[\"" + kMark + "\"]";
  f.type = "type " + kMark;
  f.actions = {"delete", "create " + kMark};
  f.policy = p;
  f.verdict = policy::Verdict::kFail;
  f.message = "message " + kMark;
  f.action_reason = "reason " + kMark;
  f.replace_paths = {"path " + kMark};
  policy::Read known{"known " + kMark, policy::Read::State::kKnown, false, "value " + kMark, "", {}};
  policy::Read absent{"absent " + kMark, policy::Read::State::kAbsent, false, "default " + kMark, "why " + kMark, {}};
  policy::Read unknown{"unknown " + kMark, policy::Read::State::kUnknown, false, "", "", {"ref " + kMark}};
  f.reads = {known, absent, unknown};
  report.findings.push_back(f);
  f.address += "2";
  f.verdict = policy::Verdict::kWaived;
  f.waiver = 0;
  report.findings.push_back(f);

  const std::string html = RenderHtml(report);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(Count(html, "<script>") == 1);
  std::multiset<std::string> tags = Tags(html);
  for (const std::string& tag : tags) {
    CAPTURE(tag);
    CHECK(kOwnTags.count(tag) == 1);
  }
  // Each string shown is the mark, escaped; the plan's own addresses, input, type,
  // actions, message, reason, paths, reads, versions; the waiver's fields; the
  // policy's title and fix.
  for (const char* shown : {"aws_dynamodb_table.x[\"", "in ", "type ", "create ", "message ", "path ", "known ",
                            "value ", "absent ", "default ", "why ", "unknown ", "ref ", "1.2 ", "1.9 ", "owner ",
                            "reason ", "2099-01-01 ", "waivers ", "address ", "T ", "R "}) {
    CAPTURE(shown);
    CHECK(html.find(shown + kEscaped) != std::string::npos);
  }
  CHECK(html.find("reason " + kMark) == std::string::npos);
}

TEST_CASE("html report: its CSP names the hashes of its one style sheet and one script", "[report]") {
  Report report;
  report.policies = std::make_shared<const policy::PolicySet>();
  const std::string html = RenderHtml(report);
  const std::string csp_start = "content=\"default-src 'none'; style-src 'sha256-";
  REQUIRE(html.find(csp_start) != std::string::npos);
  CHECK(html.find("'unsafe-inline'") == std::string::npos);
  CHECK(Count(html, "<style>") == 1);
  CHECK(Count(html, "<script>") == 1);
  CHECK(Count(html, "'sha256-") == 2);
  CHECK(html.find("No resource judged") == std::string::npos);  // no input: no section
  CHECK(html.find("<header><h1>Gate open</h1>") != std::string::npos);
}

}  // namespace
}  // namespace plangate::report
