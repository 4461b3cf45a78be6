#include "source/tf_scan.h"

#include <algorithm>
#include <set>

namespace plangate::source {
namespace {

enum class Tok { kIdent, kString, kHeredoc, kNumber, kOpen, kClose, kAssign, kOther, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;
  Position at;
  std::size_t offset = 0;
  bool newline_before = false;  // a newline (or the file's start) lies between it and the token before
};

struct Comment {
  std::string_view body;  // after '#' or '//'
  Position at;            // of the comment's first character
  std::size_t offset = 0;
  std::size_t body_column = 0;
  bool own_line = false;  // nothing but white space before it on its line
};

// Deepest nesting followed, of blocks and of strings inside template sequences:
// deeper is an error, not a deep recursion.
constexpr int kMaxNesting = 100;

bool IdentStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool IdentPart(unsigned char c) { return IdentStart(c) || (c >= '0' && c <= '9') || c == '-'; }

class Lexer {
 public:
  Lexer(const std::string& file, std::string_view text) : file_(file), text_(text) {}

  Status Run() {
    bool newline = true, line_has_token = false;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = line_start_ = 3;  // a UTF-8 byte order mark
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '\n') {
        Advance(1);
        newline = true;
        line_has_token = false;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        Advance(1);
        continue;
      }
      if (c == '#' || (c == '/' && Peek(1) == '/')) {
        std::size_t skip = c == '#' ? 1 : 2;
        Comment cm;
        cm.at = Here();
        cm.offset = i_;
        cm.own_line = !line_has_token;
        std::size_t end = text_.find('\n', i_);
        if (end == std::string_view::npos) end = text_.size();
        cm.body = text_.substr(i_ + skip, end - i_ - skip);
        cm.body_column = cm.at.column + skip;
        comments_.push_back(cm);
        Advance(end - i_);
        continue;
      }
      if (c == '/' && Peek(1) == '*') {
        Position at = Here();
        std::size_t end = text_.find("*/", i_ + 2);
        if (end == std::string_view::npos) return Fail(at, "a /* comment is not closed", "close it with */");
        std::string_view body = text_.substr(i_, end + 2 - i_);
        if (body.find('\n') != std::string_view::npos) newline = true;
        Advance(end + 2 - i_);
        continue;
      }
      Token t;
      t.at = Here();
      t.offset = i_;
      t.newline_before = newline;
      newline = false;
      line_has_token = true;
      std::size_t start = i_;
      if (c == '"') {
        t.kind = Tok::kString;
        if (Status st = Quoted(); !st) return st;
      } else if (c == '<' && Peek(1) == '<' && IsHeredocStart()) {
        t.kind = Tok::kHeredoc;
        if (Status st = Heredoc(); !st) return st;
        newline = true;  // the closing marker ends its line
        line_has_token = false;
      } else if (IdentStart(static_cast<unsigned char>(c))) {
        t.kind = Tok::kIdent;
        std::size_t j = i_ + 1;
        while (j < text_.size() && IdentPart(static_cast<unsigned char>(text_[j]))) ++j;
        Advance(j - i_);
      } else if (c >= '0' && c <= '9') {
        t.kind = Tok::kNumber;
        std::size_t j = i_ + 1;
        while (j < text_.size() && (IdentPart(static_cast<unsigned char>(text_[j])) || text_[j] == '.')) ++j;
        Advance(j - i_);
      } else if (c == '{' || c == '[' || c == '(') {
        t.kind = Tok::kOpen;
        Advance(1);
      } else if (c == '}' || c == ']' || c == ')') {
        t.kind = Tok::kClose;
        Advance(1);
      } else if (c == '=' && Peek(1) != '=' && Peek(1) != '>') {
        t.kind = Tok::kAssign;
        Advance(1);
      } else {
        t.kind = Tok::kOther;
        bool pair = (c == '=' || c == '!' || c == '<' || c == '>') && Peek(1) == '=';
        pair = pair || (c == '=' && Peek(1) == '>') || (c == '&' && Peek(1) == '&') || (c == '|' && Peek(1) == '|');
        Advance(pair ? 2 : 1);
      }
      t.text = text_.substr(start, i_ - start);
      tokens_.push_back(t);
    }
    Token end;
    end.at = Here();
    end.offset = text_.size();
    end.newline_before = true;
    tokens_.push_back(end);
    return Ok{};
  }

  const std::vector<Token>& tokens() const { return tokens_; }
  const std::vector<Comment>& comments() const { return comments_; }

  Error Fail(Position at, const std::string& what, const std::string& hint) const {
    return Error::Input(FileAt(file_, at), "", what, hint);
  }

