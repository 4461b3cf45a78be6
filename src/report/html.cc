// One self-contained HTML page for reviewing a plan in a browser: the verdict, then
// each judged resource with its results and the attributes that decided them.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/digest.h"
#include "report/report.h"
#include "resolve/resolver.h"

namespace plangate::report {
namespace {

// The page's one style sheet and one script. Its Content-Security-Policy allows
// these two by their hashes and nothing else: no load from anywhere, and no other
// inline code, whatever a plan string holds. The script only hides: with scripts
// off, every result is shown.
constexpr std::string_view kStyle =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1280px;padding:0 16px 32px;color:#1f2328}"
    "code{font:12.5px ui-monospace,monospace;overflow-wrap:anywhere}"
    "header{margin:16px 0;padding:12px 16px;border-radius:6px;color:#fff;background:#1a7f37}"
    "header.c{background:#cf222e}header a,header small{color:#fff}"
    "header p{margin:4px 0}header ul{margin:4px 0;padding-left:20px}"
    "h1{margin:0;font-size:22px}h2{font-size:18px;margin:24px 0 8px}h2 code{font-size:16px}"
    "h3{font-size:14px;font-weight:normal;margin:0 0 4px}h3 code{font-weight:bold}#pl code{white-space:nowrap}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{text-align:left;vertical-align:top;padding:3px 6px;border-top:1px solid #d8dee4}"
    ".r{border:1px solid #d0d7de;border-radius:6px;padding:8px;margin:8px 0;"
    "content-visibility:auto;contain-intrinsic-size:auto 160px;scroll-margin-top:48px}"
    ".r>p{margin:0 0 4px}.r table{table-layout:fixed}"
    ".f td:first-child{width:100px}.f td:nth-child(2){width:270px}"
    ".a{color:#57606a;font-size:13px;background:#f6f8fa}"
    ".a::before{content:\"attributes the policies read\";display:table-caption;font-size:12px;padding:4px 6px 0;"
    "background:#f6f8fa}"
    ".a td:first-child{width:382px;font:12.5px ui-monospace,monospace;overflow-wrap:anywhere}"
    ".a td:nth-child(2){width:70px}"
    "tr.B td:first-child{color:#cf222e;font-weight:bold}tr.U td:first-child{color:#9a6700}"
    "tr.A td:first-child{color:#0969da}tr.W td:first-child{color:#8250df}tr.P td:first-child{color:#1a7f37}"
    ".k{background:#eaeef2;border-radius:4px;padding:0 6px}.d{color:#cf222e}"
    ".w{color:#8250df}small{color:#57606a}"
    ".n span{display:inline-block;margin:0 8px 4px 0;padding:2px 8px;border-radius:10px;background:#eaeef2}"
    "#f{position:sticky;top:0;z-index:1;background:#fff;padding:8px 0;border-bottom:1px solid #d0d7de}"
    "#f label{margin-right:10px}#f input[type=search]{width:18em}"
    "[hidden]{display:none!important}";

constexpr std::string_view kScript =
    "(function(){"
    "var d=document,f=d.getElementById('f'),m=d.getElementById('m'),s=f.querySelector('select'),"
    "q=f.querySelector('[type=search]'),rs=d.querySelectorAll('.r'),cs=f.querySelectorAll('[type=checkbox]');"
    "d.querySelectorAll('#pl tr[id]').forEach(function(t){s.add(new Option(t.cells[0].textContent,'#'+t.id))});"
    "function go(){"
    "var on={},p=s.value,t=q.value.toLowerCase(),n=0;"
    "cs.forEach(function(c){on[c.value]=c.checked});"
    "rs.forEach(function(r){"
    "var a=!t||r.querySelector('code').textContent.toLowerCase().indexOf(t)>=0,v=0;"
    "r.querySelectorAll('tr[class]').forEach(function(x){"
    "var k=a&&on[x.className]&&(!p||x.cells[1].firstChild.getAttribute('href')==p);x.hidden=!k;v+=k});"
    "r.hidden=!v;n+=!!v});"
    "m.textContent=n+' of '+rs.length+' resources shown'}"
    "f.addEventListener('input',go);f.addEventListener('change',go);f.hidden=false;go()"
    "})()";

// 'sha256-...' of `code`, as a CSP source.
std::string HashSource(std::string_view code) {
  const std::array<std::uint8_t, 32> digest = Sha256(code);
  return "'sha256-" + Base64(digest.data(), digest.size()) + "'";
}

const std::string& ContentSecurityPolicy() {
  static const std::string csp = "default-src 'none'; style-src " + HashSource(kStyle) + "; script-src " +
                                 HashSource(kScript) + "; base-uri 'none'; form-action 'none'";
  return csp;
}

// Appends `s` as HTML text, never as an attribute's value (no plan string goes in
// one): '&', '<' and '>' as character references, control characters as OneLine
// writes them. Nothing a plan holds becomes markup.
void Text(std::string& out, std::string_view s) {
  // Most strings need nothing: one pass without an early exit, then append whole.
  unsigned char special = 0;
  for (unsigned char c : s) {
    special |= static_cast<unsigned char>((c < 0x20) | (c == 0x7f) | (c == '&') | (c == '<') | (c == '>'));
  }
  if (special == 0) {
    out.append(s);
    return;
  }
  for (char c : OneLine(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

void Code(std::string& out, std::string_view s) {
  out += "<code>";
  Text(out, s);
  out += "</code>";
}

// The filter groups, indexed by ListingRank: the class of a result's row, the
// checkbox that shows it, and the count in the banner.
struct Group {
  const char* cls;
  const char* name;
};
constexpr Group kGroups[] = {{"B", "blocking"}, {"U", "unknown"}, {"A", "advisory"}, {"W", "waived"}, {"P", "pass"}};

const char* Label(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "pass";
    case Outcome::kBlocking: return "fail";
    case Outcome::kBlockingUnknown: return "unknown, blocks (--fail-on-unknown)";
    case Outcome::kAdvisory: return "advisory";
    case Outcome::kUnknown: return "unknown";
    case Outcome::kWaived: return "waived";
  }
  return "fail";
}

// A judged resource: its results in one input, in ListingRank order. A deposed
// object has its own, with its own actions.
struct Resource {
  std::vector<std::pair<const policy::Finding*, Outcome>> results;
  int rank = 0;           // of its first result
  std::size_t link = 0;   // its element id rN, when the banner links to it; 0 otherwise
};

// The resources of findings [begin, end) of one input, those with the results that
// weigh most first.
std::vector<Resource> Resources(const Report& report, std::size_t begin, std::size_t end) {
  std::vector<Resource> out;
  for (std::size_t i = begin; i < end;) {
    std::size_t next = i;
    while (next < end && report.findings[next].address == report.findings[i].address) ++next;
    std::vector<Resource> same_address;  // one per list of actions
    for (std::size_t j = i; j < next; ++j) {
      const policy::Finding& f = report.findings[j];
      auto it = std::find_if(same_address.begin(), same_address.end(),
                             [&](const Resource& r) { return r.results.front().first->actions == f.actions; });
      if (it == same_address.end()) it = same_address.insert(same_address.end(), Resource{});
      it->results.emplace_back(&f, Classify(f, report.gate));
    }
    for (Resource& r : same_address) {
      std::stable_sort(r.results.begin(), r.results.end(),
                       [](const auto& a, const auto& b) { return ListingRank(a.second) < ListingRank(b.second); });
      r.rank = ListingRank(r.results.front().second);
      out.push_back(std::move(r));
    }
    i = next;
  }
  std::stable_sort(out.begin(), out.end(), [](const Resource& a, const Resource& b) { return a.rank < b.rank; });
  return out;
}

// The attributes a resource's results read, each once: known, sensitive, absent with
// the default that applies, unknown with what it depends on.
void Reads(std::string& out, const Resource& r) {
  std::vector<const policy::Read*> reads;
  for (const auto& [f, outcome] : r.results) {
    for (const policy::Read& read : f->reads) {
      bool seen = std::any_of(reads.begin(), reads.end(), [&](const policy::Read* x) { return x->path == read.path; });
      if (!seen) reads.push_back(&read);
    }
  }
  if (reads.empty()) return;
  out += "<table class=a>";
  for (const policy::Read* read : reads) {
    out += "<tr><td>";
    Text(out, read->path);
    out += "<td>";
    out += resolve::StateName(read->state);
    out += "<td>";
    switch (read->state) {
      case policy::Read::State::kKnown:
        if (read->sensitive) out += "<i>(sensitive)</i>";
        else Code(out, read->value);
        break;
      case policy::Read::State::kAbsent: {
        // Why it is absent, unless a message of the resource says it already.
        bool said = std::any_of(r.results.begin(), r.results.end(), [&](const auto& result) {
          return result.first->message.find(read->reason) != std::string::npos;
        });
        if (!said) {
          Text(out, read->reason);
          out += "; ";
        }
        if (read->value.empty()) {
          out += "no default";
        } else {
          out += "default ";
          Code(out, read->value);
        }
        break;
      }
      case policy::Read::State::kUnknown:
        if (read->depends_on.empty()) out += "computed by the provider";
        else out += "depends on ";
        for (std::size_t i = 0; i < read->depends_on.size(); ++i) {
          if (i > 0) out += ", ";
          Code(out, read->depends_on[i]);
        }
        break;
    }
  }
  out += "</table>";
}

void RenderResource(std::string& out, const Report& report, const Resource& r,
                    const std::map<const policy::Policy*, std::size_t>& policy_index) {
  const policy::Finding& first = *r.results.front().first;
  out += r.link > 0 ? fmt::format("<div class=r id=r{}><h3><code>", r.link) : "<div class=r><h3><code>";
  Text(out, first.address);
  out += "</code> <small>";
  Text(out, first.type);
  out += "</small>";
  if (!first.actions.empty()) {
    out += " <span class=k>";
    for (std::size_t i = 0; i < first.actions.size(); ++i) {
      if (i > 0) out += ", ";
      Text(out, first.actions[i]);
    }
    out += "</span>";
  }
  if (std::find(first.actions.begin(), first.actions.end(), "delete") != first.actions.end()) {
    out += " <b class=d>destroys data</b>";
  }
  out += "</h3>";
  if (!first.action_reason.empty() || !first.replace_paths.empty()) {
    out += "<p>";
    if (!first.action_reason.empty()) Text(out, resolve::ReasonInWords(first.action_reason));
    if (!first.replace_paths.empty()) {
      out += first.action_reason.empty() ? "replaced for " : "; replaced for ";
      for (std::size_t i = 0; i < first.replace_paths.size(); ++i) {
        if (i > 0) out += ", ";
        Code(out, first.replace_paths[i]);
      }
    }
  }
  out += "<table class=f>";
  for (const auto& [f, outcome] : r.results) {
    out += "<tr class=";
    out += kGroups[ListingRank(outcome)].cls;
    out += "><td>";
    out += Label(outcome);
    out += fmt::format("<td><a href=#p{}>", policy_index.at(f->policy));
    Text(out, f->policy->id);
    out += "</a><td>";
    Text(out, f->message);
    if (!f->source_file.empty()) {  // --source-dir: the .tf line that writes it
      out += " <small>at ";
      Text(out, fmt::format("{}:{}:{}", f->source_file, f->source_line, f->source_column));
      out += "</small>";
    }
    if (outcome == Outcome::kWaived) {
      const policy::Waiver& w = WaiverOf(report, *f);
      out += "<div class=w>waived (";
      out += policy::VerdictName(f->waived_verdict);
      out += ") until ";
      Text(out, w.expires);
      out += " by ";
      Text(out, w.owner);
      out += ": ";
      Text(out, w.reason);
      out += " <small>";
      Text(out, w.location.ToString());
      out += "</small></div>";
    }
  }
  out += "</table>";
  Reads(out, r);
  out += "</div>\n";
}

// How many blocking results the banner lists, each linked to its resource.
constexpr std::size_t kBannerResults = 10;

}  // namespace

std::string RenderHtml(const Report& report) {
  const Counts c = Count(report);
  const bool blocked = c.blocking > 0;
  std::size_t groups[std::size(kGroups)] = {};
  for (const policy::Finding& f : report.findings) ++groups[ListingRank(Classify(f, report.gate))];

  // Each input's findings are contiguous (sorted by input): [begin, end) by name.
  std::map<std::string_view, std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    auto [it, added] = spans.emplace(report.findings[i].input, std::pair{i, i});
    it->second.second = i + 1;
  }
  // The sections: an input given twice has one, as its findings are one group.
  std::vector<std::pair<const InputSummary*, std::vector<Resource>>> sections;
  std::map<std::string_view, bool> seen;
  std::size_t links = 0, unlinked = 0;  // blocking resources the banner links to, and does not
  std::string banner_list;
  for (const InputSummary& in : report.inputs) {
    if (seen[in.source]) continue;
    seen[in.source] = true;
    auto span = spans.find(in.source);
    std::vector<Resource> resources;
    if (span != spans.end()) resources = Resources(report, span->second.first, span->second.second);
    for (Resource& r : resources) {
      if (r.rank != 0) continue;
      if (links == kBannerResults) {
        ++unlinked;
        continue;
      }
      r.link = ++links;
      for (const auto& [f, outcome] : r.results) {
        if (!IsBlocking(outcome)) continue;
        banner_list += fmt::format("<li><a href=#r{}>", r.link);
        Text(banner_list, f->address);
        banner_list += "</a> ";
        Text(banner_list, f->policy->id);
        if (report.inputs.size() > 1) {
          banner_list += " <small>in ";
          Text(banner_list, f->input);
          banner_list += "</small>";
        }
      }
    }
    sections.emplace_back(&in, std::move(resources));
  }
  std::map<const policy::Policy*, std::size_t> policy_index;  // its row pN in the legend
  for (const policy::Finding& f : report.findings) policy_index.emplace(f.policy, 0);
  {
    std::size_t n = 0;
    for (const policy::Policy& p : report.policies->policies()) {
      auto it = policy_index.find(&p);
      if (it != policy_index.end()) it->second = ++n;
    }
  }

  std::string out;
  out.reserve(4096 + report.findings.size() * 400);
  out += "<!DOCTYPE html>\n<html lang=en>\n<meta charset=utf-8>\n<meta http-equiv=Content-Security-Policy content=\"";
  out += ContentSecurityPolicy();
  out += "\">\n<meta name=viewport content=\"width=device-width,initial-scale=1\">\n<title>plangate: gate ";
  out += blocked ? "closed" : "open";
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n";

  // The verdict, and why.
  out += blocked ? "<header class=c><h1>Gate closed</h1><p>" : "<header><h1>Gate open</h1><p>";
  if (blocked) {
    out += fmt::format("{} blocking result{}", c.blocking, c.blocking == 1 ? "" : "s");
    if (unlinked > 0) out += fmt::format(", on {} resources; the first {}", links + unlinked, links);
    out += ":<ul>" + banner_list + "</ul><p>";
  } else {
    out += "Nothing blocks. ";
  }
  // SummaryLine says what was judged and why what failed leaves the gate open.
  std::string summary = SummaryLine(report);
  Text(out, std::string_view(summary).substr(summary.find(": ") + 2));
  out += "</header>\n<p class=n>";
  for (std::size_t g = 0; g < std::size(kGroups); ++g) {
    out += fmt::format("<span>{} {}</span>", groups[g], kGroups[g].name);
  }
  out += "\n";

  // The inputs.
  out += "<h2>Inputs</h2>\n<table class=i><tr><th>Input<th>Kind<th>Format<th>Terraform<th>Resources<th>Of a type "
         "policies read<th>Judged\n";
  for (const InputSummary& in : report.inputs) {
    out += "<tr><td>";
    Code(out, in.source);
    out += "<td>";
    Text(out, in.kind);
    if (in.errored) out += " <b class=d>partial</b>";
    out += "<td>";
    Text(out, in.format_version);
    out += "<td>";
    Text(out, in.terraform_version.empty() ? "not given" : in.terraform_version);
    out += fmt::format("<td>{}<td>{}<td>{}\n", in.resources_in_input, in.resources_of_policy_types, in.resources);
  }
  out += "</table>\n";
  for (const InputSummary& in : report.inputs) {
    if (!in.errored) continue;
    out += "<p class=d>";
    Code(out, in.source);
    out += " ";
    Text(out, PartialPlanNote());
    out += "\n";
  }
  for (const policy::WaiverStatus& ws : report.waivers) {
    if (ws.state == policy::WaiverStatus::State::kActive) continue;
    out += "<p class=w>";
    Text(out, WaiverNote(ws));
    out += "\n";
  }

  // The filters, shown by the script that runs them.
  out += "<div id=f hidden>";
  for (const Group& g : kGroups) {
    out += fmt::format("<label><input type=checkbox value={} checked> {}</label>", g.cls, g.name);
  }
  out += "<select><option value=\"\">every policy</select> <input type=search placeholder=\"address contains\" "
         "aria-label=\"address contains\"> <span id=m></span></div>\n";

  for (const auto& [in, resources] : sections) {
    out += "<h2>";
    Code(out, in->source);
    out += "</h2>\n";
    if (resources.empty()) out += "<p>No resource judged.\n";
    for (const Resource& r : resources) RenderResource(out, report, r, policy_index);
  }

  // The policies that gave results: what each asks, and how to fix a failure.
  if (!policy_index.empty()) {
    out += "<h2>Policies</h2>\n<table id=pl><tr><th>Policy<th>Severity<th>Enforcement<th>Title and fix\n";
    for (const policy::Policy& p : report.policies->policies()) {
      auto it = policy_index.find(&p);
      if (it == policy_index.end()) continue;
      out += fmt::format("<tr id=p{}><td>", it->second);
      Code(out, p.id);
      out += "<td>";
      Text(out, p.severity);
      out += "<td>";
      out += policy::EnforcementName(p.enforcement);
      out += "<td>";
      Text(out, p.title);
      if (!p.resolution.empty()) {
        out += "<br><small>Fix: ";
        Text(out, p.resolution);
        out += "</small>";
      }
      out += "\n";
    }
    out += "</table>\n";
  }
  out += "<script>";
  out += kScript;
  out += "</script>\n";
  return out;
}

}  // namespace plangate::report
