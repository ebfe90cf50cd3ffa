// Co-simulation wrapper (not synthesised): the P-parallel line-coding and pattern blocks of
// rtl/dsp side by side in one verilated model per P, each with its own ports (prefix per
// block), so that one Verilator build covers prbs_gen, prbs_chk, gray_map, gray_demap,
// precoder and its inverse.
module dsp_line_tb #(
  // Symbols per beat
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset (shared)
  input  logic           clk_i,
  input  logic           rst_ni,
  // prbs_gen
  input  logic           gen_prbs31_i,
  input  logic           gen_load_i,
  input  logic [30:0]    gen_seed_i,
  output logic           gen_out_valid_o,
  input  logic           gen_out_ready_i,
  output logic [2*P-1:0] gen_out_sym_o,
  // prbs_chk
  input  logic           chk_prbs31_i,
  input  logic [20:0]    chk_lock_symbols_i,
  input  logic [24:0]    chk_loss_window_i,
  input  logic [24:0]    chk_loss_threshold_i,
  input  logic           chk_in_valid_i,
  output logic           chk_in_ready_o,
  input  logic [2*P-1:0] chk_in_sym_i,
  output logic           chk_out_valid_o,
  input  logic           chk_out_ready_i,
  output logic [P-1:0]   chk_out_err_o,
  output logic           chk_locked_o,
  output logic [63:0]    chk_symbols_o,
  output logic [63:0]    chk_symbol_errors_o,
  output logic [63:0]    chk_bit_errors_o,
  output logic [31:0]    chk_locks_o,
  output logic [31:0]    chk_losses_o,
  // gray_map
  input  logic           map_in_valid_i,
  output logic           map_in_ready_o,
  input  logic [2*P-1:0] map_in_bits_i,
  output logic           map_out_valid_o,
  input  logic           map_out_ready_i,
  output logic [2*P-1:0] map_out_sym_o,
  // gray_demap
  input  logic           demap_in_valid_i,
  output logic           demap_in_ready_o,
  input  logic [2*P-1:0] demap_in_sym_i,
  output logic           demap_out_valid_o,
  input  logic           demap_out_ready_i,
  output logic [2*P-1:0] demap_out_bits_o,
  // precoder (TX)
  input  logic           pre_enable_i,
  input  logic           pre_in_valid_i,
  output logic           pre_in_ready_o,
  input  logic [2*P-1:0] pre_in_sym_i,
  output logic           pre_out_valid_o,
  input  logic           pre_out_ready_i,
  output logic [2*P-1:0] pre_out_sym_o,
  // precoding inverse (RX)
  input  logic           dec_enable_i,
  input  logic           dec_in_valid_i,
  output logic           dec_in_ready_o,
  input  logic [2*P-1:0] dec_in_sym_i,
  output logic           dec_out_valid_o,
  input  logic           dec_out_ready_i,
  output logic [2*P-1:0] dec_out_sym_o
);

  prbs_gen #(.P(P)) u_gen (
    .clk_i, .rst_ni,
    .prbs31_i    (gen_prbs31_i),
    .load_i      (gen_load_i),
    .seed_i      (gen_seed_i),
    .out_valid_o (gen_out_valid_o),
    .out_ready_i (gen_out_ready_i),
    .out_sym_o   (gen_out_sym_o)
  );

  prbs_chk #(.P(P)) u_chk (
    .clk_i, .rst_ni,
    .prbs31_i         (chk_prbs31_i),
    .lock_symbols_i   (chk_lock_symbols_i),
    .loss_window_i    (chk_loss_window_i),
    .loss_threshold_i (chk_loss_threshold_i),
    .in_valid_i       (chk_in_valid_i),
    .in_ready_o       (chk_in_ready_o),
    .in_sym_i         (chk_in_sym_i),
    .out_valid_o      (chk_out_valid_o),
    .out_ready_i      (chk_out_ready_i),
    .out_err_o        (chk_out_err_o),
    .locked_o         (chk_locked_o),
    .symbols_o        (chk_symbols_o),
    .symbol_errors_o  (chk_symbol_errors_o),
    .bit_errors_o     (chk_bit_errors_o),
    .locks_o          (chk_locks_o),
    .losses_o         (chk_losses_o)
  );

  gray_code #(.P(P), .Demap(1'b0)) u_map (
    .clk_i, .rst_ni,
    .in_valid_i  (map_in_valid_i),
    .in_ready_o  (map_in_ready_o),
    .in_i        (map_in_bits_i),
    .out_valid_o (map_out_valid_o),
    .out_ready_i (map_out_ready_i),
    .out_o       (map_out_sym_o)
  );

  gray_code #(.P(P), .Demap(1'b1)) u_demap (
    .clk_i, .rst_ni,
    .in_valid_i  (demap_in_valid_i),
    .in_ready_o  (demap_in_ready_o),
    .in_i        (demap_in_sym_i),
    .out_valid_o (demap_out_valid_o),
    .out_ready_i (demap_out_ready_i),
    .out_o       (demap_out_bits_o)
  );

  precoder #(.P(P), .Decode(1'b0)) u_pre (
    .clk_i, .rst_ni,
    .enable_i    (pre_enable_i),
    .in_valid_i  (pre_in_valid_i),
    .in_ready_o  (pre_in_ready_o),
    .in_sym_i    (pre_in_sym_i),
    .out_valid_o (pre_out_valid_o),
    .out_ready_i (pre_out_ready_i),
    .out_sym_o   (pre_out_sym_o)
  );

  precoder #(.P(P), .Decode(1'b1)) u_dec (
    .clk_i, .rst_ni,
    .enable_i    (dec_enable_i),
    .in_valid_i  (dec_in_valid_i),
    .in_ready_o  (dec_in_ready_o),
    .in_sym_i    (dec_in_sym_i),
    .out_valid_o (dec_out_valid_o),
    .out_ready_i (dec_out_ready_i),
    .out_sym_o   (dec_out_sym_o)
  );

endmodule
