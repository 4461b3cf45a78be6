#include "source/source_map.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "base/file.h"
#include "plan/json_tree.h"
#include "resolve/attr_path.h"

namespace plangate::source {
namespace fs = std::filesystem;
namespace {

// Terraform's own rule for the files of a module: none that editors leave behind.
bool IsConfigFile(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.front() != '#' && name.back() != '~';
}

bool IsOverride(const std::string& name) {
  std::string stem = name.substr(0, name.find('.'));
  return stem == "override" || (stem.size() > 9 && stem.compare(stem.size() - 9, 9, "_override") == 0);
}

bool IsLocalSource(std::string_view source) {
  return source.substr(0, 2) == "./" || source.substr(0, 3) == "../" || source == "." || source == "..";
}

// `p` inside `root` (or `root` itself)? Both absolute and normal.
bool Inside(const fs::path& p, const fs::path& root) {
  auto rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

std::string Normal(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// The keys of an attribute path, indices left out: what a block writes as arguments
// and nested blocks (`point_in_time_recovery[0].enabled` → point_in_time_recovery,
// enabled). None for text that is not a path (a condition on the change, say).
std::vector<std::string> AttributeKeys(std::string_view attribute) {
  std::vector<std::string> out;
  Result<resolve::AttrPath> path = resolve::AttrPath::Parse(attribute);
  if (!path) return out;
  for (const resolve::PathSegment& s : path.value().segments()) {
    if (s.kind == resolve::PathSegment::Kind::kKey) out.push_back(s.key);
  }
  return out;
}

}  // namespace

std::optional<Place> PlanSources::Locate(const std::vector<std::string>& calls, std::string_view type,
                                         std::string_view name, std::string_view attribute) const {
  auto m = modules_.find(calls);
  if (m == modules_.end() || m->second == nullptr) return std::nullopt;
  auto b = m->second->blocks.find(std::make_pair(std::string(type), std::string(name)));
  if (b == m->second->blocks.end()) return std::nullopt;
  const ResourceBlock& block = *b->second.block;
  Place place{b->second.file, block.at, block.at};
  std::vector<std::string> want = AttributeKeys(attribute);
  std::size_t best = 0;
  for (const Item& item : block.items) {
    std::size_t n = 0;
    while (n < item.path.size() && n < want.size() && item.path[n] == want[n]) ++n;
    if (n == item.path.size() && n > best) best = n, place.at = item.at;
  }
  return place;
}

Result<std::unique_ptr<SourceTree>> SourceTree::Open(const std::string& root) {
  std::error_code ec;
  fs::path abs = fs::absolute(root, ec);
  if (ec || !fs::is_directory(abs, ec)) {
    return Error::Usage("--source-dir " + root + ": no such folder",
                        "give the folder of the root module, the one 'terraform plan' ran in");
  }
  std::unique_ptr<SourceTree> tree(new SourceTree());
  tree->root_ = Normal(fs::weakly_canonical(abs, ec));
  fs::path shown(root);
  if (shown.is_absolute()) {
    fs::path rel = fs::path(tree->root_).lexically_relative(Normal(fs::weakly_canonical(fs::current_path(ec), ec)));
    if (!rel.empty() && *rel.begin() != "..") shown = rel;
  }
  tree->root_display_ = Normal(shown);
  if (tree->root_display_ == ".") tree->root_display_.clear();
  fs::path manifest = fs::path(tree->root_) / ".terraform" / "modules" / "modules.json";
  if (!fs::exists(manifest, ec)) return tree;
  std::string name = Normal(fs::path(root) / ".terraform" / "modules" / "modules.json");
  Result<InputBuffer> bytes = ReadInput(manifest.string(), std::size_t{64} << 20);
  if (!bytes) return bytes.error();
  Result<plan::JsonTree> json = plan::ReadJsonTree(name, bytes.value());
  if (!json) return json.error();
  const plan::JsonTree* modules = json.value().Find("Modules");
  if (modules == nullptr || modules->kind != plan::JsonTree::Kind::kArray) {
    return Error::Input(name, "", "expected an object with a \"Modules\" list",
                        "run 'terraform init' again, or remove the file");
  }
  for (const plan::JsonTree& m : modules->items) {
    const plan::JsonTree* key = m.Find("Key");
    const plan::JsonTree* dir = m.Find("Dir");
    if (key == nullptr || dir == nullptr || key->kind != plan::JsonTree::Kind::kString ||
        dir->kind != plan::JsonTree::Kind::kString) {
      return Error::Input(FileAt(name, LineCounter(bytes.value().view()).PositionAt(m.offset)), "",
                          "a module without a \"Key\" and a \"Dir\" string",
                          "run 'terraform init' again, or remove the file");
    }
    fs::path folder(dir->text);
    if (folder.is_relative()) folder = fs::path(tree->root_) / folder;
    tree->installed_[key->text] = Normal(folder);
  }
  return tree;
}

std::string SourceTree::FolderOf(const std::string& key, const std::string& parent_folder,
                                 const std::string& source) const {
  std::string folder;
  if (auto it = installed_.find(key); it != installed_.end()) {
    folder = it->second;
  } else if (!parent_folder.empty() && IsLocalSource(source)) {
    folder = Normal(fs::path(parent_folder) / source);
  }
  if (folder.empty()) return "";
  std::error_code ec;
  std::string real = Normal(fs::weakly_canonical(folder, ec));  // a symbolic link may lead outside
  if (ec || !Inside(real, root_) || !fs::is_directory(real, ec)) return "";
  return folder;
}

Result<const ModuleSource*> SourceTree::ReadFolder(const std::string& folder) {
  if (auto it = folders_.find(folder); it != folders_.end()) return it->second.get();
  auto module = std::make_unique<ModuleSource>();
  fs::path rel = fs::path(folder).lexically_relative(root_);
  module->dir = Normal(fs::path(root_display_.empty() ? "." : root_display_) / rel);
  if (module->dir == ".") module->dir.clear();
  Result<std::vector<std::string>> paths = ExpandPath(folder, {".tf", ".tf.json"});
  if (!paths) return paths.error();
  // Primary files first: a block an override file changes is written in its primary.
  std::vector<std::string> names;
  for (const std::string& p : paths.value()) {
    std::string file = fs::path(p).filename().string();
    if (IsConfigFile(file)) names.push_back(file);
  }
  std::stable_partition(names.begin(), names.end(), [](const std::string& n) { return !IsOverride(n); });
  for (const std::string& file : names) {
    std::string shown = module->dir.empty() ? file : module->dir + "/" + file;
    Result<InputBuffer> bytes = ReadInput((fs::path(folder) / file).string(), std::size_t{64} << 20);
    if (!bytes) return bytes.error();
    bool json = file.size() > 8 && file.compare(file.size() - 8, 8, ".tf.json") == 0;
    Result<FileOutline> outline = FileOutline{};
    if (json) {
      Result<plan::JsonTree> tree = plan::ReadJsonTree(shown, bytes.value());
      if (!tree) return tree.error();
      outline = ScanTfJson(shown, bytes.value().view(), tree.value());
    } else {
      outline = ScanTf(shown, bytes.value().view());
    }
    if (!outline) return outline.error();
    module->files.emplace_back(shown, std::move(outline).value());
  }
  for (const auto& [file, outline] : module->files) {
    for (const ResourceBlock& block : outline.resources) {
      module->blocks.emplace(std::make_pair(block.type, block.name), ModuleSource::Block{file, &block});
    }
  }
  const ModuleSource* out = module.get();
  folders_.emplace(folder, std::move(module));
  return out;
}

Status SourceTree::Walk(const plan::ConfigModule& module, std::vector<std::string>& calls, const std::string& folder,
                        PlanSources& out) {
  if (!folder.empty()) {
    Result<const ModuleSource*> read = ReadFolder(folder);
    if (!read) return read.error();
    out.modules_[calls] = read.value();
  }
  for (const auto& [name, call] : module.module_calls) {
    calls.push_back(name);
    std::string key;
    for (const std::string& c : calls) key += (key.empty() ? "" : ".") + c;
    std::string inner = FolderOf(key, folder, call.source);
    if (!call.module.empty()) {
      if (Status st = Walk(call.module.front(), calls, inner, out); !st) return st;
    }
    calls.pop_back();
  }
  return Ok{};
}

Result<PlanSources> SourceTree::ForPlan(const plan::ConfigModule& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  PlanSources out;
  std::vector<std::string> calls;
  if (Status st = Walk(config, calls, root_, out); !st) return st.error();
  return out;
}

std::vector<BlockDirective> SourceTree::Directives() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<BlockDirective> out;
  for (const auto& [folder, module] : folders_) {
    for (const auto& [file, outline] : module->files) {
      for (const ResourceBlock& block : outline.resources) {
        for (const Directive& d : block.directives) {
          out.push_back({d.text, file, d.at, block.at, block.type + "." + block.name});
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const BlockDirective& a, const BlockDirective& b) {
    return std::tie(a.file, a.at.line, a.at.column) < std::tie(b.file, b.at.line, b.at.column);
  });
  return out;
}

}  // namespace plangate::source
