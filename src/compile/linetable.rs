//! The line table: which line each instruction belongs to, as CPython 3.11's assembler
//! (`assemble()` in `Python/compile.c`) leaves it, so that the model's line events
//! ([`crate::vm::tracing`]) are CPython's.
//!
//! Code generation gives every instruction the location of what it was compiled from, or no
//! location at all for the instructions the compiler makes up (`UNSET_LOC`: the jump back of
//! a `for` loop, the `POP_TOP` after an expression statement, the implicit `return None`, the
//! cleanup of a handler). Then, on the control-flow graph of basic blocks, in this order:
//!
//! 1. `extend_block`: a block that ends in an unconditional jump to a small exit block without
//!    line numbers (an implicit `return None`) gets a copy of that block instead of the jump;
//! 2. `optimize_cfg`: constant conditions (`while True:`) become a `NOP` and a jump or nothing;
//!    `clean_basic_block` drops every `NOP` that carries no new line; unreachable blocks go;
//!    a jump to the next block becomes a `NOP`;
//! 3. `duplicate_exits_without_lineno`: an exit block without line numbers reached by several
//!    jumps is copied for each, so every copy can take the line of its jump;
//! 4. `propagate_line_numbers`: an instruction without a line takes the line of the one before
//!    it in its block, and the first instruction of a block with one predecessor the line of
//!    that predecessor's last instruction;
//! 5. `guarantee_lineno_for_exits`: a `return` still without a line takes the last line seen;
//! 6. the exception-block pseudo-instructions (`SETUP_FINALLY`, `POP_BLOCK`) become `NOP`s
//!    and `clean_basic_block` runs once more: the `NOP` of a `try:` line stays (it is the only
//!    instruction of that line), so `try:` has a line event of its own.
//!
//! A worked example: a `for` loop ending a function.
//!
//! ```text
//! def f(xs):           GET_ITER               line 2
//!     for x in xs:     FOR_ITER  -> exit      line 2
//!         t = x        STORE_FAST x           line 2
//!                      LOAD_FAST x; STORE t   line 3
//!                      JUMP_BACKWARD          none -> 3 (propagated: the loop's jump back
//!                                                       carries the last line of the body)
//!               exit:  LOAD_CONST None        none -> 2 (one predecessor, FOR_ITER on 2)
//!                      RETURN_VALUE           none -> 2
//! ```
//!
//! Stepping this reports 2 3 2 3 ... 2: the jump back is on line 3, so arriving at `FOR_ITER`
//! is a backward jump (an event on line 2 each iteration), and the return after the last
//! `FOR_ITER` stays on line 2 (no event).
//!
//! The model's instructions are not CPython's one for one (no `RESUME`, `PRECALL`, `CACHE`;
//! one `MATCH_PATTERN` for a whole pattern), but blocks, jumps and locations are made where
//! CPython makes them, which is what these passes read.

use crate::code::{Instr, Position};

/// What an instruction is for the assembler besides itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pseudo {
    /// A real instruction.
    No,
    /// `SETUP_FINALLY`/`SETUP_CLEANUP`/`SETUP_WITH`: a `NOP` that starts the region whose
    /// exceptions go to the instruction at this index (an edge of the flow graph).
    Setup(u32),
    /// `POP_BLOCK`: a `NOP` that ends a region.
    PopBlock,
}

/// An instruction being assembled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ins {
    pub instr: Instr,
    /// Its location; `line == 0` is no location (CPython's `-1`).
    pub pos: Position,
    /// The exception handler covering it (an index into the unit's handlers).
    pub handler: Option<usize>,
    pub pseudo: Pseudo,
}

/// The assembled unit: instructions (jump targets are indices into it) and where each old
/// block-starting index went.
pub struct Assembled {
    pub ins: Vec<Ins>,
    /// `new_index[old]` for every old index that started a block (jump and handler targets).
    pub new_index: Vec<Option<u32>>,
    /// How many instructions at the start are on line 0: a module's `RESUME` is on line 0
    /// and gives it to the instructions after it that have no line (a module without
    /// statements: its implicit `return None`). `Position` has no line 0 (0 is "none").
    pub line_zero: usize,
}

