// 1.6T (200G per lane, IEEE 802.3dj) pieces of the comparison: the Clause 177 inner FEC's
// statistical transfer, power and latency, and the LRO (retimed transmit, linear receive)
// module's latency (its power: power_model.hpp lro_module_power). The compare (link_compare.hpp, compare_run.hpp) uses them when
// the config enables inner_fec or lro; the 800G run does not touch them.
//
// Inner code (IEEE P802.3dj Clause 177, Table 177-1; sources in docs/inner_fec.md): 120 message bits (60 PAM4
// symbols) -> 60 XOR-domain bits m(2k) ^ m(2k+1) -> Hamming(68,60) (extended, d_min = 4) ->
// 8 parity bits (4 PAM4 symbols): 64 symbols per codeword. A Gray-coded PAM4 symbol error to a
// neighbouring level flips exactly one bit of the symbol, hence exactly one code bit: each
// of the 64 symbols of a codeword is one code position.
//
// Statistical transfer (hard decision). The inner decoder sees the line's errors as they are:
// the convolutional interleaver sits between the RS code and the inner code, so it spreads the
// inner decoder's *output* errors over RS codewords, not the DFE bursts at its input. Error
// events start with probability p_first per symbol and last L symbols, L geometric with the
// DFE propagation probability p_c (burst_fec.hpp), p_in = p_first / (1 - p_c) errors per
// symbol. A codeword (64 positions) whose only event is one symbol long is corrected; every
// other error is left (two or more: detected, d_min = 4); odd totals >= 3 may be miscorrected,
// counted as one more error (worst case, K ~ Bin(64, p_in)):
//   E[left] = 64 p_in - 64 p_first (1 - p_first)^63 (1 - p_c) + sum_{k odd >= 3} P(K = k)
//   SER_out = E[left] (60/64) / 60    (errors on the 60 data symbols)
// With p_c = 0: E[left] = sum_{k>=2} P(K = k) (k + [k odd]).
// This is a bound for the soft (Chase) decoder, which corrects some K = 2 patterns.
//
// Measured transfer (inner_fec_measured_output_ser; the compare uses it with inner_fec.decoder
// chase, the default): the golden model's hard and Chase-L (L = 2..6) decoders measured by
// scripts/gen_chase_transfer.py on PAM4 + AWGN + an ideal 1-tap DFE whose wrong decisions
// propagate (the bursts the inner decoder sees), slicer LLRs as docs/inner_fec.md defines, over
// a grid of p_first (2e-2 .. 2e-4) and |b1| (0 .. 0.75); the table is generated into
// sim/compare/chase_transfer_table.cpp with its command and date. Lookup: log10(SER_out) linear
// in log10(p_first) between points counted from >= 20 errors (outside them, the slope of the two
// nearest), linear in |b1| (clamped to the grid); below the counted range the result is capped
// at the hard-decision bound above.
//
// Inner FEC energy (per lane, one encoder on the host->line direction and one decoder on the
// line->host direction), bit operations per codeword counted from the structure, charged at
// the power model's adder energy per bit (E_add / digital.add_bits) and register energy, times
// digital.overhead_factor:
//   encoder: 60 XOR (m_xor) + (252 - 8) XOR (Table 177-1 has 252 ones in 8 columns)
//   decoder: 60 + 252 XOR (syndrome), 64 x 6 (LLR magnitudes min |l_a|, |l_b|, 6-bit),
//            64 x L x 6 (L least reliable, compare-select), 2^L x (8 L + 8 L + 8) (test
//            patterns: syndrome update, metric accumulate, compare), 120 (correction)
//   registers: 64 x 6 LLR bits + 128 codeword bits per codeword in each of encoder/decoder
// Latency per module: codeword accumulation 128 bits / (2 f_line) + (encoder + decoder
// pipeline cycles) x T_clk (T_clk = dsp_parallelism / f_line) + interleaver_latency_ns (the
// golden model's ConvInterleaver, 24576 line symbols = 216.6 ns at P = 3, D = 192), per hop;
// half of each per module.
#pragma once

#include <string>
#include <vector>

#include "halo/sim/compare_config.hpp"
#include "halo/sim/latency_model.hpp"
#include "halo/sim/power_model.hpp"

namespace halo::sim {

/// Output data-symbol error ratio of the hard-decision inner decoder for first-error
/// probability p_first in [0, 1] and DFE propagation probability p_c in [0, 1) (formula
/// above). Throws std::invalid_argument outside those ranges.
double inner_fec_output_ser(double p_first, double p_c);
/// Independent errors (p_c = 0): input symbol error ratio p.
double inner_fec_output_ser(double p);

/// Output message-symbol error ratio of the golden model's inner decoder measured in the table
/// above: chase_l = 0 the hard decoder, 2..6 Chase-L; p_first in [0, 1] (the statistical
/// engine's first-error SER), b1 the first DFE tap (level units). Throws std::invalid_argument
/// for another chase_l, p_first outside [0, 1] or a non-finite b1.
double inner_fec_measured_output_ser(unsigned chase_l, double p_first, double b1);

/// A segment's inner-decoder figures from its statistical SER (first errors, clamped to 0.5) and
/// first DFE tap b1: ser_in = SER / (1 - p_c) (bursts included), ser_out from the measured
/// Chase-chase_l transfer (decoder "chase") or the closed-form hard-decision transfer ("hard"),
/// model names the one used. Used by the compare and by `halolink sim --statistical`. Throws
/// std::invalid_argument for another decoder name (and as the transfers do).
struct InnerFecTransfer {
  double ser_in = 0, ser_out = 0;
  std::string model;
};
InnerFecTransfer inner_fec_transfer(const std::string& decoder, unsigned chase_l, double ser, double b1);

/// Bit operations per codeword (120 data bits) of the inner encoder and the Chase-L decoder.
struct InnerFecOps {
  double encoder_bitops = 0, decoder_bitops = 0, register_bits = 0;
};
InnerFecOps inner_fec_ops(unsigned chase_l);

/// The inner FEC's operation counts per host-rate symbol (ModuleSpec.inner_fec_ops, charged
/// by the power model like the other DSP blocks): (encoder + decoder bit-ops) / add_bits adds
/// and the register bits, per 60 symbols (one 120-bit codeword), rounded up.
dsp::OpCounts inner_fec_op_counts(unsigned chase_l, double add_bits);

/// The line side's extra power at the inner-FEC line rate (the line-side ADC, DSP RX/TX and
/// DAC run at f_line instead of f_sym); W before DC-DC loss.
PowerItem inner_fec_rate_item(const PowerParams& p, const ModuleSpec& m, const CompareInnerFec& f);

/// The inner FEC's latency items per module (ns).
std::vector<LatencyItem> inner_fec_latency_items(const PowerParams& p, const CompareInnerFec& f);

/// Inserts an item before the "DC-DC conversion loss" item and recomputes the DC-DC loss,
/// total_w and pj_per_bit (analog.dcdc_efficiency): total grows by exactly item.watts / eff.
void add_power_item(ModulePower& mp, const PowerParams& p, const ModuleSpec& m, const PowerItem& item);

/// LRO latency per module: the DSP module's RX + TX pipelines, CDR FIFO and analog (the
/// transmitting module) or the LPO module's analog delay (the receiving module). Per hop one
/// of each: hop = dsp_module_ns + lpo_module_ns.
double lro_hop_ns(const LatencyFigures& l);

}  // namespace halo::sim
