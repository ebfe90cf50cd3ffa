// Random bits of the BER emulator's noise channels (emu_noise_chan, emu_llr_chan;
// docs/fpga.md): lane l has its own 127-bit emu_lfsr seeded emu_pkg::lfsr_seed(seed_i, 2 + l),
// advancing LaneBits bits per adv_i; its bits are bits_o[l LaneBits +: LaneBits]
// (combinational from the state: the bits of this advance). Golden model: one
// halo::verif::EmuLfsr(127) per lane (emu_model.hpp).
module emu_noise_lanes #(
  // Lanes
  parameter int unsigned P = 1,
  // Bits per lane and advance
  parameter int unsigned LaneBits = 48
) (
  // Clock and active-low asynchronous reset
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // Seed preset (has priority) and advance
  input  logic                  load_i,
  input  logic [31:0]           seed_i,
  input  logic                  adv_i,
  output logic [P*LaneBits-1:0] bits_o
);

  for (genvar l = 0; l < P; l++) begin : g_lane
    logic [31:0] k;
    assign k = 32'd2 + l;
    emu_lfsr #(.Steps(LaneBits), .Order(127)) u_lfsr (
      .clk_i,
      .rst_ni,
      .load_i,
      .seed_i(emu_pkg::lfsr_seed(seed_i, k)),
      .adv_i,
      .bits_o(bits_o[l*LaneBits +: LaneBits])
    );
  end

endmodule : emu_noise_lanes