/// The jump target of an instruction, if it is a jump (`is_jump`).
pub fn jump_target(i: &Instr) -> Option<u32> {
    match *i {
        Instr::ForIter(t)
        | Instr::JumpForward(t)
        | Instr::JumpBackward(t)
        | Instr::PopJumpIfFalse(t)
        | Instr::PopJumpIfTrue(t)
        | Instr::PopJumpIfNone(t)
        | Instr::PopJumpIfNotNone(t)
        | Instr::JumpIfFalseOrPop(t)
        | Instr::JumpIfTrueOrPop(t)
        | Instr::Send(t) => Some(t),
        _ => None,
    }
}

/// The same jump to another target.
pub fn retarget(i: Instr, t: u32) -> Instr {
    match i {
        Instr::ForIter(_) => Instr::ForIter(t),
        Instr::JumpForward(_) => Instr::JumpForward(t),
        Instr::JumpBackward(_) => Instr::JumpBackward(t),
        Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(t),
        Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(t),
        Instr::PopJumpIfNone(_) => Instr::PopJumpIfNone(t),
        Instr::PopJumpIfNotNone(_) => Instr::PopJumpIfNotNone(t),
        Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(t),
        Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(t),
        Instr::Send(_) => Instr::Send(t),
        other => other,
    }
}

fn is_unconditional_jump(i: &Instr) -> bool {
    matches!(i, Instr::JumpForward(_) | Instr::JumpBackward(_))
}

fn is_exit(i: &Instr) -> bool {
    matches!(
        i,
        Instr::ReturnValue | Instr::RaiseVarargs(_) | Instr::Reraise(_)
    )
}

/// `is_end_of_basic_block`.
fn ends_block(i: &Instr) -> bool {
    jump_target(i).is_some() || is_exit(i)
}

fn has_line(p: &Position) -> bool {
    p.line > 0
}

const NONE: Position = Position {
    line: 0,
    end_line: 0,
    col: 0,
    end_col: 0,
};

/// An instruction inside the flow graph: jump targets are block ids.
#[derive(Clone, Copy, Debug)]
struct Node {
    ins: Ins,
    /// Target block of a jump or a setup.
    target: Option<usize>,
}

#[derive(Clone, Debug, Default)]
struct Block {
    nodes: Vec<Node>,
    /// The block reached by falling through (layout order).
    next: Option<usize>,
    /// `b_predecessors`, as `mark_reachable` counts them (and `duplicate_exits_without_lineno`
    /// adjusts them): stale afterwards, as in CPython.
    preds: usize,
    exit: bool,
    nofallthrough: bool,
    /// The first old index of the block (for handler targets).
    old_start: Option<usize>,
}

impl Block {
    fn last(&self) -> Option<&Node> {
        self.nodes.last()
    }
    fn last_jump(&self) -> Option<usize> {
        let n = self.last()?;
        jump_target(&n.ins.instr).and(n.target)
    }
    fn is_exit_without_lineno(&self) -> bool {
        self.exit && !self.nodes.iter().any(|n| n.ins.pos.line > 0)
    }
}

struct Graph {
    blocks: Vec<Block>,
    entry: usize,
}

impl Graph {
    /// Block ids in layout order.
    fn order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.blocks.len());
        let mut b = Some(self.entry);
        while let Some(id) = b {
            out.push(id);
            b = self.blocks[id].next;
        }
        out
    }

    /// The first non-empty block from `b` on (`while (target->b_iused == 0) target = next`).
    fn skip_empty(&self, mut b: usize) -> usize {
        while self.blocks[b].nodes.is_empty() {
            match self.blocks[b].next {
                Some(n) => b = n,
                None => break,
            }
        }
        b
    }
}

