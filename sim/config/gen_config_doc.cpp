// halo_config_doc: writes docs/config.md from the config schemas, or checks it.
//   halo_config_doc            print to stdout
//   halo_config_doc --out F    write F
//   halo_config_doc --check F  exit 1 (naming the first differing line) when F differs
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "halo/config/schemas.hpp"

int main(int argc, char** argv) {
  const std::string doc = halo::config::config_markdown();
  if (argc == 1) {
    std::cout << doc;
    return std::cout.good() ? 0 : 1;
  }
  if (argc != 3 || (std::strcmp(argv[1], "--out") != 0 && std::strcmp(argv[1], "--check") != 0)) {
    std::fprintf(stderr, "usage: halo_config_doc [--out FILE | --check FILE]\n");
    return 2;
  }
  if (std::strcmp(argv[1], "--out") == 0) {
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out << doc;
    out.close();
    if (!out) {
      std::fprintf(stderr, "halo_config_doc: cannot write %s\n", argv[2]);
      return 1;
    }
    return 0;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "halo_config_doc: cannot read %s\n", argv[2]);
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (ss.str() == doc) return 0;
  std::istringstream a(ss.str()), b(doc);
  std::string la, lb;
  int line = 1;
  while (true) {
    const bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
    if (ea || eb || la != lb) break;
    ++line;
  }
  std::fprintf(stderr,
               "%s: differs from the config schemas at line %d (regenerate: halo_config_doc --out %s)\n"
               "  file:      %s\n  generated: %s\n",
               argv[2], line, argv[2], la.c_str(), lb.c_str());
  return 1;
}
