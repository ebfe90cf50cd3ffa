// Cycle driver shared by the DSP co-simulation harnesses: reset, clocking and a
// valid/ready stream loop with random input gaps and output backpressure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "../cover.hpp"
#include "verilated.h"

namespace halo::verif {

/// Owns a verilated model with ports clk_i / rst_ni; reset() pulses rst_ni low.
template <class M>
struct Harness {
  std::unique_ptr<VerilatedContext> ctx = std::make_unique<VerilatedContext>();
  std::unique_ptr<M> m = std::make_unique<M>(ctx.get());
  std::uint64_t cycles = 0;

  Harness() { reset(); }
  void reset() {
    m->clk_i = 0;
    m->rst_ni = 0;
    m->eval();
    m->rst_ni = 1;
    m->eval();
  }
  /// One rising and falling clock edge.
  void tick() {
    m->clk_i = 1;
    m->eval();
    m->clk_i = 0;
    m->eval();
    ++cycles;
  }
  ~Harness() {
    m->final();
    cov::write_code_coverage(ctx.get(), m->modelName());
  }
};

/// Handshake accessors of one valid/ready stream of a model (null for a missing side).
struct StreamPorts {
  std::function<void(bool)> set_in_valid;
  std::function<bool()> in_ready;
  std::function<void(bool)> set_out_ready;
  std::function<bool()> out_valid;
};

#define HALO_STREAM_PORTS(h, pfx)                                  \
  ::halo::verif::StreamPorts {                                     \
    [&](bool v) { (h).m->pfx##in_valid_i = v; },                   \
        [&] { return (h).m->pfx##in_ready_o != 0; },               \
        [&](bool r) { (h).m->pfx##out_ready_i = r; },              \
        [&] { return (h).m->pfx##out_valid_o != 0; }               \
  }

struct StreamStats {
  std::uint64_t beats_in = 0, beats_out = 0, cycles = 0;
};

/// Runs `beats` input beats through a stream. Each cycle: with probability p_valid the next
/// input beat is offered (drive(b) puts beat b on the data ports), with probability p_ready
/// the output is ready; when an output beat is taken, capture(k) reads output beat k (before
/// the clock edge). `before_edge()` runs after capture each cycle (e.g. to push side-band
/// inputs). Fails (returns false) after max_cycles.
template <class M>
bool run_stream(Harness<M>& h, const StreamPorts& io, std::uint64_t beats, double p_valid,
                double p_ready, std::uint64_t seed, const std::function<void(std::uint64_t)>& drive,
                const std::function<void(std::uint64_t)>& capture, StreamStats* st = nullptr,
                const std::function<void()>& before_edge = {},
                std::uint64_t max_cycles = 0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (max_cycles == 0) max_cycles = 64 * beats + 1000;
  std::uint64_t in_b = 0, out_b = 0, cyc = 0;
  cov::StallSampler stalls;
  while (out_b < beats) {
    const bool v = in_b < beats && u(rng) < p_valid;
    if (io.set_in_valid) io.set_in_valid(v);
    if (v && drive) drive(in_b);
    const bool r = u(rng) < p_ready;
    io.set_out_ready(r);
    h.m->eval();
    const bool fin = io.set_in_valid ? (v && io.in_ready()) : false;
    const bool fout = r && io.out_valid();
    stalls.sample(v, io.set_in_valid && io.in_ready(), io.out_valid(), r);
    if (fout) capture(out_b++);
    if (before_edge) before_edge();
    h.tick();
    if (fin) ++in_b;
    if (++cyc > max_cycles) return false;
  }
  if (io.set_in_valid) io.set_in_valid(false);
  io.set_out_ready(false);
  if (st) {
    st->beats_in = in_b;
    st->beats_out = out_b;
    st->cycles = cyc;
  }
  return true;
}

inline void print_compared(const char* what, unsigned p, std::uint64_t symbols) {
  std::printf("[cosim] %s P=%u: %llu symbols compared bit-exactly\n", what, p,
              static_cast<unsigned long long>(symbols));
}

}  // namespace halo::verif