/// Build the flow graph of a unit. Blocks start at index 0, at every jump or handler target,
/// at every bound label and after every jump, return and raise.
fn build(ins: Vec<Ins>, leaders_extra: &[usize]) -> Graph {
    let n = ins.len();
    let mut leader = vec![false; n + 1];
    leader[0] = true;
    for &l in leaders_extra {
        if l <= n {
            leader[l] = true;
        }
    }
    for (i, x) in ins.iter().enumerate() {
        if let Some(t) = jump_target(&x.instr) {
            leader[(t as usize).min(n)] = true;
        }
        if let Pseudo::Setup(t) = x.pseudo {
            leader[(t as usize).min(n)] = true;
        }
        if ends_block(&x.instr) {
            leader[i + 1] = true;
        }
    }
    // block id of each leader index
    let mut block_of = vec![usize::MAX; n + 1];
    let mut count = 0;
    for (i, &l) in leader.iter().enumerate() {
        if l {
            block_of[i] = count;
            count += 1;
        }
    }
    let mut blocks: Vec<Block> = vec![Block::default(); count];
    let mut current = 0;
    for (i, x) in ins.into_iter().enumerate() {
        if leader[i] {
            current = block_of[i];
            blocks[current].old_start = Some(i);
        }
        let target = jump_target(&x.instr)
            .or(match x.pseudo {
                Pseudo::Setup(t) => Some(t),
                _ => None,
            })
            .map(|t| block_of[(t as usize).min(n)]);
        blocks[current].nodes.push(Node { ins: x, target });
    }
    blocks[count - 1].old_start.get_or_insert(n);
    for (b, block) in blocks.iter_mut().enumerate() {
        block.next = (b + 1 < count).then_some(b + 1);
    }
    // `normalize_basic_block`
    for b in &mut blocks {
        if let Some(last) = b.nodes.last() {
            if is_exit(&last.ins.instr) {
                b.exit = true;
                b.nofallthrough = true;
            } else if is_unconditional_jump(&last.ins.instr) {
                b.nofallthrough = true;
            }
        }
    }
    let mut g = Graph { blocks, entry: 0 };
    // jumps to empty blocks go to the next non-empty one
    for b in 0..g.blocks.len() {
        for k in 0..g.blocks[b].nodes.len() {
            if let Some(t) = g.blocks[b].nodes[k].target {
                let t2 = g.skip_empty(t);
                g.blocks[b].nodes[k].target = Some(t2);
            }
        }
    }
    g
}

/// `extend_block`: replace an unconditional jump to a small exit block without line numbers
/// by a copy of that block.
fn extend_block(g: &mut Graph, b: usize) {
    let Some(last) = g.blocks[b].last().copied() else {
        return;
    };
    if !is_unconditional_jump(&last.ins.instr) {
        return;
    }
    let Some(t) = last.target else { return };
    let target = &g.blocks[t];
    if !target.exit || target.nodes.len() > 4 || target.nodes.iter().any(|n| n.ins.pos.line > 0) {
        return;
    }
    let copy: Vec<Node> = target
        .nodes
        .iter()
        .map(|n| Node {
            ins: Ins {
                handler: last.ins.handler,
                ..n.ins
            },
            target: n.target,
        })
        .collect();
    let block = &mut g.blocks[b];
    if let Some(l) = block.nodes.last_mut() {
        l.ins.instr = Instr::Nop;
        l.target = None;
    }
    block.nodes.extend(copy);
    block.exit = true;
}

/// `clean_basic_block`: remove the `NOP`s that add no line.
fn clean_basic_block(g: &mut Graph, b: usize) {
    // the first line of the next non-empty block
    let next_line = {
        let mut next = g.blocks[b].next;
        while let Some(n) = next {
            if !g.blocks[n].nodes.is_empty() {
                break;
            }
            next = g.blocks[n].next;
        }
        next.map(|n| g.blocks[n].nodes[0].ins.pos.line)
    };
    let nodes = std::mem::take(&mut g.blocks[b].nodes);
    let len = nodes.len();
    let mut out: Vec<Node> = Vec::with_capacity(len);
    let mut nodes = nodes;
    let mut prev_line: u32 = 0;
    let mut prev_set = false;
    for src in 0..len {
        let node = nodes[src];
        let line = node.ins.pos.line;
        let is_nop = node.ins.instr == Instr::Nop && node.ins.pseudo == Pseudo::No;
        if is_nop {
            if line == 0 {
                continue;
            }
            if prev_set && prev_line == line {
                continue;
            }
            if src + 1 < len {
                let next = nodes[src + 1].ins.pos;
                if next.line == line {
                    continue;
                }
                if next.line == 0 {
                    nodes[src + 1].ins.pos = node.ins.pos;
                    continue;
                }
            } else if next_line == Some(line) {
                continue;
            }
        }
        out.push(node);
        prev_line = line;
        prev_set = line > 0;
    }
    g.blocks[b].nodes = out;
}