 private:
  char Peek(std::size_t ahead) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }
  Position Here() const { return {line_, i_ - line_start_ + 1}; }
  void Advance(std::size_t n) {
    for (std::size_t end = i_ + n; i_ < end; ++i_) {
      if (text_[i_] == '\n') ++line_, line_start_ = i_ + 1;
    }
  }

  // A quoted template from its opening quote: escapes, and ${ } or %{ } sequences
  // whose expressions may hold strings of their own.
  Status Quoted(int depth = 0) {
    Position at = Here();
    if (depth > kMaxNesting) return Fail(at, "strings nested more than " + std::to_string(kMaxNesting) + " deep", "");
    Advance(1);
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"') {
        Advance(1);
        return Ok{};
      }
      if (c == '\n') break;
      if (c == '\\') {
        Advance(i_ + 1 < text_.size() ? 2 : 1);
        continue;
      }
      if ((c == '$' || c == '%') && Peek(1) == c && Peek(2) == '{') {  // $${ and %%{ are literal
        Advance(3);
        continue;
      }
      if ((c == '$' || c == '%') && Peek(1) == '{') {
        Advance(2);
        if (Status st = TemplateExpression(depth); !st) return st;
        continue;
      }
      Advance(1);
    }
    return Fail(at, "a string is not closed on its line", "close it with \"");
  }

  // The expression of a ${ } or %{ } sequence, up to its closing brace.
  Status TemplateExpression(int string_depth) {
    Position at = Here();
    int depth = 0;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"') {
        if (Status st = Quoted(string_depth + 1); !st) return st;
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && depth-- == 0) {
        Advance(1);
        return Ok{};
      }
      Advance(1);
    }
    return Fail(at, "a ${ or %{ sequence is not closed", "close it with }");
  }

  bool IsHeredocStart() const {
    std::size_t j = i_ + 2;
    if (j < text_.size() && text_[j] == '-') ++j;
    if (j >= text_.size() || !IdentStart(static_cast<unsigned char>(text_[j]))) return false;
    while (j < text_.size() && IdentPart(static_cast<unsigned char>(text_[j]))) ++j;
    if (j < text_.size() && text_[j] == '\r') ++j;
    return j < text_.size() && text_[j] == '\n';
  }

  // <<MARKER or <<-MARKER, its lines, and the line that holds only the marker.
  Status Heredoc() {
    Position at = Here();
    std::size_t j = i_ + 2;
    if (text_[j] == '-') ++j;
    std::size_t name_start = j;
    while (IdentPart(static_cast<unsigned char>(text_[j]))) ++j;
    std::string_view marker = text_.substr(name_start, j - name_start);
    std::size_t line = text_.find('\n', j) + 1;
    while (line < text_.size()) {
      std::size_t end = text_.find('\n', line);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view content = text_.substr(line, end - line);
      while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) content.remove_prefix(1);
      while (!content.empty() && (content.back() == '\r' || content.back() == ' ' || content.back() == '\t')) {
        content.remove_suffix(1);
      }
      if (content == marker) {
        Advance(end - i_);
        return Ok{};
      }
      line = end + 1;
    }
    return Fail(at, "the heredoc <<" + std::string(marker) + " is not closed",
                "end it with a line that holds only " + std::string(marker));
  }

  const std::string& file_;
  std::string_view text_;
  std::size_t i_ = 0, line_ = 1, line_start_ = 0;
  std::vector<Token> tokens_;
  std::vector<Comment> comments_;
};

// Follows the nesting of blocks over the tokens; records resource blocks and what
// they write.
class Outliner {
 public:
  Outliner(const Lexer& lexer) : lexer_(lexer), t_(lexer.tokens()) {}

  Status Run(FileOutline& out) {
    out_ = &out;
    if (Status st = Body(0, {}, nullptr); !st) return st;
    return Ok{};
  }

  /// Offsets [begin, end) of each resource block, in out.resources order.
  std::vector<std::pair<std::size_t, std::size_t>> spans;

 private:
  const Token& At() const { return t_[k_]; }

  // Whether an expression goes on past a newline after `prev`: an operator, `=` or an
  // opening bracket (closing brackets are kClose, never kOther).
  static bool Continues(const Token& prev) {
    return prev.kind == Tok::kAssign || prev.kind == Tok::kOpen || prev.kind == Tok::kOther;
  }

  // An argument's expression, up to the newline that ends it (outside brackets), or
  // the brace that closes the body it is in.
  Status Expression() {
    int depth = 0;
    bool first = true;
    while (true) {
      const Token& t = At();
      if (t.kind == Tok::kEnd) {
        if (depth > 0) return Unpaired(t);
        return Ok{};
      }
      if (!first && depth == 0 && t.kind == Tok::kClose) return Ok{};
      if (!first && depth == 0 && t.newline_before && (t.kind == Tok::kIdent || t.kind == Tok::kClose) &&
          !Continues(t_[k_ - 1])) {
        return Ok{};
      }
      if (t.kind == Tok::kOpen) ++depth;
      if (t.kind == Tok::kClose) --depth;
      first = false;
      ++k_;
    }
  }

