#pragma once
// Explanations → text for people and JSON for tools (schemas/explain.schema.json).
// Pure and deterministic; never a sensitive value: "(sensitive)" in its place.

#include <string>
#include <vector>

#include "explain/explain.h"

namespace plangate::explain {

/// The explanations as text, one block per resource, in the order given.
std::string RenderText(const std::vector<ResourceExplanation>& explained);

/// The same as one JSON object: {"explained": [...]}.
std::string RenderJson(const std::vector<ResourceExplanation>& explained);

/// The formats RenderExplanation takes: text, json.
const std::vector<std::string>& FormatNames();

/// `explained` in `format`, one of FormatNames().
std::string Render(const std::string& format, const std::vector<ResourceExplanation>& explained);

}  // namespace plangate::explain