/// The part of `optimize_basic_block` that changes lines: a constant condition (`while True:`,
/// `if 0:`) becomes a `NOP` and an unconditional jump, or two `NOP`s.
/// What the optimiser asks of a constant (`co_consts[i]`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ConstInfo {
    /// Its truth value, when known at compile time.
    pub truth: Option<bool>,
    /// It is `None`.
    pub is_none: bool,
}

fn optimize_basic_block(g: &mut Graph, b: usize, consts: &dyn Fn(u32) -> ConstInfo) {
    let len = g.blocks[b].nodes.len();
    for i in 0..len.saturating_sub(1) {
        let Instr::LoadConst(c) = g.blocks[b].nodes[i].ins.instr else {
            continue;
        };
        let next = g.blocks[b].nodes[i + 1].ins.instr;
        // `x is None` / `x is not None` tested by a jump: `LOAD_CONST None`, `IS_OP`,
        // `POP_JUMP_IF_FALSE/TRUE` become NOPs and one `POP_JUMP_IF_(NOT_)NONE`
        if let Instr::IsOp(invert) = next {
            let Some(jump) = g.blocks[b].nodes.get(i + 2).map(|n| n.ins.instr) else {
                continue;
            };
            let if_false = match jump {
                Instr::PopJumpIfFalse(_) => true,
                Instr::PopJumpIfTrue(_) => false,
                _ => continue,
            };
            if !consts(c).is_none {
                continue;
            }
            let t = jump_target(&jump).unwrap_or(0);
            let block = &mut g.blocks[b];
            block.nodes[i].ins.instr = Instr::Nop;
            block.nodes[i + 1].ins.instr = Instr::Nop;
            block.nodes[i + 2].ins.instr = if invert != if_false {
                Instr::PopJumpIfNotNone(t)
            } else {
                Instr::PopJumpIfNone(t)
            };
            continue;
        }
        let (jump_if_true, pops) = match next {
            Instr::PopJumpIfFalse(_) => (false, true),
            Instr::PopJumpIfTrue(_) => (true, true),
            Instr::JumpIfFalseOrPop(_) => (false, false),
            Instr::JumpIfTrueOrPop(_) => (true, false),
            _ => continue,
        };
        let Some(is_true) = consts(c).truth else {
            continue;
        };
        let block = &mut g.blocks[b];
        if is_true == jump_if_true {
            if pops {
                block.nodes[i].ins.instr = Instr::Nop;
            }
            let t = jump_target(&next).unwrap_or(0);
            block.nodes[i + 1].ins.instr = Instr::JumpForward(t);
            block.nofallthrough = true;
        } else {
            block.nodes[i].ins.instr = Instr::Nop;
            block.nodes[i + 1].ins.instr = Instr::Nop;
            block.nodes[i + 1].target = None;
        }
    }
}

/// `mark_reachable`: predecessors of every block reached from the entry (fall-through edges,
/// jumps and exception-region setups).
fn mark_reachable(g: &mut Graph) {
    for b in &mut g.blocks {
        b.preds = 0;
    }
    g.blocks[g.entry].preds = 1;
    let mut stack = vec![g.entry];
    while let Some(b) = stack.pop() {
        let next = g.blocks[b].next;
        if let Some(n) = next {
            if !g.blocks[b].nofallthrough {
                if g.blocks[n].preds == 0 {
                    stack.push(n);
                }
                g.blocks[n].preds += 1;
            }
        }
        let targets: Vec<usize> = g.blocks[b].nodes.iter().filter_map(|n| n.target).collect();
        for t in targets {
            if g.blocks[t].preds == 0 {
                stack.push(t);
            }
            g.blocks[t].preds += 1;
        }
    }
}

/// `eliminate_empty_basic_blocks`.
fn eliminate_empty(g: &mut Graph) {
    // each block's next becomes the first block after it that is not empty (or the last):
    // from the end backwards, so an empty next block's own link is already resolved and a
    // run of 100,000 empty blocks (`0 or 0 or ...`) costs one step a block, not a walk each
    for b in g.order().into_iter().rev() {
        if let Some(n) = g.blocks[b].next {
            if g.blocks[n].nodes.is_empty() && g.blocks[n].next.is_some() {
                g.blocks[b].next = g.blocks[n].next;
            }
        }
    }
    for b in g.order() {
        if let Some(k) = g.blocks[b].nodes.len().checked_sub(1) {
            if let Some(t) = g.blocks[b].nodes[k].target {
                if jump_target(&g.blocks[b].nodes[k].ins.instr).is_some() {
                    let t2 = g.skip_empty(t);
                    g.blocks[b].nodes[k].target = Some(t2);
                }
            }
        }
    }
}

