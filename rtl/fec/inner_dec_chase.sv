// IEEE 802.3dj Clause 177 inner FEC Chase-2 decoder, P PAM4 symbols per clock, L = ChaseL
// least reliable positions (docs/inner_fec.md, "Decoders" and "RTL"). Golden model:
// halo::fec::inner::InnerDecoder with InnerAlgo::chase, chase_l = ChaseL (bit-exact, ties
// included).
//
// Streams as inner_dec_hard: input 64/P beats per codeword, two LlrW-bit LLR words per symbol
// (codeword bit b of the beat at [LlrW*b +: LlrW], b = 2l: A of lane l, b = 2l + 1: B);
// output the 64 corrected symbol pairs {A, B} (lane l at [2*l +: 2]). correct_en_i = 0
// (sampled with a codeword's first beat): verdicts computed, data unchanged.
//
// Decoding (InnerDecoder::decode): hard decision = LLR sign, rel = L >= 0 ? L : -1 - L;
// XOR-domain reliability r(k) = min(rel(A), rel(B)) for data symbol k < 60, rel(p_j) for
// position 60 + j; syndrome s of the XOR-domain hard bits. s = 0: clean. Otherwise the
// ChaseL least reliable positions (ascending (r, position)) span the test patterns
// e = 0 .. 2^ChaseL - 1 (bit i flips the i-th least reliable); a pattern whose syndrome
// s ^ (columns of e) is 0 or a column of [G^T | I8] is a candidate with the metric
// sum of r over the positions where it differs from the hard decisions; the least metric
// wins, a tie goes to the lower e. No candidate: uncorrectable. A flipped data symbol moves
// to the neighbouring level on the side of its sample (A flipped when rel(A) < rel(B), else
// B); a flipped parity position inverts its bit.
//
// Status on the output beat with out_last_o: out_corrected_o, out_uncorr_o, out_flips_o (bit
// k = XOR-domain position k changed; InnerDecodeResult::flips as a set) and out_metric_o
// (InnerDecodeResult::metric); all zero for a clean or uncorrectable codeword.
//
// Micro-architecture:
//  - input side, per beat: hard pairs, "flip A" bits and the syndrome contribution (as
//    inner_dec_hard), the beat's candidate slots (one per data symbol, two per parity symbol:
//    reliability, position, parity-check column) and the 68 stored reliabilities. The last
//    beat pushes {correct_en, syndrome, 68 reliabilities} into the record FIFO; the beats
//    (3 bits per symbol) wait in a data FIFO.
//  - list of the ChaseL least reliable, three registered stages per beat (C: the slots; R: each
//    slot's rank among the beat's slots in (r, position) order; S: the beat's ChaseL least
//    reliable, ascending) and the loop-carried merge M of two ascending lists of ChaseL (the
//    running list and the beat's; 2 ChaseL ranks of ChaseL comparisons each). The last beat's
//    list goes to the list FIFO, popped with the record.
//  - pattern engine: GrpPats = max(1, 2^ChaseL / (64/P)) patterns per cycle over
//    Groups = 2^ChaseL / GrpPats cycles (<= 64/P: full rate), three pipeline stages (Z: per
//    pattern syndrome and sum of the flipped list reliabilities; A: candidate flag and metric;
//    B: minimum over the group by a tree that keeps the lower index on ties, then against the
//    running best); the verdict (flip set, metric) goes to a 4-entry FIFO.
//  - output side: pops a beat, flips the lanes of the verdict's set (registered output).
// Latency (full rate, first input beat to first output beat): 64/P + Groups + 7 cycles.
`include "halo_assert.svh"

module inner_dec_chase #(
  // Symbols per beat; must divide 64.
  parameter int unsigned P = 8,
  // Chase-2 L: the number of least reliable positions, 2..6
  parameter int unsigned ChaseL = 4,
  // LLR word length (halo_fixed_pkg::LlrBits, fx::kLlrBits)
  parameter int unsigned LlrW = halo_fixed_pkg::LlrBits
) (
  // Clock and active-low asynchronous reset
  input  logic                clk_i,
  input  logic                rst_ni,
  // 1: correct; 0: bypass (verdicts only). Sampled with each codeword's first input beat.
  input  logic                correct_en_i,
  // Input stream: LLRs, 2 per symbol
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [2*P*LlrW-1:0] in_llr_i,
  input  logic                in_first_i,   // first beat of a codeword (checked)
  input  logic                in_last_i,    // last beat of a codeword (checked)
  // Framing check: an accepted beat's first/last flags disagreed with the beat count
  output logic                in_frame_err_o,
  // Output stream: corrected symbol pairs
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [2*P-1:0]      out_data_o,
  output logic                out_first_o,
  output logic                out_last_o,
  // Codeword status (with out_last_o)
  output logic                out_corrected_o,
  output logic                out_uncorr_o,
  output logic [67:0]         out_flips_o,
  output logic [8:0]          out_metric_o
);

  localparam int unsigned NPos      = 68;                       // XOR-domain positions
  localparam int unsigned Beats     = inner_pkg::CwSymbols / P; // beats per codeword
  localparam int unsigned BeatW     = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned DataDepth = 2 * Beats + 9;
  localparam int unsigned RelW      = LlrW - 1;                 // reliability bits
  localparam int unsigned KeyW      = RelW + 1;                 // {invalid, r}
  localparam int unsigned MW        = 9;                        // metric: <= 7 x 63
  // candidate slots per beat: one per lane, plus the B slot of the lanes that can carry a
  // parity symbol (the last 4 symbols of the codeword: lanes P-4..P-1, or all when P < 4)
  localparam int unsigned NB        = (P < 4) ? P : 4;
  localparam int unsigned NS        = P + NB;
  localparam int unsigned RankW     = $clog2(NS);
  localparam int unsigned MRankW    = $clog2(2 * ChaseL);
  localparam int unsigned NPat      = 1 << ChaseL;
  localparam int unsigned GrpPats   = (NPat > Beats) ? NPat / Beats : 1;
  localparam int unsigned Groups    = NPat / GrpPats;
  localparam int unsigned GW        = (Groups > 1) ? $clog2(Groups) : 1;
  localparam int unsigned LastGrpI  = Groups - 1;
  localparam logic [GW-1:0] LastGrp = LastGrpI[GW-1:0];
  localparam int unsigned JW        = (GrpPats > 1) ? $clog2(GrpPats) : 1;
  // codeword record {correct_en, syndrome, 68 r} and list {positions, columns, r}
  localparam int unsigned RecW      = 1 + 8 + NPos * RelW;
  localparam int unsigned LstW      = ChaseL * (7 + 8 + RelW);
  localparam int unsigned RecDepth  = 5;
  // verdict: {correct_en, corrected, uncorrectable, metric, flip set}
  localparam int unsigned VrdW      = 3 + MW + NPos;

  `HALO_ASSERT_INIT(ParamCheck_A, (P >= 1) && (P <= 64) && (64 % P == 0) && (LlrW >= 2) &&
                    (ChaseL >= 2) && (ChaseL <= 6) && (RelW <= 6))

  // test pattern e = g x GrpPats + j (its ChaseL bits)
  function automatic logic [ChaseL-1:0] pat_of(int unsigned g, int unsigned j);
    int unsigned v;
    v = (g * GrpPats + j) % NPat;
    for (int unsigned b = 0; b < ChaseL; b++) pat_of[b] = ((v >> b) & 1) != 0;
  endfunction

  // index of lane l's first candidate slot in the beat (its B slot, if any, follows)
  function automatic int unsigned slot_b(int unsigned l);
    slot_b = l + ((l > P - NB) ? l - (P - NB) : 0);
  endfunction

  // ---------------------------------------------------------------- input side
  logic [BeatW-1:0]      ibeat_q;
  logic [7:0]            syn_q, syn_d;
  logic                  cen_q, cen_cw;
  logic [2*P-1:0]        in_pairs;
  logic [P-1:0]          in_flip_a;
  logic                  accept, ilast;
  logic                  data_full, rec_full;
  logic [31:0]           ibeat32;
  // the beat's candidate slots: key {invalid, r}, position and parity-check column
  logic [NS*KeyW-1:0]    bkey;
  logic [NS*7-1:0]       bpos;
  logic [NS*8-1:0]       bcol;
  // per lane: min(rel A, rel B), rel A, rel B
  logic [P*RelW-1:0]     lane_min, lane_ra, lane_rb;
  // reliabilities of the 68 positions (stored) and with the current beat written
  logic [NPos*RelW-1:0]  rel_q, rel_d;

  assign ibeat32    = {{(32 - BeatW){1'b0}}, ibeat_q};
  assign ilast      = (ibeat_q == LastBeat);
  assign in_ready_o = !data_full && !(ilast && rec_full);
  assign accept     = in_valid_i && in_ready_o;
  assign cen_cw     = (ibeat_q == '0) ? correct_en_i : cen_q;

  always_comb begin
    logic [7:0]      syn;
    logic [LlrW-1:0] la, lb;
    logic [RelW-1:0] ra, rb;
    int unsigned     q, pa, pb;
    syn   = (ibeat_q == '0) ? 8'd0 : syn_q;
    pa    = 0;
    pb    = 0;
    q     = 0;
    la    = '0;
    lb    = '0;
    ra    = '0;
    rb    = '0;
    in_pairs  = '0;
    in_flip_a = '0;
    lane_min  = '0;
    lane_ra   = '0;
    lane_rb   = '0;
    bkey  = {NS{1'b1, {RelW{1'b0}}}};   // invalid
    bpos  = '0;
    bcol  = '0;
    for (int unsigned l = 0; l < P; l++) begin
      la = in_llr_i[LlrW*(2*l) +: LlrW];
      lb = in_llr_i[LlrW*(2*l+1) +: LlrW];
      in_pairs[2*l+1] = la[LlrW-1];
      in_pairs[2*l]   = lb[LlrW-1];
      ra = la[LlrW-2:0] ^ {RelW{la[LlrW-1]}};
      rb = lb[LlrW-2:0] ^ {RelW{lb[LlrW-1]}};
      in_flip_a[l] = (ra < rb);
      lane_min[RelW*l +: RelW] = (ra < rb) ? ra : rb;
      lane_ra[RelW*l +: RelW]  = ra;
      lane_rb[RelW*l +: RelW]  = rb;
      q = ibeat32 * P + l;
      if (q < inner_pkg::MsgSymbols) begin
        if (la[LlrW-1] ^ lb[LlrW-1]) syn = syn ^ inner_pkg::gen_row(q);
        bkey[KeyW*(slot_b(l)) +: KeyW] = {1'b0, (ra < rb) ? ra : rb};
        bpos[7*(slot_b(l)) +: 7] = q[6:0];
        bcol[8*(slot_b(l)) +: 8] = inner_pkg::h_col(q);
      end else begin
        // parity symbol 60 + i: A = p_{2i} (position 60 + 2i), B = p_{2i+1}
        pa = 2 * q - inner_pkg::MsgSymbols;
        pb = pa + 1;
        syn[pa - inner_pkg::MsgSymbols] ^= la[LlrW-1];
        syn[pb - inner_pkg::MsgSymbols] ^= lb[LlrW-1];
        bkey[KeyW*(slot_b(l)) +: KeyW] = {1'b0, ra};
        bpos[7*(slot_b(l)) +: 7] = pa[6:0];
        bcol[8*(slot_b(l)) +: 8] = inner_pkg::h_col(pa);
        if (l + NB >= P) begin
          bkey[KeyW*(slot_b(l) + 1) +: KeyW] = {1'b0, rb};
          bpos[7*(slot_b(l) + 1) +: 7] = pb[6:0];
          bcol[8*(slot_b(l) + 1) +: 8] = inner_pkg::h_col(pb);
        end
      end
    end
    syn_d = syn;
  end

  // position k is lane (symbol of k) mod P of beat (symbol of k) / P
  always_comb begin
    int unsigned sym;
    rel_d = rel_q;
    for (int unsigned k = 0; k < NPos; k++) begin
      sym = (k < inner_pkg::MsgSymbols) ? k : (k + inner_pkg::MsgSymbols) / 2;
      if (ibeat32 == sym / P) begin
        if (k < inner_pkg::MsgSymbols) rel_d[RelW*k +: RelW] = lane_min[RelW*(sym % P) +: RelW];
        else if (k % 2 == 0)           rel_d[RelW*k +: RelW] = lane_ra[RelW*(sym % P) +: RelW];
        else                           rel_d[RelW*k +: RelW] = lane_rb[RelW*(sym % P) +: RelW];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ibeat_q        <= '0;
      syn_q          <= '0;
      cen_q          <= 1'b1;
      in_frame_err_o <= 1'b0;
    end else begin
      in_frame_err_o <= 1'b0;
      if (accept) begin
        ibeat_q        <= ilast ? '0 : ibeat_q + 1'b1;
        syn_q          <= syn_d;
        cen_q          <= cen_cw;
        in_frame_err_o <= (in_first_i != (ibeat_q == '0)) || (in_last_i != ilast);
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      for (int unsigned i = 0; i < NPos; i++) rel_q[RelW*(i) +: RelW] <= rel_d[RelW*(i) +: RelW];
    end
  end

  // ---------------------------------------------------------------- list of the L least reliable
  // Three stages per beat, none loop-carried but the last (docs/inner_fec.md, "RTL"):
  //  C: the beat's candidate slots, registered;
  //  R: rank of each slot among the beat's slots in (key, slot) order, registered;
  //  S: the beat's ChaseL least reliable (slot of rank i), registered;
  //  M: merge of the two ascending lists of ChaseL into the running list (2 ChaseL ranks; the
  //     list precedes the beat in position order, so the list wins a reliability tie).
  logic                 c_valid_q, c_first_q, c_last_q;
  logic [NS*KeyW-1:0]   c_key_q;
  logic [NS*7-1:0]      c_pos_q;
  logic [NS*8-1:0]      c_col_q;
  logic [NS*RankW-1:0]  crank;
  logic                 r_valid_q, r_first_q, r_last_q;
  logic [NS*KeyW-1:0]   r_key_q;
  logic [NS*7-1:0]      r_pos_q;
  logic [NS*8-1:0]      r_col_q;
  logic [NS*RankW-1:0]  r_rank_q;
  logic [ChaseL*KeyW-1:0] skey;
  logic [ChaseL*7-1:0]    spos;
  logic [ChaseL*8-1:0]    scol;
  logic                   s_valid_q, s_first_q, s_last_q;
  logic [ChaseL*KeyW-1:0] s_key_q;
  logic [ChaseL*7-1:0]    s_pos_q;
  logic [ChaseL*8-1:0]    s_col_q;
  // running list (ascending) and its update
  logic [ChaseL*KeyW-1:0] lkey_q, lkey_d;
  logic [ChaseL*7-1:0]    lpos_q, lpos_d;
  logic [ChaseL*8-1:0]    lcol_q, lcol_d;

  // R: rank of every slot; the slots are in position order
  always_comb begin
    for (int unsigned c = 0; c < NS; c++) begin
      crank[RankW*(c) +: RankW] = '0;
      for (int unsigned d = 0; d < NS; d++) begin
        if (d < c) begin
          if (c_key_q[KeyW*(d) +: KeyW] <= c_key_q[KeyW*(c) +: KeyW]) crank[RankW*(c) +: RankW] = crank[RankW*(c) +: RankW] + 1'b1;
        end else if (d > c) begin
          if (c_key_q[KeyW*(d) +: KeyW] < c_key_q[KeyW*(c) +: KeyW]) crank[RankW*(c) +: RankW] = crank[RankW*(c) +: RankW] + 1'b1;
        end
      end
    end
  end

  // S: the slot of rank i (ranks are a permutation of 0 .. NS - 1)
  always_comb begin
    for (int unsigned i = 0; i < ChaseL; i++) begin
      skey[KeyW*(i) +: KeyW] = '0;
      spos[7*(i) +: 7] = '0;
      scol[8*(i) +: 8] = '0;
      if (i >= NS) begin
        skey[KeyW*(i) +: KeyW] = {1'b1, {RelW{1'b0}}};
      end else begin
        for (int unsigned c = 0; c < NS; c++) begin
          if ({{(32 - RankW){1'b0}}, r_rank_q[RankW*(c) +: RankW]} == i) begin
            skey[KeyW*(i) +: KeyW] = skey[KeyW*(i) +: KeyW] | r_key_q[KeyW*(c) +: KeyW];
            spos[7*(i) +: 7] = spos[7*(i) +: 7] | r_pos_q[7*(c) +: 7];
            scol[8*(i) +: 8] = scol[8*(i) +: 8] | r_col_q[8*(c) +: 8];
          end
        end
      end
    end
  end

  // M: merged rank of list entry i = i + #{beat j: key_j < key_i}, of beat entry j =
  // j + #{list i: key_i <= key_j}; entry o of the new list is the one of rank o. The first
  // beat of a codeword starts a new list.
  always_comb begin
    logic [2*ChaseL*MRankW-1:0] mrank;
    for (int unsigned i = 0; i < ChaseL; i++) begin
      mrank[MRankW*(i) +: MRankW] = i[MRankW-1:0];
      mrank[MRankW*(ChaseL + i) +: MRankW] = i[MRankW-1:0];
    end
    for (int unsigned i = 0; i < ChaseL; i++) begin
      for (int unsigned j = 0; j < ChaseL; j++) begin
        if (s_key_q[KeyW*(j) +: KeyW] < lkey_q[KeyW*(i) +: KeyW]) begin
          mrank[MRankW*(i) +: MRankW] = mrank[MRankW*(i) +: MRankW] + 1'b1;
        end else begin
          mrank[MRankW*(ChaseL + j) +: MRankW] = mrank[MRankW*(ChaseL + j) +: MRankW] + 1'b1;
        end
      end
    end
    for (int unsigned o = 0; o < ChaseL; o++) begin
      lkey_d[KeyW*(o) +: KeyW] = '0;
      lpos_d[7*(o) +: 7] = '0;
      lcol_d[8*(o) +: 8] = '0;
      for (int unsigned i = 0; i < ChaseL; i++) begin
        if ({{(32 - MRankW){1'b0}}, mrank[MRankW*(i) +: MRankW]} == o) begin
          lkey_d[KeyW*(o) +: KeyW] = lkey_d[KeyW*(o) +: KeyW] | lkey_q[KeyW*(i) +: KeyW];
          lpos_d[7*(o) +: 7] = lpos_d[7*(o) +: 7] | lpos_q[7*(i) +: 7];
          lcol_d[8*(o) +: 8] = lcol_d[8*(o) +: 8] | lcol_q[8*(i) +: 8];
        end
        if ({{(32 - MRankW){1'b0}}, mrank[MRankW*(ChaseL + i) +: MRankW]} == o) begin
          lkey_d[KeyW*(o) +: KeyW] = lkey_d[KeyW*(o) +: KeyW] | s_key_q[KeyW*(i) +: KeyW];
          lpos_d[7*(o) +: 7] = lpos_d[7*(o) +: 7] | s_pos_q[7*(i) +: 7];
          lcol_d[8*(o) +: 8] = lcol_d[8*(o) +: 8] | s_col_q[8*(i) +: 8];
        end
      end
    end
    if (s_first_q) begin
      lkey_d = s_key_q;
      lpos_d = s_pos_q;
      lcol_d = s_col_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_valid_q <= 1'b0;
      r_valid_q <= 1'b0;
      s_valid_q <= 1'b0;
    end else begin
      c_valid_q <= accept;
      r_valid_q <= c_valid_q;
      s_valid_q <= r_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      c_first_q <= (ibeat_q == '0);
      c_last_q  <= ilast;
      c_key_q   <= bkey;
      c_pos_q   <= bpos;
      c_col_q   <= bcol;
    end
    if (c_valid_q) begin
      r_first_q <= c_first_q;
      r_last_q  <= c_last_q;
      r_key_q   <= c_key_q;
      r_pos_q   <= c_pos_q;
      r_col_q   <= c_col_q;
      r_rank_q  <= crank;
    end
    if (r_valid_q) begin
      s_first_q <= r_first_q;
      s_last_q  <= r_last_q;
      s_key_q   <= skey;
      s_pos_q   <= spos;
      s_col_q   <= scol;
    end
    if (s_valid_q) begin
      lkey_q <= lkey_d;
      lpos_q <= lpos_d;
      lcol_q <= lcol_d;
    end
  end

  // ---------------------------------------------------------------- buffers
  // The codeword record comes in two parts: {correct_en, syndrome, 68 r} pushed with the
  // last input beat, the list {positions, columns, r} three cycles later from stage M. The
  // list FIFO never holds more entries than the record FIFO (same depth, popped together).
  logic            data_rvalid, data_pop;
  logic [3*P-1:0]  data_head;
  logic [RecW-1:0] rec_in, rec_head;
  logic [LstW-1:0] lst_in, lst_head;
  logic            rec_rvalid, rec_pop, lst_rvalid, lst_full;
  logic [VrdW-1:0] vrd_in, vrd_head;
  logic            vrd_push, vrd_full, vrd_rvalid, vrd_pop;

  assign rec_in = {cen_cw, syn_d, rel_d};
  always_comb begin
    for (int unsigned i = 0; i < ChaseL; i++) begin
      lst_in[ChaseL*(8 + RelW) + 7*i +: 7] = lpos_d[7*(i) +: 7];
      lst_in[ChaseL*RelW + 8*i +: 8]       = lcol_d[8*(i) +: 8];
      lst_in[RelW*i +: RelW]               = lkey_d[KeyW*i +: RelW];
    end
  end

  halo_fifo #(.Width(3 * P), .Depth(DataDepth)) u_data (
    .clk_i, .rst_ni,
    .wvalid_i (accept),
    .wdata_i  ({in_flip_a, in_pairs}),
    .full_o   (data_full),
    .rvalid_o (data_rvalid),
    .rready_i (data_pop),
    .rdata_o  (data_head)
  );

  halo_fifo #(.Width(RecW), .Depth(RecDepth)) u_rec (
    .clk_i, .rst_ni,
    .wvalid_i (accept && ilast),
    .wdata_i  (rec_in),
    .full_o   (rec_full),
    .rvalid_o (rec_rvalid),
    .rready_i (rec_pop),
    .rdata_o  (rec_head)
  );

  halo_fifo #(.Width(LstW), .Depth(RecDepth)) u_lst (
    .clk_i, .rst_ni,
    .wvalid_i (s_valid_q && s_last_q),
    .wdata_i  (lst_in),
    .full_o   (lst_full),
    .rvalid_o (lst_rvalid),
    .rready_i (rec_pop),
    .rdata_o  (lst_head)
  );

  halo_fifo #(.Width(VrdW), .Depth(4)) u_verdict (
    .clk_i, .rst_ni,
    .wvalid_i (vrd_push),
    .wdata_i  (vrd_in),
    .full_o   (vrd_full),
    .rvalid_o (vrd_rvalid),
    .rready_i (vrd_pop),
    .rdata_o  (vrd_head)
  );

  // ---------------------------------------------------------------- pattern engine
  // record fields
  logic              r_cen;
  logic [7:0]        r_syn;
  logic [ChaseL*7-1:0]    r_lpos;
  logic [ChaseL*RelW-1:0] r_lrel;
  logic [ChaseL*8-1:0]    r_lcol;
  logic [NPos*RelW-1:0]   r_rel;

  assign r_cen  = rec_head[RecW-1];
  assign r_syn  = rec_head[RecW-2 -: 8];
  assign r_rel  = rec_head[NPos*RelW-1:0];
  assign r_lpos = lst_head[LstW-1 -: ChaseL*7];
  assign r_lcol = lst_head[ChaseL*RelW +: ChaseL*8];
  assign r_lrel = lst_head[ChaseL*RelW-1:0];

  logic [GW-1:0]     grp_q;
  logic              en, issue, glast;

  assign glast   = (grp_q == LastGrp);
  assign issue   = rec_rvalid && lst_rvalid && en;
  assign rec_pop = issue && glast;

  // stage Z: per pattern of the group, the syndrome s ^ (columns of the flipped list
  // positions) and the sum of their reliabilities
  logic [GrpPats*8-1:0]  pz_syn;
  logic [GrpPats*MW-1:0] pz_pm;

  always_comb begin
    logic [ChaseL-1:0] e;
    logic [7:0]        s;
    logic [MW-1:0]     pm;
    for (int unsigned j = 0; j < GrpPats; j++) begin
      e  = pat_of({{(32 - GW){1'b0}}, grp_q}, j);
      s  = r_syn;
      pm = '0;
      for (int unsigned i = 0; i < ChaseL; i++) begin
        if (e[i]) begin
          s  = s ^ r_lcol[8*(i) +: 8];
          pm = pm + {{(MW - RelW){1'b0}}, r_lrel[RelW*(i) +: RelW]};
        end
      end
      pz_syn[8*(j) +: 8]  = s;
      pz_pm[MW*(j) +: MW] = pm;
    end
  end

  logic                  z_valid_q, z_first_q, z_last_q, z_cen_q, z_clean_q;
  logic [GW-1:0]         z_grp_q;
  logic [GrpPats*8-1:0]  z_syn_q;
  logic [GrpPats*MW-1:0] z_pm_q;
  logic [ChaseL*7-1:0]   z_lpos_q;
  logic [ChaseL*8-1:0]   z_lcol_q;
  logic [NPos*RelW-1:0]  z_rel_q;

  // stage A: per pattern, candidate flag (s = 0 or a column) and metric
  logic [GrpPats-1:0] pa_cand;
  logic [GrpPats*MW-1:0] pa_metric;
  logic [GrpPats*8-1:0]  pa_syn;

  always_comb begin
    logic [ChaseL-1:0] e;
    logic [7:0]        s;
    logic [MW-1:0]     pm, rq;
    logic              col, inl;
    for (int unsigned j = 0; j < GrpPats; j++) begin
      e  = pat_of({{(32 - GW){1'b0}}, z_grp_q}, j);
      s  = z_syn_q[8*(j) +: 8];
      pm = z_pm_q[MW*(j) +: MW];
      col = 1'b0;
      rq  = '0;
      for (int unsigned k = 0; k < NPos; k++) begin
        if (s == inner_pkg::h_col(k)) begin
          col = 1'b1;
          rq  = rq | {{(MW - RelW){1'b0}}, z_rel_q[RelW*(k) +: RelW]};
        end
      end
      inl = 1'b0;
      for (int unsigned i = 0; i < ChaseL; i++) begin
        if (e[i] && (s == z_lcol_q[8*(i) +: 8])) inl = 1'b1;
      end
      pa_cand[j]   = (s == 8'd0) || col;
      pa_metric[MW*(j) +: MW] = (s == 8'd0) ? pm : inl ? pm - rq : pm + rq;
      pa_syn[8*(j) +: 8]    = s;
    end
  end

  logic                a_valid_q, a_first_q, a_last_q, a_cen_q, a_clean_q;
  logic [GW-1:0]       a_grp_q;
  logic [GrpPats-1:0]  a_cand_q;
  logic [GrpPats*MW-1:0] a_metric_q;
  logic [GrpPats*8-1:0]  a_syn_q;
  logic [ChaseL*7-1:0]   a_lpos_q;

  // stage B: best of the group (tree, lower index kept on ties), then against the best so far
  logic                t_cand;
  logic [MW-1:0]       t_metric;
  logic [7:0]          t_syn;
  logic [JW-1:0]       t_j;

  always_comb begin
    logic [GrpPats-1:0] c;
    logic [GrpPats*MW-1:0] m;
    logic [GrpPats*8-1:0]  sy;
    logic [GrpPats*JW-1:0] jj;
    int unsigned        st;
    c = a_cand_q;
    for (int unsigned j = 0; j < GrpPats; j++) begin
      m[MW*(j) +: MW]  = a_metric_q[MW*(j) +: MW];
      sy[8*(j) +: 8] = a_syn_q[8*(j) +: 8];
      jj[JW*(j) +: JW] = j[JW-1:0];
    end
    st = 1;
    for (int unsigned lv = 0; lv < JW; lv++) begin
      for (int unsigned j = 0; j < GrpPats; j++) begin
        if ((j % (2 * st) == 0) && (j + st < GrpPats)) begin
          if (c[j+st] && (!c[j] || (m[MW*(j+st) +: MW] < m[MW*(j) +: MW]))) begin
            c[j]  = 1'b1;
            m[MW*(j) +: MW]  = m[MW*(j+st) +: MW];
            sy[8*(j) +: 8] = sy[8*(j+st) +: 8];
            jj[JW*(j) +: JW] = jj[JW*(j+st) +: JW];
          end
        end
      end
      st = 2 * st;
    end
    t_cand   = c[0];
    t_metric = m[MW*(0) +: MW];
    t_syn    = sy[8*(0) +: 8];
    t_j      = jj[JW*(0) +: JW];
  end

  logic                b_done_q, b_cen_q, b_clean_q, b_cand_q;
  logic [MW-1:0]       b_metric_q;
  logic [7:0]          b_syn_q;
  logic [ChaseL-1:0]   b_e_q;
  logic [ChaseL*7-1:0]   b_lpos_q;
  logic [ChaseL-1:0]   t_e;

  assign t_e = pat_of({{(32 - GW){1'b0}}, a_grp_q}, {{(32 - JW){1'b0}}, t_j});

  assign en = !(b_done_q && vrd_full);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      grp_q     <= '0;
      z_valid_q <= 1'b0;
      a_valid_q <= 1'b0;
      b_done_q  <= 1'b0;
      b_cand_q  <= 1'b0;
    end else if (en) begin
      if (issue) grp_q <= glast ? '0 : grp_q + 1'b1;
      z_valid_q <= issue;
      a_valid_q <= z_valid_q;
      b_done_q  <= a_valid_q && a_last_q;
      if (a_valid_q && (a_first_q || (t_cand && (!b_cand_q || (t_metric < b_metric_q))))) begin
        b_cand_q <= t_cand;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (en) begin
      if (issue) begin
        z_first_q <= (grp_q == '0);
        z_last_q  <= glast;
        z_grp_q   <= grp_q;
        z_cen_q   <= r_cen;
        z_clean_q <= (r_syn == 8'd0);
        z_syn_q   <= pz_syn;
        z_pm_q    <= pz_pm;
        z_lpos_q  <= r_lpos;
        z_lcol_q  <= r_lcol;
        z_rel_q   <= r_rel;
      end
      if (z_valid_q) begin
        a_first_q <= z_first_q;
        a_last_q  <= z_last_q;
        a_grp_q   <= z_grp_q;
        a_cen_q   <= z_cen_q;
        a_clean_q <= z_clean_q;
        a_cand_q  <= pa_cand;
        for (int unsigned j = 0; j < GrpPats; j++) begin
          a_metric_q[MW*(j) +: MW] <= pa_metric[MW*(j) +: MW];
          a_syn_q[8*(j) +: 8]    <= pa_syn[8*(j) +: 8];
        end
        a_lpos_q <= z_lpos_q;
      end
      if (a_valid_q) begin
        if (a_first_q || (t_cand && (!b_cand_q || (t_metric < b_metric_q)))) begin
          b_metric_q <= t_metric;
          b_syn_q    <= t_syn;
          b_e_q      <= t_e;
        end
        b_cen_q   <= a_cen_q;
        b_clean_q <= a_clean_q;
        for (int unsigned i = 0; i < ChaseL; i++) b_lpos_q[7*(i) +: 7] <= a_lpos_q[7*(i) +: 7];
      end
    end
  end

  // verdict: the flip set of the best pattern (its list positions XOR the located position)
  always_comb begin
    logic [NPos-1:0] mask;
    logic            corr;
    mask = '0;
    for (int unsigned i = 0; i < ChaseL; i++) begin
      for (int unsigned k = 0; k < NPos; k++) begin
        if (b_e_q[i] && ({25'd0, b_lpos_q[7*(i) +: 7]} == k)) mask[k] = !mask[k];
      end
    end
    for (int unsigned k = 0; k < NPos; k++) begin
      if (b_syn_q == inner_pkg::h_col(k)) mask[k] = !mask[k];
    end
    corr = !b_clean_q && b_cand_q;
    vrd_in = {b_cen_q, corr, !b_clean_q && !b_cand_q, corr ? b_metric_q : {MW{1'b0}},
              corr ? mask : {NPos{1'b0}}};
  end

  assign vrd_push = b_done_q && !vrd_full;

  // ---------------------------------------------------------------- output side
  logic [BeatW-1:0] obeat_q;
  logic [31:0]      obeat32;
  logic             olast, emit;
  logic [2*P-1:0]   corr_data;
  logic [NPos-1:0]  vmask;
  logic             vcen;

  assign vcen     = vrd_head[VrdW-1];
  assign vmask    = vrd_head[NPos-1:0];
  assign obeat32  = {{(32 - BeatW){1'b0}}, obeat_q};
  assign olast    = (obeat_q == LastBeat);
  assign emit     = data_rvalid && vrd_rvalid && (!out_valid_o || out_ready_i);
  assign data_pop = emit;
  assign vrd_pop  = emit && olast;

  always_comb begin
    int unsigned q;
    corr_data = data_head[2*P-1:0];
    for (int unsigned l = 0; l < P; l++) begin
      q = obeat32 * P + l;
      if (vcen) begin
        if (q < inner_pkg::MsgSymbols) begin
          if (vmask[q]) begin
            if (data_head[2*P + l]) corr_data[2*l+1] = !corr_data[2*l+1];
            else corr_data[2*l] = !corr_data[2*l];
          end
        end else begin
          if (vmask[2*q - inner_pkg::MsgSymbols])     corr_data[2*l+1] = !corr_data[2*l+1];
          if (vmask[2*q - inner_pkg::MsgSymbols + 1]) corr_data[2*l]   = !corr_data[2*l];
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      obeat_q         <= '0;
      out_valid_o     <= 1'b0;
      out_first_o     <= 1'b0;
      out_last_o      <= 1'b0;
      out_data_o      <= '0;
      out_corrected_o <= 1'b0;
      out_uncorr_o    <= 1'b0;
      out_flips_o     <= '0;
      out_metric_o    <= '0;
    end else if (!out_valid_o || out_ready_i) begin
      out_valid_o <= emit;
      if (emit) begin
        obeat_q         <= olast ? '0 : obeat_q + 1'b1;
        out_first_o     <= (obeat_q == '0);
        out_last_o      <= olast;
        out_data_o      <= corr_data;
        out_corrected_o <= olast && vrd_head[VrdW-2];
        out_uncorr_o    <= olast && vrd_head[VrdW-3];
        out_metric_o    <= olast ? vrd_head[NPos +: MW] : '0;
        out_flips_o     <= olast ? vmask : '0;
      end
    end
  end

  // A stalled output beat must not change; the FIFOs are never written when full.
  `HALO_ASSERT(OutStable_A, (out_valid_o && !out_ready_i) |=> $stable(out_data_o), clk_i, rst_ni)
  `HALO_ASSERT(NoOverflow_A, !(accept && data_full) && !(accept && ilast && rec_full) &&
               !(s_valid_q && s_last_q && lst_full) &&
               !(vrd_push && vrd_full), clk_i, rst_ni)

endmodule : inner_dec_chase
