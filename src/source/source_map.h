#pragma once
// The Terraform sources behind a plan (--source-dir): which folder each module's
// files are in, and where each resource block of theirs begins. The one place that
// reads them; nothing here evaluates HCL.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "plan/model.h"
#include "source/tf_scan.h"

namespace plangate::source {

/// Where a resource's block is written.
struct Place {
  std::string file;  ///< Relative to the working directory, forward slashes.
  /// Of the attribute a policy read, when the block writes it; else of the header.
  Position at;
  /// The block's header: with `file`, what names the block (every instance of it).
  Position block;
};

/// A `plangate:` comment, with the block it belongs to.
struct BlockDirective {
  std::string text;   ///< After `plangate:`.
  std::string file;   ///< As Place::file.
  Position at;        ///< Of `plangate:`.
  Position block;     ///< The block's header.
  std::string block_name;  ///< TYPE.NAME.
};

/// The resource blocks of one module folder, by (type, name).
struct ModuleSource {
  std::string dir;  ///< As Place::file, "" for the working directory.
  struct Block {
    std::string file;
    const ResourceBlock* block = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Block, std::less<>> blocks;
  std::vector<std::pair<std::string, FileOutline>> files;  ///< Display path, outline; in name order.
};

/// The module folders of one plan's configuration, each read once by a SourceTree.
class PlanSources {
 public:
  /// Where the block of resource `type`.`name` in the module at `calls` (call names,
  /// no instance keys) is written, pointed at `attribute` (`point_in_time_recovery[0].enabled`)
  /// or the longest part of it the block writes; nothing when the module's folder is
  /// not known or not inside the source folder, or holds no such block.
  std::optional<Place> Locate(const std::vector<std::string>& calls, std::string_view type, std::string_view name,
                              std::string_view attribute) const;

 private:
  friend class SourceTree;
  std::map<std::vector<std::string>, const ModuleSource*> modules_;
};

/// The source folder given with --source-dir, its modules read as plans ask for them.
/// Shared by the threads that read inputs.
class SourceTree {
 public:
  /// `root`: the root module's folder. Reads `root/.terraform/modules/modules.json`
  /// (where `terraform init` records each module's folder) when it is there.
  static Result<std::unique_ptr<SourceTree>> Open(const std::string& root);

  /// The folders of the modules `config` calls, found from modules.json or, for a
  /// local source (`./x`, `../x`), from the calling module's folder; each folder's
  /// `*.tf` and `*.tf.json` files read once. A file that cannot be read or scanned is
  /// an error.
  Result<PlanSources> ForPlan(const plan::ConfigModule& config);

  /// The `plangate:` comments of every file read, by file and position.
  std::vector<BlockDirective> Directives() const;

 private:
  SourceTree() = default;
  // The folder (absolute, normal) for module `key` (`a.b`); "" when unknown or outside.
  std::string FolderOf(const std::string& key, const std::string& parent_folder, const std::string& source) const;
  Result<const ModuleSource*> ReadFolder(const std::string& folder);
  Status Walk(const plan::ConfigModule& module, std::vector<std::string>& calls, const std::string& folder,
              PlanSources& out);

  std::string root_;          // absolute, normal
  std::string root_display_;  // as --source-dir was given, normal
  std::map<std::string, std::string> installed_;  // modules.json: Key → folder (absolute, normal)
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ModuleSource>> folders_;  // by absolute folder
};

}  // namespace plangate::source
