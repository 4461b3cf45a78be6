#pragma once
// Where reports are written: resolved and checked before anything is evaluated,
// then written all or none.

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace plangate {

/// One file a report goes to, resolved before anything is evaluated.
struct OutputFile {
  std::string path;    ///< As given, for messages.
  std::string target;  ///< `path` with every symbolic link followed: the file written.
  /// A device or FIFO (`/dev/stdout`, a named pipe): written in place, never
  /// replaced by a regular file.
  bool direct = false;
  /// Identity, to tell when two names are one file: "dev:ino" of an existing file,
  /// else the real path of its folder and its name.
  std::string identity;
};

/// Follows symbolic links (at most 40) to the file `path` names and says how it is
/// written. Fails, naming `path`, for an empty path, a folder, a missing folder, a
/// symbolic link loop.
Result<OutputFile> ResolveOutput(const std::string& path);

/// Fails when two outputs are one file, or when an output is one of `inputs` (paths
/// read by this run; "-" and folders are skipped), or, when `stdout_is_report`,
/// when an output is the file standard output already goes to.
Status CheckOutputs(const std::vector<OutputFile>& outputs, const std::vector<std::string>& inputs,
                    bool stdout_is_report);

/// Writes `contents[i]` to `outputs[i]`, all or none. Each regular file is first
/// written in full and synced to an unnamed temporary file in its folder (O_TMPFILE;
/// where the file system has none, a file with an unpredictable name created with
/// O_EXCL | O_NOFOLLOW), then devices and FIFOs are written, then every temporary
/// file is linked in place and renamed over its target. When any step fails, no
/// temporary file is left, and none of this run's files stays at its final name.
// REQUIRES: outputs.size() == contents.size(), and CheckOutputs passed.
Status WriteAllOrNothing(const std::vector<OutputFile>& outputs,
                         const std::vector<std::string_view>& contents);

/// ResolveOutput then WriteAllOrNothing for one file.
Status WriteFileAtomic(const std::string& path, std::string_view content);

}  // namespace plangate