  Error Unpaired(const Token& t) const {
    return lexer_.Fail(t.at, "brackets do not pair up here", "check the file with 'terraform validate'");
  }

  static std::string Label(const Token& t) {
    if (t.kind == Tok::kString && t.text.size() >= 2) return std::string(t.text.substr(1, t.text.size() - 2));
    return std::string(t.text);
  }

  // The statements of a body: `depth` 0 is the file, where a closing brace is an error.
  // `in_dynamic`: the body of a `dynamic` block.
  Status Body(int depth, const std::vector<std::string>& path, ResourceBlock* block, bool in_dynamic = false) {
    if (depth > kMaxNesting) {
      return lexer_.Fail(At().at, "blocks nested more than " + std::to_string(kMaxNesting) + " deep", "");
    }
    while (true) {
      const Token& t = At();
      if (t.kind == Tok::kEnd) {
        if (depth > 0) return lexer_.Fail(t.at, "a block is not closed at the end of the file", "close it with }");
        return Ok{};
      }
      if (t.kind == Tok::kClose) {
        if (depth == 0 || t.text != "}") return Unpaired(t);
        ++k_;
        return Ok{};
      }
      if (t.kind != Tok::kIdent) {
        return lexer_.Fail(t.at, "expected an argument or a block, found '" + std::string(t.text) + "'",
                           "check the file with 'terraform validate'");
      }
      std::size_t name = k_++;
      if (At().kind == Tok::kAssign) {
        ++k_;
        if (block != nullptr) Record(*block, path, std::string(t_[name].text), t_[name].at);
        if (Status st = Expression(); !st) return st;
        continue;
      }
      std::vector<std::size_t> labels;
      while (At().kind == Tok::kString || At().kind == Tok::kIdent) labels.push_back(k_++);
      if (At().kind != Tok::kOpen || At().text != "{") {
        return lexer_.Fail(At().at, "expected '=' or '{' after '" + std::string(t_[name].text) + "'",
                           "check the file with 'terraform validate'");
      }
      std::size_t open = k_++;
      if (depth == 0 && t_[name].text == "resource" && labels.size() == 2) {
        ResourceBlock rb;
        rb.type = Label(t_[labels[0]]);
        rb.name = Label(t_[labels[1]]);
        rb.at = t_[name].at;
        std::size_t begin = t_[open].offset;
        if (Status st = Body(depth + 1, {}, &rb); !st) return st;
        out_->resources.push_back(std::move(rb));
        spans.emplace_back(begin, t_[k_ - 1].offset);
        continue;
      }
      std::vector<std::string> inner = path;
      bool dynamic = t_[name].text == "dynamic" && labels.size() == 1;
      // `dynamic "ttl" { content { ... } }` writes ttl blocks: its content is their body.
      bool content = in_dynamic && t_[name].text == "content" && labels.empty();
      if (block != nullptr && !content) {
        std::string word = dynamic ? Label(t_[labels[0]]) : std::string(t_[name].text);
        Record(*block, path, word, t_[name].at);
        inner.push_back(word);
      }
      if (Status st = Body(depth + 1, inner, block, dynamic && block != nullptr); !st) return st;
    }
  }

  static void Record(ResourceBlock& block, const std::vector<std::string>& path, std::string name, Position at) {
    Item item;
    item.path = path;
    item.path.push_back(std::move(name));
    item.at = at;
    block.items.push_back(std::move(item));
  }

  const Lexer& lexer_;
  const std::vector<Token>& t_;
  std::size_t k_ = 0;
  FileOutline* out_ = nullptr;
};

// `plangate:` after a comment's marker and white space; npos when not a directive.
std::size_t DirectiveStart(std::string_view body) {
  std::size_t j = body.find_first_not_of(" \t");
  if (j == std::string_view::npos || body.substr(j, 9) != "plangate:") return std::string_view::npos;
  return j;
}

}  // namespace

