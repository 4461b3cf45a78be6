#include "explain/trace.h"

#include "plan/model.h"

namespace plangate::explain {
namespace {

using resolve::Hop;

// What `each` stands for where a reference is written: the for_each expression and
// whose it is.
struct Each {
  const plan::Value* expression = nullptr;
  std::string of;
};

class Tracer {
 public:
  explicit Tracer(const plan::Plan& plan) : plan_(plan) {}

  // The references of `expression`, written in module `at`, each followed.
  std::vector<TraceStep> Expression(const plan::Value& expression, const std::vector<plan::ModuleStep>& at,
                                    const Each& each, int depth) {
    std::vector<TraceStep> out;
    for (const std::string& ref : resolve::ReferencesIn(expression)) {
      if (steps_ >= kMaxTraceSteps) {
        if (!out.empty()) out.back().cut = true;
        break;
      }
      out.push_back(Reference(ref, at, each, depth));
    }
    return out;
  }

 private:
  TraceStep Reference(const std::string& ref, const std::vector<plan::ModuleStep>& at, const Each& each, int depth) {
    ++steps_;
    TraceStep step;
    step.reference = ref;
    step.module = resolve::ModuleInstanceText(at);
    Hop hop = resolve::Follow(plan_, ref, at, each.expression);
    step.kind = hop.kind;
    switch (hop.kind) {
      case Hop::Kind::kTarget: step.of = hop.target.Text(); return step;
      case Hop::Kind::kInput:
      case Hop::Kind::kUnsetInput: step.name = hop.name, step.of = step.module; break;
      case Hop::Kind::kOutput:
        step.name = hop.name, step.of = resolve::ModuleInstanceText(hop.at);
        break;
      case Hop::Kind::kEach: step.of = each.of; break;
      default: return step;
    }
    if (depth >= kMaxTraceDepth) {
      step.cut = !hop.expressions.empty();
      return step;
    }
    // What `each` means in the expressions followed to: the module call's for_each, for an input.
    Each next{hop.each_of, hop.each_of != nullptr ? step.module : std::string()};
    for (const Hop::Expression& e : hop.expressions) {
      std::vector<TraceStep> from = Expression(*e.value, hop.at, next, depth + 1);
      for (TraceStep& s : from) step.from.push_back(std::move(s));
    }
    return step;
  }

  const plan::Plan& plan_;
  std::size_t steps_ = 0;
};

}  // namespace

const char* StepKindName(Hop::Kind kind) {
  switch (kind) {
    case Hop::Kind::kTarget: return "resource";
    case Hop::Kind::kInput: return "module_input";
    case Hop::Kind::kOutput: return "module_output";
    case Hop::Kind::kEach: return "each";
    case Hop::Kind::kUnsetInput: return "unset_input";
    case Hop::Kind::kRootVariable: return "root_variable";
    case Hop::Kind::kNoObject: return "no_object";
    case Hop::Kind::kLocal: return "local";
    case Hop::Kind::kOpaque: return "opaque";
  }
  return "opaque";
}

std::vector<TraceStep> TraceOf(const resolve::ResolvedResource& r, const resolve::AttrPath& path) {
  const plan::Value* expression = resolve::ExpressionAt(r, path);
  if (expression == nullptr) return {};
  Each each;
  if (!r.config->for_each.is_null()) each = {&r.config->for_each, resolve::BaseTextOf(r)};
  return Tracer(*r.plan).Expression(*expression, r.module_path, each, 0);
}

}  // namespace plangate::explain