fn optimize_cfg(g: &mut Graph, consts: &dyn Fn(u32) -> ConstInfo) {
    for b in g.order() {
        optimize_basic_block(g, b, consts);
        clean_basic_block(g, b);
    }
    for b in (0..g.blocks.len()).rev() {
        extend_block(g, b);
    }
    mark_reachable(g);
    for b in g.order() {
        if g.blocks[b].preds == 0 {
            g.blocks[b].nodes.clear();
            g.blocks[b].nofallthrough = false;
        }
    }
    eliminate_empty(g);
    for b in g.order() {
        clean_basic_block(g, b);
    }
    // a jump to the next block is a NOP (it keeps its location)
    let mut maybe_empty = false;
    for b in g.order() {
        let next = g.blocks[b].next;
        let block = &mut g.blocks[b];
        if let Some(last) = block.nodes.last_mut() {
            if is_unconditional_jump(&last.ins.instr) && last.target == next {
                last.ins.instr = Instr::Nop;
                last.target = None;
                block.nofallthrough = false;
                maybe_empty = true;
            }
        }
    }
    if maybe_empty {
        eliminate_empty(g);
    }
}

/// `duplicate_exits_without_lineno`.
fn duplicate_exits_without_lineno(g: &mut Graph) {
    // CPython walks the blocks newest first; the model's blocks are numbered in layout order
    for b in (0..g.blocks.len()).rev() {
        let Some(t) = g.blocks[b].last_jump() else {
            continue;
        };
        if !(g.blocks[t].is_exit_without_lineno() && g.blocks[t].preds > 1) {
            continue;
        }
        let jump = *g.blocks[b].last().expect("a jump ends the block");
        let mut copy = g.blocks[t].clone();
        copy.old_start = None;
        if let Some(first) = copy.nodes.first_mut() {
            first.ins.pos = jump.ins.pos;
        }
        for n in &mut copy.nodes {
            n.ins.handler = jump.ins.handler;
        }
        copy.preds = 1;
        copy.next = g.blocks[t].next;
        g.blocks.push(copy);
        let id = g.blocks.len() - 1;
        g.blocks[t].next = Some(id);
        g.blocks[t].preds -= 1;
        if let Some(last) = g.blocks[b].nodes.last_mut() {
            last.target = Some(id);
        }
    }
    for b in g.order() {
        let block = &g.blocks[b];
        if block.nofallthrough || block.nodes.is_empty() {
            continue;
        }
        let Some(n) = block.next else { continue };
        if g.blocks[n].is_exit_without_lineno() {
            let pos = block.last().expect("non-empty").ins.pos;
            if let Some(first) = g.blocks[n].nodes.first_mut() {
                first.ins.pos = pos;
            }
        }
    }
}

/// `propagate_line_numbers`.
fn propagate_line_numbers(g: &mut Graph) {
    for b in g.order() {
        if g.blocks[b].nodes.is_empty() {
            continue;
        }
        let mut prev = NONE;
        for n in &mut g.blocks[b].nodes {
            if has_line(&n.ins.pos) {
                prev = n.ins.pos;
            } else {
                n.ins.pos = prev;
            }
        }
        let block = &g.blocks[b];
        let fall = (!block.nofallthrough).then_some(block.next).flatten();
        let jump = block.last_jump();
        if let Some(n) = fall {
            if g.blocks[n].preds == 1 {
                if let Some(first) = g.blocks[n].nodes.first_mut() {
                    if !has_line(&first.ins.pos) {
                        first.ins.pos = prev;
                    }
                }
            }
        }
        if let Some(t) = jump {
            if g.blocks[t].preds == 1 {
                if let Some(first) = g.blocks[t].nodes.first_mut() {
                    if !has_line(&first.ins.pos) {
                        first.ins.pos = prev;
                    }
                }
            }
        }
    }
}