Result<FileOutline> ScanTf(const std::string& file, std::string_view text) {
  Lexer lexer(file, text);
  if (Status st = lexer.Run(); !st) return st.error();
  FileOutline out;
  Outliner outliner(lexer);
  if (Status st = outliner.Run(out); !st) return st.error();
  // The lines that hold only a comment: a directive's run of them must reach the header.
  std::set<std::size_t> comment_lines;
  for (const Comment& c : lexer.comments()) {
    if (c.own_line) comment_lines.insert(c.at.line);
  }
  for (const Comment& c : lexer.comments()) {
    std::size_t start = DirectiveStart(c.body);
    if (start == std::string_view::npos) continue;
    Directive d;
    std::string_view body = c.body.substr(start + 9);
    while (!body.empty() && (body.back() == '\r' || body.back() == ' ' || body.back() == '\t')) body.remove_suffix(1);
    d.text = std::string(body);
    d.at = {c.at.line, c.body_column + start};
    ResourceBlock* owner = nullptr;
    for (std::size_t b = 0; b < out.resources.size() && owner == nullptr; ++b) {
      ResourceBlock& rb = out.resources[b];
      auto [begin, end] = outliner.spans[b];
      if (c.offset > begin && c.offset < end) owner = &rb;
      if (c.own_line && c.at.line < rb.at.line) {
        bool run = true;
        for (std::size_t l = c.at.line; l < rb.at.line && run; ++l) run = comment_lines.count(l) > 0;
        if (run) owner = &rb;
      }
    }
    if (owner == nullptr) {
      return lexer.Fail(d.at, "a plangate: comment must be directly above a resource block's header or inside the block",
                        "move it there, with no blank line between it and the header");
    }
    owner->directives.push_back(std::move(d));
  }
  return out;
}

}  // namespace plangate::source

namespace plangate::source {
namespace {

using plan::JsonTree;

class JsonOutliner {
 public:
  JsonOutliner(const std::string& file, std::string_view text) : file_(file), lines_(text) {}

  Status Resources(const JsonTree& section, FileOutline& out) {
    if (section.kind == JsonTree::Kind::kArray) {
      for (const JsonTree& item : section.items) {
        if (Status st = Resources(item, out); !st) return st;
      }
      return Ok{};
    }
    if (section.kind != JsonTree::Kind::kObject) return Odd(section.offset, "resource: expected an object of types");
    for (const JsonTree::Member& type : section.members) {
      if (type.value.kind != JsonTree::Kind::kObject) return Odd(type.value.offset, "resource." + type.key + ": expected an object of names");
      for (const JsonTree::Member& name : type.value.members) {
        ResourceBlock rb;
        rb.type = type.key;
        rb.name = name.key;
        rb.at = lines_.PositionAt(name.key_offset);
        if (Status st = Body(name.value, {}, rb); !st) return st;
        out.resources.push_back(std::move(rb));
      }
    }
    return Ok{};
  }

 private:
  Error Odd(std::size_t offset, const std::string& what) {
    return Error::Input(FileAt(file_, lines_.PositionAt(offset)), "", what, "check the file with 'terraform validate'");
  }

  // A block's body: an object, or an array of them (a block written several times).
  Status Body(const JsonTree& body, const std::vector<std::string>& path, ResourceBlock& rb) {
    if (body.kind == JsonTree::Kind::kArray) {
      for (const JsonTree& item : body.items) {
        if (Status st = Body(item, path, rb); !st) return st;
      }
      return Ok{};
    }
    if (body.kind != JsonTree::Kind::kObject) {
      if (path.empty()) return Odd(body.offset, "resource." + rb.type + "." + rb.name + ": expected an object");
      return Ok{};  // an argument's value
    }
    for (const JsonTree::Member& m : body.members) {
      if (m.key == "//") {
        std::size_t start = m.value.kind == JsonTree::Kind::kString ? DirectiveStart(m.value.text) : std::string::npos;
        if (path.empty() && start != std::string::npos) {
          Position at = lines_.PositionAt(m.value.offset);  // of the string's opening quote
          rb.directives.push_back({m.value.text.substr(start + 9), {at.line, at.column + 1 + start}});
        }
        continue;
      }
      Item item;
      item.path = path;
      item.path.push_back(m.key);
      item.at = lines_.PositionAt(m.key_offset);
      rb.items.push_back(item);
      bool nested = m.value.kind == JsonTree::Kind::kObject ||
                    (m.value.kind == JsonTree::Kind::kArray && !m.value.items.empty() &&
                     m.value.items.front().kind == JsonTree::Kind::kObject);
      if (nested && path.size() < 8) {
        if (Status st = Body(m.value, item.path, rb); !st) return st;
      }
    }
    return Ok{};
  }

  const std::string& file_;
  LineCounter lines_;  // keys are asked for in document order: each byte counted about once
};

}  // namespace

Result<FileOutline> ScanTfJson(const std::string& file, std::string_view text, const JsonTree& tree) {
  FileOutline out;
  if (tree.kind != JsonTree::Kind::kObject) {
    return Error::Input(file + ":1:1", "", "expected a JSON object of Terraform's JSON syntax",
                        "check the file with 'terraform validate'");
  }
  const JsonTree* resources = tree.Find("resource");
  if (resources == nullptr) return out;
  JsonOutliner outliner(file, text);
  if (Status st = outliner.Resources(*resources, out); !st) return st.error();
  return out;
}

}  // namespace plangate::source
