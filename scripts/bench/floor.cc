// The floor for scripts/bench/run: the least a program can do to answer the PITR
// question with simdjson. It memory-maps the plan, makes one On-Demand pass over
// resource_changes, and prints "fail|unknown|pass ADDRESS" per aws_dynamodb_table that
// exists after apply. It relies on this benchmark's plans (gen-plan): a whole block
// Terraform marks unknown is one the configuration leaves out (so: default false);
// plangate decides that from the configuration instead. No configuration, no
// modules, no policies, no reports, no checks beyond what simdjson does.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace od = simdjson::ondemand;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: floor PLAN.json\n");
    return 2;
  }
  int fd = ::open(argv[1], O_RDONLY);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) return 2;
  size_t size = static_cast<size_t>(st.st_size);
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t span = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  // Zeroed anonymous pages for the padding, the file mapped over their start.
  char* base = static_cast<char*>(::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (base == MAP_FAILED || ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) return 2;

  od::parser parser;
  od::document doc = parser.iterate(base, size, span).value();
  std::string out;
  for (auto field : doc.get_object()) {
    if (field.unescaped_key().value() != "resource_changes") continue;
    for (auto rc : field.value().get_array()) {
      std::string_view address, type, mode;
      bool deposed = false, exists = false;
      const char* verdict = "fail";
      for (auto f : rc.get_object()) {
        std::string_view k = f.unescaped_key().value();
        if (k == "address") address = f.value().get_string().value();
        else if (k == "type") type = f.value().get_string().value();
        else if (k == "mode") mode = f.value().get_string().value();
        else if (k == "deposed") deposed = true;
        else if (k == "change" && type == "aws_dynamodb_table" && mode == "managed") {
          bool unknown_enabled = false, have_enabled = false, enabled = false;
          for (auto c : f.value().get_object()) {
            std::string_view ck = c.unescaped_key().value();
            if (ck == "actions") {
              std::string acts;
              for (auto a : c.value().get_array()) acts += std::string(a.get_string().value()) + ",";
              exists = acts != "delete," && acts != "forget," && acts != "read,";
            } else if (ck == "after" || ck == "after_unknown") {
              od::value v = c.value().value();
              if (v.type().value() != od::json_type::object) continue;
              auto pitr = v.find_field_unordered("point_in_time_recovery");
              if (pitr.error() || pitr.type().value() != od::json_type::array) continue;
              for (auto block : pitr.get_array()) {
                auto e = block.find_field_unordered("enabled");
                if (e.error()) break;
                if (ck == "after") {
                  have_enabled = true;
                  enabled = e.get_bool().value();
                } else {
                  unknown_enabled = e.get_bool().value();
                }
                break;
              }
            }
          }
          verdict = have_enabled && enabled ? "pass" : unknown_enabled ? "unknown" : "fail";
        }
      }
      if (type == "aws_dynamodb_table" && mode == "managed" && exists && !deposed) {
        out += verdict;
        out += ' ';
        out += address;
        out += '\n';
      }
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
