// IEEE 802.3dj Clause 177 inner FEC constants shared by the RTL encoder and decoders
// (docs/inner_fec.md, "RTL"): the generation matrix of Table 177-1 (Figure 177-5) and the
// parity-check columns of the XOR-domain Hamming(68,60) code. Golden model:
// cmodel/fec/inner_code.cpp (kG); the RTL table is the same transcription, and
// verif/fec/formal/inner_enc_formal.sv proves the encoder against a second one.
//
// Conventions: a PAM4 symbol is a 2-bit pair {A, B} (bit 1 = A, sent first; bit 0 = B), the
// golden model's (A << 1) | B. Codeword symbols 0..59 carry the message, 60..63 the parity
// (p_{2i}, p_{2i+1}) as (A, B). XOR-domain position k < 60 is m_xor(k) = A ^ B of symbol k,
// position 60 + j is parity bit p_j.
package inner_pkg;

  // Codeword geometry (symbols; 68 XOR-domain positions, 8 parity bits)
  localparam int unsigned MsgSymbols = 60;
  // (unused in the lints of blocks that are compiled beside this package without using it,
  // scripts/lint_rtl_dsp.sh: retimer_rx's file list carries the inner FEC)
  /* verilator lint_off UNUSEDPARAM */
  localparam int unsigned CwSymbols  = 64;
  /* verilator lint_on UNUSEDPARAM */

  // Table 177-1: row k (the row of m_xor(k)) at [8*k +: 8], bit j = G(k, j) (column p_j).
  localparam logic [MsgSymbols*8-1:0] GenRows = 480'hcdab984c2613c46231d5a79e4fea75f7b65be070381c0e07ce67fe7ff279f1b5978643ec763bd068341a0dcba8542a15c7ae57e673f47a3dd3a45229;

  // Row k of Table 177-1 (k < 60), i.e. the parity-check column of XOR-domain position k.
  function automatic logic [7:0] gen_row(int unsigned k);
    gen_row = GenRows[8*k +: 8];
  endfunction

  // Parity-check column of XOR-domain position i (0..67): gen_row(i) for i < 60, else
  // the unit vector of parity bit i - 60.
  function automatic logic [7:0] h_col(int unsigned i);
    if (i < MsgSymbols) begin
      h_col = GenRows[8*i +: 8];
    end else begin
      h_col = 8'd1 << (i - MsgSymbols);
    end
  endfunction

endpackage : inner_pkg
