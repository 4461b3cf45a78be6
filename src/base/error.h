#pragma once
// Errors as values: every module boundary returns Result<T>, never a raw code.

#include <string>
#include <utility>
#include <variant>

namespace plangate {

/// What went wrong, which decides the exit code. All kinds exit 2.
enum class ErrorKind {
  kUsage,   ///< The command line is wrong.
  kInput,   ///< An input file is missing, unreadable, or not a plan/state.
  kPolicy,  ///< A policy file is malformed or refers to something unknown.
};

/// A diagnostic that says where, what was expected, and what to do.
/// The text is complete and ready to print: `where: what; hint`.
class Error {
 public:
  /// `source`: a file name (or `<stdin>`); `where`: a position inside it such as
  /// "byte 1024" or "12:7" (may be empty); `what`: the problem; `hint`: what to do (may be empty).
  static Error Input(std::string source, std::string where, std::string what, std::string hint = {});
  static Error Policy(std::string source, std::string where, std::string what, std::string hint = {});
  static Error Usage(std::string what, std::string hint = {});

  ErrorKind kind() const { return kind_; }
  /// The whole message, e.g. `plan.json: byte 17: unexpected end of input; ...`.
  const std::string& message() const { return message_; }

 private:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  static std::string Compose(const std::string& source, const std::string& where,
                             const std::string& what, const std::string& hint);

  ErrorKind kind_;
  std::string message_;
};

/// A value or an Error. Move-only use is typical; copying copies the payload.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}    // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  // REQUIRES: !ok()
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation that yields nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace plangate
