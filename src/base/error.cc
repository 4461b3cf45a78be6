#include "base/error.h"

namespace plangate {

std::string Error::Compose(const std::string& source, const std::string& where,
                           const std::string& what, const std::string& hint) {
  std::string out = source;
  if (!where.empty()) out += (out.empty() ? "" : ": ") + where;
  out += (out.empty() ? "" : ": ") + what;
  if (!hint.empty()) out += "; " + hint;
  return out;
}

Error Error::Input(std::string source, std::string where, std::string what, std::string hint) {
  return Error(ErrorKind::kInput, Compose(source, where, what, hint));
}

Error Error::Policy(std::string source, std::string where, std::string what, std::string hint) {
  return Error(ErrorKind::kPolicy, Compose(source, where, what, hint));
}

Error Error::Usage(std::string what, std::string hint) {
  return Error(ErrorKind::kUsage, Compose("", "", what, hint));
}

}  // namespace plangate