/// `guarantee_lineno_for_exits`. The first `line_zero` instructions of the entry block are
/// on line 0 (a module's `RESUME` line): they have a line.
fn guarantee_lineno_for_exits(g: &mut Graph, first_line: u32, line_zero: usize) {
    let mut line = first_line.max(1);
    for b in g.order() {
        let block = &mut g.blocks[b];
        let Some(last) = block.nodes.last() else {
            continue;
        };
        if b == g.entry && line_zero >= block.nodes.len() {
            line = 0;
        } else if !has_line(&last.ins.pos) {
            if last.ins.instr == Instr::ReturnValue {
                for n in &mut block.nodes {
                    n.ins.pos.line = line;
                    n.ins.pos.end_line = line;
                }
            }
        } else {
            line = last.ins.pos.line;
        }
    }
}

/// Run the assembler's passes over a unit's instructions (jump targets and setups are
/// instruction indices). `leaders` are extra block starts (bound labels); `truth` says
/// whether constant `i` of the unit is true, when that is known at compile time.
///
/// `module`: the unit is a module, whose `RESUME` (which the model does not have) is on
/// line 0 rather than on `first_line`.
pub fn assemble(
    ins: Vec<Ins>,
    leaders: &[usize],
    first_line: u32,
    module: bool,
    consts: &dyn Fn(u32) -> ConstInfo,
) -> Assembled {
    let old_len = ins.len();
    if ins.is_empty() {
        return Assembled {
            ins,
            new_index: vec![Some(0)],
            line_zero: 0,
        };
    }
    let mut g = build(ins, leaders);
    for b in (0..g.blocks.len()).rev() {
        extend_block(&mut g, b);
    }
    optimize_cfg(&mut g, consts);
    duplicate_exits_without_lineno(&mut g);
    propagate_line_numbers(&mut g);
    // `RESUME` heads the entry block: instructions before the first with a line take its
    // line, which for a module is 0 (with statements `compiler_body` has located them all)
    let leading_unlocated = |g: &Graph| {
        g.blocks[g.entry]
            .nodes
            .iter()
            .take_while(|n| !has_line(&n.ins.pos))
            .count()
    };
    let line_zero = if module { leading_unlocated(&g) } else { 0 };
    guarantee_lineno_for_exits(&mut g, first_line, line_zero);
    // the exception-region pseudo-instructions become NOPs, and NOPs without a line go
    for b in g.order() {
        for n in &mut g.blocks[b].nodes {
            if n.ins.pseudo != Pseudo::No {
                n.ins.pseudo = Pseudo::No;
                n.ins.instr = Instr::Nop;
                n.target = None;
            }
        }
    }
    for b in g.order() {
        clean_basic_block(&mut g, b);
    }
    // lay the blocks out
    let order = g.order();
    let mut start = vec![u32::MAX; g.blocks.len()];
    let mut at = 0u32;
    for &b in &order {
        start[b] = at;
        at += g.blocks[b].nodes.len() as u32;
    }
    // a block that was emptied starts where the next laid-out instruction is
    for b in 0..g.blocks.len() {
        if start[b] == u32::MAX {
            let mut n = g.blocks[b].next;
            while let Some(x) = n {
                if start[x] != u32::MAX {
                    break;
                }
                n = g.blocks[x].next;
            }
            start[b] = n.map(|x| start[x]).unwrap_or(at);
        }
    }
    let mut out = Vec::with_capacity(at as usize);
    for &b in &order {
        for n in &g.blocks[b].nodes {
            let here = out.len() as u32;
            let mut ins = n.ins;
            if let (Some(_), Some(t)) = (jump_target(&ins.instr), n.target) {
                let target = start[t];
                ins.instr = retarget(ins.instr, target);
                if is_unconditional_jump(&ins.instr) {
                    ins.instr = if target > here {
                        Instr::JumpForward(target)
                    } else {
                        Instr::JumpBackward(target)
                    };
                }
            }
            out.push(ins);
        }
    }
    let mut new_index = vec![None; old_len + 1];
    for (b, block) in g.blocks.iter().enumerate() {
        if let Some(old) = block.old_start {
            if old <= old_len && new_index[old].is_none() {
                new_index[old] = Some(start[b]);
            }
        }
    }
    // the entry block is laid out first; the final cleaning may have dropped NOPs
    let line_zero = if line_zero > 0 {
        leading_unlocated(&g)
    } else {
        0
    };
    Assembled {
        ins: out,
        new_index,
        line_zero,
    }
}
