//! Snippet files: reads `.py` scripts, percent-format cell files (`# %%`) and `.ipynb` notebooks into
//! cells to run, renders them as one editable text, and writes edits back (atomically). The only file
//! I/O of the engine lives here.
//!
//! Cell splitting follows `/work/shared/fidelity/run_cells.py` (the reference runner) exactly: Python's
//! text-mode newline translation, `str.splitlines` line boundaries, `line.startswith("# %%")` markers,
//! and whitespace-only cells dropped.

pub mod source_encoding;

use serde_json::{Map, Value};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The marker that starts a cell in percent format. Anything after it on the line (`# %% [markdown]`,
/// a title) is ignored, and so is the whole marker line.
pub const CELL_MARKER: &str = "# %%";

/// How a snippet file is organised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetKind {
    /// A `.py` file without any `# %%` line: one cell, run like `python3 file.py`.
    Script,
    /// A `.py` (or other text) file with `# %%` markers: cells run one after another, like Jupyter.
    Cells,
    /// A Jupyter notebook (`.ipynb`, nbformat 4): its code cells run like Jupyter.
    Notebook,
}

/// One cell to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's code.
    pub source: String,
    /// 1-based line in the file of the cell's first source line, so that line `n` of the cell is line
    /// `first_line + n - 1` of the file. Always 1 for notebook cells (their lines are counted per cell).
    pub first_line: u32,
    /// For notebooks: the cell's position in the notebook's `cells` array (markdown cells included),
    /// for messages like "cell 3". For `.py` files: the cell's position in [`Snippet::cells`].
    pub index: usize,
}

/// A loaded snippet file: the cells to run plus what is needed to edit and save it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// How the file is organised.
    pub kind: SnippetKind,
    /// The cells to run, in order. Whitespace-only cells are left out (Jupyter runs nothing for
    /// them and does not count them), except that a `Script` always has exactly one cell.
    pub cells: Vec<Cell>,
    /// The path the snippet was loaded from (or the hint given to [`load_str`]), for messages.
    path: String,
    /// The file's text as read.
    text: String,
    /// The parsed notebook, for `Notebook` snippets.
    notebook: Option<Value>,
}

/// Why a snippet could not be loaded or rebuilt. Displays as `path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file concerned.
    pub path: String,
    /// What went wrong, in words for the user.
    pub message: String,
    /// When the file is not Python source (PEP 263): what python3 prints for it (it exits
    /// with status 1, as for any syntax error).
    pub python_error: Option<String>,
}

impl LoadError {
    fn new(path: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_string(),
            message: message.into(),
            python_error: None,
        }
    }

    /// A file python3 refuses as source, with what it prints.
    fn python(path: &str, rendered: String) -> LoadError {
        let message = rendered.lines().last().unwrap_or_default().to_string();
        LoadError {
            path: path.to_string(),
            message,
            python_error: Some(rendered),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

/// Loads a snippet from text. The kind comes from the extension of `path_hint` and the content: an
/// `.ipynb` name means a notebook (and must parse as one); any other name is a notebook only if the
/// text is a JSON object that parses as an nbformat 4 notebook; otherwise the text is Python, split
/// into cells at `# %%` lines when it has any, else a single-cell `Script`.
pub fn load_str(path_hint: &str, text: &str) -> Result<Snippet, LoadError> {
    let is_ipynb = Path::new(path_hint)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"));
    if is_ipynb {
        return load_notebook(path_hint, text);
    }
    if text.trim_start().starts_with('{') {
        if let Ok(snippet) = load_notebook(path_hint, text) {
            return Ok(snippet);
        }
    }
    Ok(load_python(path_hint, text))
}

/// Reads and loads a snippet file (see [`load_str`]). A notebook must be UTF-8 JSON; Python
/// source is decoded as PEP 263 says ([`source_encoding`]), and bytes python3 refuses give the
/// error it prints. Unreadable files give a [`LoadError`] naming the file.
pub fn load_file(path: &Path) -> Result<Snippet, LoadError> {
    let shown = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| LoadError::new(&shown, format!("cannot read: {e}")))?;
    let is_ipynb = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"));
    if is_ipynb {
        let text = String::from_utf8(bytes).map_err(|e| {
            LoadError::new(
                &shown,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        return load_str(&shown, &text);
    }
    // python3 names the script by its absolute path in these messages
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = absolute.display().to_string();
    let text = source_encoding::decode(&bytes, &absolute)
        .map_err(|e| LoadError::python(&shown, e.rendered))?;
    if let Some(e) = source_encoding::utf8_token_error(&bytes, &absolute) {
        return Err(LoadError::python(&shown, e.rendered));
    }
    load_str(&shown, &text)
}

impl Snippet {
    /// The path the snippet came from (as given).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The text shown in an editor for this snippet: for `.py` the file as is; for a notebook its code
    /// cells in percent format, each preceded by a `# %%` line (markdown and raw cells are not shown;
    /// they are kept when saving).
    pub fn editor_text(&self) -> String {
        match &self.notebook {
            None => self.text.clone(),
            Some(nb) => {
                let mut out = String::new();
                for (_, src) in code_cells(nb) {
                    out.push_str(&render_cell(&src));
                }
                out
            }
        }
    }

    /// For a notebook, the markdown (and raw) cells that come right before each code cell of
    /// [`Snippet::editor_text`], in order: what the editor shows, dimmed, at that cell's
    /// `# %%` line. Empty for a `.py` file.
    pub fn notes_before_code_cells(&self) -> Vec<Vec<String>> {
        let Some(cells) = self
            .notebook
            .as_ref()
            .and_then(|nb| nb.get("cells"))
            .and_then(Value::as_array)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for c in cells {
            let Some(src) = source_text(c) else { continue };
            if c.get("cell_type").and_then(Value::as_str) == Some("code") {
                out.push(std::mem::take(&mut pending));
            } else if !src.trim().is_empty() {
                pending.push(src);
            }
        }
        out
    }

    /// Rebuilds the file contents after the user edited [`Snippet::editor_text`].
    ///
    /// For `.py` snippets that is the text itself. For notebooks the original notebook is kept, with
    /// its code cells replaced by the edited cells, and written the way Jupyter writes (`nbformat`:
    /// keys sorted, indent 1, multi-line strings as lists of lines, transient fields dropped, trailing
    /// newline). Markdown and raw cells, metadata, outputs and cell order are preserved.
    ///
    /// How edited cells map to the notebook's code cells: cells whose text is unchanged are matched
    /// first (longest common subsequence), so inserting or deleting a cell does not shift the outputs
    /// of the others. Between two matched cells, the remaining edited and original cells are paired in
    /// order, preferring pairs that share lines (so with as many cells on both sides every cell is
    /// edited in place, and a changed cell next to an added one stays with its original). A changed
    /// cell keeps its id, outputs, execution count and metadata, as when a cell is edited in Jupyter
    /// without running it. Unpaired original cells are deleted; unpaired edited cells become new code
    /// cells (empty outputs, deterministic ids `refscope-N` from nbformat 4.5 on) placed right after
    /// the previous code cell (before the first code cell if none precedes them; at the end if the
    /// notebook has no code cell). Text before the first `# %%`
    /// line becomes a new first cell unless it is blank. Edited sources lose the one trailing newline
    /// the editor text adds (Jupyter stores sources without it). A line starting with `# %%` inside a
    /// notebook cell splits that cell once edited (percent format cannot express it).
    pub fn with_edited_text(&self, text: &str) -> Result<String, LoadError> {
        match &self.notebook {
            None => Ok(text.to_string()),
            Some(nb) => rebuild_notebook(&self.path, nb, text),
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Python text: percent format

/// Python's `str.splitlines()` line boundaries.
fn is_py_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `str.isspace()` for one character: Rust's `White_Space` plus the four information
/// separators `\x1c`..`\x1f`, which Python counts as whitespace.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `not s.strip()` in Python.
fn is_blank(s: &str) -> bool {
    s.chars().all(is_py_space)
}

/// Python's `s.splitlines(keepends=True)` as `(start offset, line)` pairs (`\r\n` is one boundary).
fn py_lines(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_py_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = it.peek() {
                    end = j + 1;
                    it.next();
                }
            }
            out.push((start, &s[start..end]));
            start = end;
        }
    }
    if start < s.len() {
        out.push((start, &s[start..]));
    }
    out
}

/// What `open(path, encoding="utf-8").read()` gives: universal newlines (`\r\n` and `\r` become
/// `\n`). A leading byte-order mark is dropped too (Python would keep it, making a first-line marker
/// invisible and the first cell fail to compile).
fn python_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A run of lines between `# %%` markers.
struct Section {
    text: String,
    /// 1-based line (counting `\n`) where the section starts.
    first_line: u32,
}

/// Splits text at `# %%` lines. The first section holds whatever precedes the first marker (possibly
/// nothing); each marker starts a new section and belongs to none. Returns the sections and whether
/// any marker was found. No section is dropped here.
fn percent_sections(text: &str) -> (Vec<Section>, bool) {
    let mut sections = vec![Section {
        text: String::new(),
        first_line: 1,
    }];
    let mut any_marker = false;
    let mut line_no: u32 = 1;
    for (_, line) in py_lines(text) {
        let newlines = line.matches('\n').count() as u32;
        if line.starts_with(CELL_MARKER) {
            any_marker = true;
            sections.push(Section {
                text: String::new(),
                first_line: line_no.saturating_add(newlines),
            });
        } else if let Some(cur) = sections.last_mut() {
            cur.text.push_str(line);
        }
        line_no = line_no.saturating_add(newlines);
    }
    (sections, any_marker)
}

fn load_python(path: &str, raw: &str) -> Snippet {
    let text = python_text(raw);
    let (sections, any_marker) = percent_sections(&text);
    let (kind, cells) = if any_marker {
        let cells = sections
            .into_iter()
            .filter(|s| !is_blank(&s.text))
            .enumerate()
            .map(|(index, s)| Cell {
                source: s.text,
                first_line: s.first_line,
                index,
            })
            .collect();
        (SnippetKind::Cells, cells)
    } else {
        let cell = Cell {
            source: text,
            first_line: 1,
            index: 0,
        };
        (SnippetKind::Script, vec![cell])
    };
    Snippet {
        kind,
        cells,
        path: path.to_string(),
        text: raw.to_string(),
        notebook: None,
    }
}

// ----------------------------------------------------------------------------------------------
// Notebooks

fn load_notebook(path: &str, text: &str) -> Result<Snippet, LoadError> {
    let text_nobom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let nb: Value = serde_json::from_str(text_nobom)
        .map_err(|e| LoadError::new(path, format!("not a notebook: invalid JSON ({e})")))?;
    validate_notebook(path, &nb)?;
    let cells = code_cells(&nb)
        .into_iter()
        .filter(|(_, src)| !is_blank(src))
        .map(|(index, source)| Cell {
            source,
            first_line: 1,
            index,
        })
        .collect();
    Ok(Snippet {
        kind: SnippetKind::Notebook,
        cells,
        path: path.to_string(),
        text: text.to_string(),
        notebook: Some(nb),
    })
}

/// Checks the parts of nbformat 4 that loading and saving rely on.
fn validate_notebook(path: &str, nb: &Value) -> Result<(), LoadError> {
    let err = |m: String| Err(LoadError::new(path, m));
    let Some(obj) = nb.as_object() else {
        return err("not a notebook: the JSON is not an object".into());
    };
    match obj.get("nbformat").and_then(Value::as_u64) {
        Some(4) => {}
        Some(v) => {
            return err(format!(
                "nbformat {v} is not supported (only nbformat 4; open and save it in Jupyter to upgrade)"
            ))
        }
        None if obj.contains_key("nbformat") => {
            return err("not a notebook: \"nbformat\" is not a version number".into())
        }
        None => return err("not a notebook: no \"nbformat\" version number".into()),
    }
    let Some(cells) = obj.get("cells").and_then(Value::as_array) else {
        return err("not a notebook: no \"cells\" list".into());
    };
    for (i, cell) in cells.iter().enumerate() {
        let Some(c) = cell.as_object() else {
            return err(format!("cell {i} is not a JSON object"));
        };
        let Some(kind) = c.get("cell_type").and_then(Value::as_str) else {
            return err(format!("cell {i} has no \"cell_type\""));
        };
        if kind == "code" && source_text(cell).is_none() {
            return err(format!(
                "code cell {i}: \"source\" must be a string or a list of strings"
            ));
        }
    }
    Ok(())
}

/// A cell's `source`, joined if it is a list of strings.
fn source_text(cell: &Value) -> Option<String> {
    match cell.get("source")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => parts.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

/// The code cells of a (validated) notebook as `(index in cells, source)`.
fn code_cells(nb: &Value) -> Vec<(usize, String)> {
    let Some(cells) = nb.get("cells").and_then(Value::as_array) else {
        return Vec::new();
    };
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.get("cell_type").and_then(Value::as_str) == Some("code"))
        .filter_map(|(i, c)| source_text(c).map(|s| (i, s)))
        .collect()
}

/// A notebook cell in the editor: a marker line, then the source, ending with a line break so that
/// the next marker starts a line.
fn render_cell(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 6);
    out.push_str(CELL_MARKER);
    out.push('\n');
    out.push_str(src);
    if src.chars().last().is_some_and(|c| !is_py_line_break(c)) {
        out.push('\n');
    }
    out
}

/// What to do with each original code cell, and which new cells go where.
struct Plan {
    /// Per original code cell: `None` = keep as is, `Some(None)` = delete, `Some(Some(text))` = new
    /// source.
    change: Vec<Option<Option<String>>>,
    /// `insert[t]`: new cells placed after original code cell `t - 1` (`insert[0]`: before the first).
    insert: Vec<Vec<String>>,
}

/// Pairs up edited sections with original code cells (see [`Snippet::with_edited_text`]).
fn plan_edit(original: &[String], edited: &[String]) -> Plan {
    let (n, m) = (original.len(), edited.len());
    // Identical cells are matched: the common prefix and suffix, then the longest common
    // subsequence of what lies between (unless its table would be huge: then nothing more).
    let prefix = (0..n.min(m))
        .take_while(|&k| original[k] == edited[k])
        .count();
    let suffix = (0..n.min(m) - prefix)
        .take_while(|&k| original[n - 1 - k] == edited[m - 1 - k])
        .count();
    let mut anchors: Vec<(usize, usize)> = (0..prefix).map(|k| (k, k)).collect();
    let (orig_mid, edit_mid) = (&original[prefix..n - suffix], &edited[prefix..m - suffix]);
    let (mn, mm) = (orig_mid.len(), edit_mid.len());
    if mn.saturating_mul(mm) <= 4_000_000 {
        let w = mm + 1;
        let mut lcs = vec![0u32; (mn + 1) * w];
        for i in (0..mn).rev() {
            for j in (0..mm).rev() {
                lcs[i * w + j] = if orig_mid[i] == edit_mid[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < mn && j < mm {
            if orig_mid[i] == edit_mid[j] {
                anchors.push((prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    anchors.extend((0..suffix).rev().map(|k| (n - 1 - k, m - 1 - k)));
    anchors.push((n, m)); // sentinel: the end of both lists

    let mut plan = Plan {
        change: vec![None; n],
        insert: vec![Vec::new(); n + 1],
    };
    let (mut i0, mut j0) = (0, 0);
    for &(i1, j1) in &anchors {
        // Unmatched originals i0..i1 and edited j0..j1 lie between two matched cells.
        // `slot`: where a new cell goes, after the last original cell consumed so far.
        let mut slot = i0;
        for step in pair_run(&original[i0..i1], &edited[j0..j1]) {
            match step {
                Step::Pair(i, j) => {
                    plan.change[i0 + i] = Some(Some(edited[j0 + j].clone()));
                    slot = i0 + i + 1;
                }
                Step::Delete(i) => {
                    plan.change[i0 + i] = Some(None);
                    slot = i0 + i + 1;
                }
                Step::New(j) => plan.insert[slot].push(edited[j0 + j].clone()),
            }
        }
        (i0, j0) = (i1 + 1, j1 + 1);
    }
    plan
}

/// One decision for a run of unmatched cells (indices relative to the run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Edited cell `.1` is original cell `.0`, changed.
    Pair(usize, usize),
    /// Original cell deleted.
    Delete(usize),
    /// Edited cell added.
    New(usize),
}

/// Lines two cell texts share (as a multiset, ignoring blank lines and surrounding spaces).
fn similarity(a: &str, b: &str) -> u32 {
    let mut lines: Vec<&str> = a.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut shared = 0;
    for l in b.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(k) = lines.iter().position(|x| *x == l) {
            lines.swap_remove(k);
            shared += 1;
        }
    }
    shared
}

/// Pairs unmatched original and edited cells in order, preferring pairs that share lines: each pair
/// scores 1 + 2 * shared lines, so every possible pair is made when the counts are equal (an edit in
/// place), and when a cell was added or deleted the others stay with the cells they resemble.
fn pair_run(original: &[String], edited: &[String]) -> Vec<Step> {
    let (n, m) = (original.len(), edited.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > 10_000 {
        // Nothing to choose (or too much to compare): pair in order, then delete or add the rest.
        let paired = n.min(m);
        let mut steps: Vec<Step> = (0..paired).map(|k| Step::Pair(k, k)).collect();
        steps.extend((paired..n).map(Step::Delete));
        steps.extend((paired..m).map(Step::New));
        return steps;
    }
    let w = m + 1;
    let mut best = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = 1 + 2 * similarity(&original[i], &edited[j]) + best[(i + 1) * w + j + 1];
            best[i * w + j] = pair.max(best[(i + 1) * w + j]).max(best[i * w + j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut steps = Vec::with_capacity(n + m);
    while i < n && j < m {
        let pair = 1 + 2 * similarity(&original[i], &edited[j]) + best[(i + 1) * w + j + 1];
        if pair == best[i * w + j] {
            steps.push(Step::Pair(i, j));
            i += 1;
            j += 1;
        } else if best[(i + 1) * w + j] == best[i * w + j] {
            steps.push(Step::Delete(i));
            i += 1;
        } else {
            steps.push(Step::New(j));
            j += 1;
        }
    }
    steps.extend((i..n).map(Step::Delete));
    steps.extend((j..m).map(Step::New));
    steps
}

/// An edited section back to a notebook source: drop the one line break the editor text added.
fn section_to_source(section: &str) -> String {
    let s = section.strip_suffix('\n').unwrap_or(section);
    s.to_string()
}

fn rebuild_notebook(path: &str, nb: &Value, text: &str) -> Result<String, LoadError> {
    let mut nb = nb.clone();
    let minor = nb
        .get("nbformat_minor")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) else {
        return Err(LoadError::new(path, "not a notebook: no \"cells\" list"));
    };
    let old_cells = std::mem::take(cells);

    let code_positions: Vec<usize> = old_cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.get("cell_type").and_then(Value::as_str) == Some("code"))
        .map(|(i, _)| i)
        .collect();
    let original: Vec<String> = code_positions
        .iter()
        .map(|&i| render_body(&source_text(&old_cells[i]).unwrap_or_default()))
        .collect();

    let (sections, _) = percent_sections(text);
    let mut edited: Vec<String> = Vec::new();
    let mut sections = sections.into_iter();
    if let Some(pre) = sections.next() {
        if !is_blank(&pre.text) {
            edited.push(pre.text);
        }
    }
    edited.extend(sections.map(|s| s.text));

    let plan = plan_edit(&original, &edited);
    let mut ids = IdMaker::new(&old_cells, minor >= 5);
    let new_cell = |src: &str, ids: &mut IdMaker| {
        let mut c = Map::new();
        c.insert("cell_type".into(), Value::from("code"));
        c.insert("execution_count".into(), Value::Null);
        if let Some(id) = ids.next() {
            c.insert("id".into(), Value::from(id));
        }
        c.insert("metadata".into(), Value::Object(Map::new()));
        c.insert("outputs".into(), Value::Array(Vec::new()));
        c.insert("source".into(), Value::from(section_to_source(src)));
        Value::Object(c)
    };

    let mut out: Vec<Value> = Vec::with_capacity(old_cells.len() + edited.len());
    let mut code_seen = 0;
    for (pos, mut cell) in old_cells.into_iter().enumerate() {
        if code_positions.get(code_seen) != Some(&pos) {
            out.push(cell); // markdown, raw, unknown: untouched
            continue;
        }
        if code_seen == 0 {
            for src in &plan.insert[0] {
                out.push(new_cell(src, &mut ids));
            }
        }
        match &plan.change[code_seen] {
            None => out.push(cell),
            Some(None) => {}
            Some(Some(src)) => {
                if let Some(obj) = cell.as_object_mut() {
                    obj.insert("source".into(), Value::from(section_to_source(src)));
                }
                out.push(cell);
            }
        }
        code_seen += 1;
        for src in &plan.insert[code_seen] {
            out.push(new_cell(src, &mut ids));
        }
    }
    if code_positions.is_empty() {
        for src in &plan.insert[0] {
            out.push(new_cell(src, &mut ids));
        }
    }
    if let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) {
        *cells = out;
    }
    Ok(nbformat_writes(nb))
}

/// The editor text of one cell without its marker line (what a section holds when unchanged).
fn render_body(src: &str) -> String {
    render_cell(src)[CELL_MARKER.len() + 1..].to_string()
}

/// Cell ids for new cells (nbformat >= 4.5 requires them): `refscope-1`, `refscope-2`, ... skipping
/// ids already in the notebook. Deterministic, unlike Jupyter's random ones.
struct IdMaker {
    taken: Vec<String>,
    next: u64,
    enabled: bool,
}

impl IdMaker {
    fn new(cells: &[Value], enabled: bool) -> IdMaker {
        let taken = cells
            .iter()
            .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_string))
            .collect();
        IdMaker {
            taken,
            next: 1,
            enabled,
        }
    }

    fn next(&mut self) -> Option<String> {
        if !self.enabled {
            return None;
        }
        loop {
            let id = format!("refscope-{}", self.next);
            self.next += 1;
            if !self.taken.contains(&id) {
                self.taken.push(id.clone());
                return Some(id);
            }
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Writing notebooks like nbformat

/// `nbformat.writes` + the trailing newline `nbformat.write` adds: `split_lines`, `strip_transient`,
/// then `json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False)`.
fn nbformat_writes(mut nb: Value) -> String {
    split_lines(&mut nb);
    strip_transient(&mut nb);
    let mut out = String::new();
    write_json(&mut out, &nb, 0);
    out.push('\n');
    out
}

/// Python's `s.splitlines(True)` as a JSON list.
fn lines_value(s: &str) -> Value {
    Value::Array(
        py_lines(s)
            .into_iter()
            .map(|(_, l)| Value::from(l))
            .collect(),
    )
}

/// nbformat's `split_lines`: multi-line strings (sources, stream text, text-like mime data) become
/// lists of lines.
fn split_lines(nb: &mut Value) {
    let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) else {
        return;
    };
    for cell in cells {
        let Some(cell) = cell.as_object_mut() else {
            continue;
        };
        if let Some(Value::String(s)) = cell.get("source") {
            let v = lines_value(s);
            cell.insert("source".into(), v);
        }
        if let Some(Value::Object(att)) = cell.get_mut("attachments") {
            for bundle in att.values_mut() {
                split_mimebundle(bundle);
            }
        }
        if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let Some(Value::Array(outputs)) = cell.get_mut("outputs") else {
            continue;
        };
        for output in outputs {
            let Some(output) = output.as_object_mut() else {
                continue;
            };
            match output.get("output_type").and_then(Value::as_str) {
                Some("execute_result") | Some("display_data") => {
                    if let Some(data) = output.get_mut("data") {
                        split_mimebundle(data);
                    }
                }
                Some("stream") => {
                    if let Some(Value::String(s)) = output.get("text") {
                        let v = lines_value(s);
                        output.insert("text".into(), v);
                    }
                }
                _ => {}
            }
        }
    }
}

/// nbformat's `_split_mimebundle`: `text/*`, `application/javascript` and `image/svg+xml` strings.
fn split_mimebundle(data: &mut Value) {
    let Some(data) = data.as_object_mut() else {
        return;
    };
    for (key, value) in data.iter_mut() {
        let splits =
            key.starts_with("text/") || key == "application/javascript" || key == "image/svg+xml";
        if let (true, Value::String(s)) = (splits, &*value) {
            *value = lines_value(s);
        }
    }
}

/// nbformat's `strip_transient`: fields that must not be stored in files.
fn strip_transient(nb: &mut Value) {
    if let Some(meta) = nb.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in ["orig_nbformat", "orig_nbformat_minor", "signature"] {
            meta.shift_remove(key);
        }
    }
    if let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) {
        for cell in cells {
            if let Some(meta) = cell.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.shift_remove("trusted");
            }
        }
    }
}

/// `json.dumps` with `indent=1, sort_keys=True, ensure_ascii=False`.
fn write_json(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&py_float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => write_json_str(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline_indent(out, depth + 1);
                write_json(out, item, depth + 1);
            }
            newline_indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // Python sorts by code point; UTF-8 byte order is the same order.
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (k, (key, value)) in entries.into_iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline_indent(out, depth + 1);
                write_json_str(out, key);
                out.push_str(": ");
                write_json(out, value, depth + 1);
            }
            newline_indent(out, depth);
            out.push('}');
        }
    }
}

fn newline_indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push(' ');
    }
}

/// A JSON string as Python's encoder writes it with `ensure_ascii=False`: only `"`, `\` and control
/// characters are escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX` in lowercase hex).
fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest round-tripping digits, positional notation for exponents
/// -4..16 (with `.0` for integral values), else `d.ddde+XX`.
fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    // `{:e}` gives the shortest round-trip digits as `d.ddde<exp>`.
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

// ----------------------------------------------------------------------------------------------
// Saving

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `contents` to `path` atomically: a temporary file in the same directory is written,
/// flushed to disk (`fsync`) and renamed over `path`, so the file is either the old version or the
/// new one, never a truncated mix. On any failure the temporary file is removed and the original is
/// untouched. The original's permissions are kept; a symlink is followed and its target replaced.
pub fn save_atomic(path: &Path, contents: &str) -> io::Result<()> {
    save_atomic_with(path, contents, |_| Ok(()))
}

/// [`save_atomic`] with a hook run just before the rename (tests use it to simulate failures).
fn save_atomic_with(
    path: &Path,
    contents: &str,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_symlink(path);
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a file name", path.display()),
        )
    })?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Python source is written in the encoding it declares (PEP 263), notebooks as UTF-8
    let is_ipynb = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"));
    let bytes = if is_ipynb {
        contents.as_bytes().to_vec()
    } else {
        source_encoding::encode_for_save(contents)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
    };
    let (tmp, mut file) = create_temp(&dir, &name.to_string_lossy())?;
    let result = (|| {
        file.write_all(&bytes)?;
        if let Ok(meta) = fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        fs::rename(&tmp, &target)?;
        // Make the rename itself durable (best effort: not every platform can open a directory).
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The file a write to `path` should replace: the symlink's target if `path` is a symlink.
fn resolve_symlink(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| {
            // A dangling link: resolve one level by hand.
            match fs::read_link(path) {
                Ok(t) if t.is_absolute() => t,
                Ok(t) => path.parent().unwrap_or(Path::new("")).join(t),
                Err(_) => path.to_path_buf(),
            }
        }),
        _ => path.to_path_buf(),
    }
}

/// Creates a new, uniquely named hidden file next to the target.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{pid}.{n}.refscope-tmp"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs and what `run_cells.py`'s `cells_of` yields for them (checked against the real script
    /// with Python 3.11), with each cell's first line.
    /// `(name, file text, has a marker, expected (source, first_line) per cell)`.
    type PercentCase = (
        &'static str,
        &'static str,
        bool,
        &'static [(&'static str, u32)],
    );

    const PERCENT_CASES: &[PercentCase] = &[
        ("leading_content", "x = 1\n# %%\ny = 2\n", true, &[("x = 1\n", 1), ("y = 2\n", 3)]),
        ("titles_and_near_misses", "# %% [markdown]\n# A title\n# %%   \nprint(1)\n#%% not a marker\n # %% indented, not a marker\n# %%%\n\n   \n# %% Section 3\nz = 3", true, &[("# A title\n", 2), ("print(1)\n#%% not a marker\n # %% indented, not a marker\n", 4), ("z = 3", 11)]),
        ("blank_cells", "\n\n# %%\n\n# %%\n   \t\n# %%\nx = 1\n\n\n# %%\n", true, &[("x = 1\n\n\n", 8)]),
        ("crlf", "a = 1\r\n# %%\r\nb = 2\r\n\r\nc = 3\r\n", true, &[("a = 1\n", 1), ("b = 2\n\nc = 3\n", 3)]),
        ("lone_cr", "a = 1\r# %%\rb = 2", true, &[("a = 1\n", 1), ("b = 2", 3)]),
        ("form_feed_breaks_line", "a = 1\u{c}# %%\nb = 2\n", true, &[("a = 1\u{c}", 1), ("b = 2\n", 2)]),
        ("unicode_line_separator", "s = 'a\u{2028}# %% inside a string'\nt = 1\n", true, &[("s = 'a\u{2028}", 1), ("t = 1\n", 2)]),
        ("info_separator_is_space", "# %%\n\u{1c}\n# %%\n\u{a0}\n# %%\nok = 1\n", true, &[("ok = 1\n", 6)]),
        ("marker_last_line_no_newline", "x = 1\n# %%", true, &[("x = 1\n", 1)]),
        ("only_markers", "# %%\n# %%\n", true, &[]),
    ];

    #[test]
    fn percent_splitting_matches_run_cells_py() {
        for &(name, text, has_marker, expected) in PERCENT_CASES {
            let s = load_str("case.py", text).unwrap();
            assert_eq!(
                s.kind,
                if has_marker {
                    SnippetKind::Cells
                } else {
                    SnippetKind::Script
                }
            );
            let got: Vec<(&str, u32)> = s
                .cells
                .iter()
                .map(|c| (c.source.as_str(), c.first_line))
                .collect();
            assert_eq!(got, expected, "case {name}");
            assert!(s.cells.iter().enumerate().all(|(i, c)| c.index == i));
            assert_eq!(s.editor_text(), text, "a .py file is edited as is");
            assert_eq!(s.with_edited_text("new").unwrap(), "new");
        }
    }

    #[test]
    fn script_without_markers_is_one_cell() {
        let s = load_str("demo.py", "a = 1\n\n#%% not a marker\nb = a\n").unwrap();
        assert_eq!(s.kind, SnippetKind::Script);
        assert_eq!(s.cells.len(), 1);
        assert_eq!(s.cells[0].source, "a = 1\n\n#%% not a marker\nb = a\n");
        assert_eq!(s.cells[0].first_line, 1);
        // Even an empty script has its (empty) cell: running it is running an empty module.
        let e = load_str("empty.py", "").unwrap();
        assert_eq!((e.kind, e.cells.len()), (SnippetKind::Script, 1));
        // A byte-order mark does not hide a first-line marker; CRLF becomes LF in the cells.
        let b = load_str("bom.py", "\u{feff}# %%\r\nx = 1\r\n").unwrap();
        assert_eq!(b.kind, SnippetKind::Cells);
        assert_eq!(b.cells[0].source, "x = 1\n");
        assert_eq!(b.cells[0].first_line, 2);
        assert_eq!(b.editor_text(), "\u{feff}# %%\r\nx = 1\r\n");
        // Extensions other than .ipynb are Python unless the text is a notebook.
        assert_eq!(
            load_str("x.txt", "{1: 2}\n").unwrap().kind,
            SnippetKind::Script
        );
        assert_eq!(
            load_str("noext", JUPYTER).unwrap().kind,
            SnippetKind::Notebook
        );
    }

    /// A notebook as a person or another tool might write it: keys unsorted, strings not split, a
    /// transient `trusted` flag.
    const HAND_WRITTEN: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "md-1",
   "metadata": {},
   "source": "# Refcounts\nA *markdown* cell — kept."
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "c-1",
   "metadata": {
    "tags": [
     "setup"
    ],
    "trusted": true
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": "1\n2\n"
    }
   ],
   "source": "import sys\nx = [1, 2]\nprint(len(x))"
  },
  {
   "cell_type": "raw",
   "id": "raw-1",
   "metadata": {},
   "source": [
    "raw\n",
    "text"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "id": "c-2",
   "metadata": {},
   "outputs": [
    {
     "data": {
      "text/plain": "2\n3",
      "image/png": "iVBORw0KGgo=\n"
     },
     "execution_count": 2,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "sys.getrefcount(x)\n"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c-3",
   "metadata": {},
   "outputs": [],
   "source": "   \n"
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c-4",
   "metadata": {},
   "outputs": [],
   "source": "s = 'tab\there é \u0001'\ny = 1e-05"
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "name": "python",
   "version": "3.11.7"
  },
  "widths": [
   0.1,
   1e-05,
   1e+20,
   3.0,
   -0.0,
   1.2345678901234568e+17,
   1.5e+16,
   0.0001
  ]
 },
 "nbformat": 4,
 "nbformat_minor": 5
}"##;

    /// The same notebook as Jupyter (`nbformat.write`) writes it, produced with Python's `json.dumps`.
    const JUPYTER: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "md-1",
   "metadata": {},
   "source": [
    "# Refcounts\n",
    "A *markdown* cell — kept."
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "c-1",
   "metadata": {
    "tags": [
     "setup"
    ]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "1\n",
      "2\n"
     ]
    }
   ],
   "source": [
    "import sys\n",
    "x = [1, 2]\n",
    "print(len(x))"
   ]
  },
  {
   "cell_type": "raw",
   "id": "raw-1",
   "metadata": {},
   "source": [
    "raw\n",
    "text"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "id": "c-2",
   "metadata": {},
   "outputs": [
    {
     "data": {
      "image/png": "iVBORw0KGgo=\n",
      "text/plain": [
       "2\n",
       "3"
      ]
     },
     "execution_count": 2,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "sys.getrefcount(x)\n"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c-3",
   "metadata": {},
   "outputs": [],
   "source": [
    "   \n"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c-4",
   "metadata": {},
   "outputs": [],
   "source": [
    "s = 'tab\there é \u0001'\n",
    "y = 1e-05"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "name": "python",
   "version": "3.11.7"
  },
  "widths": [
   0.1,
   1e-05,
   1e+20,
   3.0,
   -0.0,
   1.2345678901234568e+17,
   1.5e+16,
   0.0001
  ]
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

    #[test]
    fn notebook_code_cells_load() {
        let s = load_str("nb.ipynb", HAND_WRITTEN).unwrap();
        assert_eq!(s.kind, SnippetKind::Notebook);
        let got: Vec<(usize, &str, u32)> = s
            .cells
            .iter()
            .map(|c| (c.index, c.source.as_str(), c.first_line))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "import sys\nx = [1, 2]\nprint(len(x))", 1),
                (3, "sys.getrefcount(x)\n", 1),
                (5, "s = 'tab\there \u{e9} \u{1}'\ny = 1e-05", 1),
            ],
            "markdown/raw cells are not run; the blank code cell 4 is dropped"
        );
        assert_eq!(load_str("nb.ipynb", JUPYTER).unwrap().cells, s.cells);
        assert_eq!(
            s.editor_text(),
            "# %%\nimport sys\nx = [1, 2]\nprint(len(x))\n# %%\nsys.getrefcount(x)\n# %%\n   \n\
             # %%\ns = 'tab\there \u{e9} \u{1}'\ny = 1e-05\n"
        );
        // The editor text runs as the same cells.
        let as_py = load_str("nb.py", &s.editor_text()).unwrap();
        let sources: Vec<&str> = as_py.cells.iter().map(|c| c.source.trim_end()).collect();
        let nb_sources: Vec<&str> = s.cells.iter().map(|c| c.source.trim_end()).collect();
        assert_eq!(sources, nb_sources);
    }

    #[test]
    fn unedited_notebook_saves_as_jupyter_does() {
        let jup = load_str("nb.ipynb", JUPYTER).unwrap();
        assert_eq!(
            jup.with_edited_text(&jup.editor_text()).unwrap(),
            JUPYTER,
            "byte-identical"
        );
        let hand = load_str("nb.ipynb", HAND_WRITTEN).unwrap();
        assert_eq!(hand.with_edited_text(&hand.editor_text()).unwrap(), JUPYTER);
    }

    fn cells_of(json: &str) -> Vec<Value> {
        let v: Value = serde_json::from_str(json).unwrap();
        v["cells"].as_array().unwrap().clone()
    }

    fn summary(json: &str) -> Vec<(String, String, String)> {
        cells_of(json)
            .iter()
            .map(|c| {
                (
                    c["cell_type"].as_str().unwrap().to_string(),
                    c.get("id")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    source_text(c).unwrap(),
                )
            })
            .collect()
    }

    fn row(kind: &str, id: &str, src: &str) -> (String, String, String) {
        (kind.to_string(), id.to_string(), src.to_string())
    }

    #[test]
    fn edits_replace_insert_and_delete_cells() {
        let s = load_str("nb.ipynb", JUPYTER).unwrap();
        let text = s.editor_text();
        // Change the second cell, insert a cell after it, delete the blank one. Between the unchanged
        // first and last cells, the two edited cells replace the two original ones in order, so the
        // new cell takes the place (and id) of the blank cell rather than being added.
        let edited = text
            .replace(
                "sys.getrefcount(x)\n",
                "sys.getrefcount(x) - 1\n# %%\ndel x\n",
            )
            .replace("# %%\n   \n", "");
        let out = s.with_edited_text(&edited).unwrap();
        assert_eq!(
            summary(&out),
            vec![
                row(
                    "markdown",
                    "md-1",
                    "# Refcounts\nA *markdown* cell \u{2014} kept."
                ),
                row("code", "c-1", "import sys\nx = [1, 2]\nprint(len(x))"),
                row("raw", "raw-1", "raw\ntext"),
                row("code", "c-2", "sys.getrefcount(x) - 1"),
                row("code", "c-3", "del x"),
                row("code", "c-4", "s = 'tab\there \u{e9} \u{1}'\ny = 1e-05"),
            ]
        );
        // A cell added without a counterpart is a new cell with a fresh id.
        let added = text.replace("sys.getrefcount(x)\n", "sys.getrefcount(x)\n# %%\ndel x\n");
        let ids: Vec<String> = summary(&s.with_edited_text(&added).unwrap())
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(
            ids,
            ["md-1", "c-1", "raw-1", "c-2", "refscope-1", "c-3", "c-4"]
        );
        let new = &cells_of(&s.with_edited_text(&added).unwrap())[4];
        assert_eq!(new["outputs"], serde_json::json!([]));
        assert_eq!(new["execution_count"], Value::Null);
        assert_eq!(new["metadata"], serde_json::json!({}));
        let cells = cells_of(&out);
        // The changed cell keeps its outputs (as an edit without running in Jupyter); the new one is
        // a fresh code cell; sources are lists of lines.
        assert_eq!(cells[3]["outputs"], cells_of(JUPYTER)[3]["outputs"]);
        assert_eq!(
            cells[3]["source"],
            serde_json::json!(["sys.getrefcount(x) - 1"])
        );
        assert_eq!(cells[4]["source"], serde_json::json!(["del x"]));
        // The untouched parts are byte-identical: the rebuilt file reloads and saves to itself.
        let again = load_str("nb.ipynb", &out).unwrap();
        assert_eq!(again.with_edited_text(&again.editor_text()).unwrap(), out);
        assert!(out.ends_with("}\n"));
    }

    #[test]
    fn inserting_a_cell_at_the_top_keeps_the_others_matched() {
        let s = load_str("nb.ipynb", JUPYTER).unwrap();
        let edited = format!("a = 0\n{}", s.editor_text());
        let out = s.with_edited_text(&edited).unwrap();
        let ids: Vec<String> = summary(&out).into_iter().map(|r| r.1).collect();
        assert_eq!(
            ids,
            ["md-1", "refscope-1", "c-1", "raw-1", "c-2", "c-3", "c-4"]
        );
        let cells = cells_of(&out);
        assert_eq!(cells[1]["source"], serde_json::json!(["a = 0"]));
        assert_eq!(
            cells[2]["outputs"],
            cells_of(JUPYTER)[1]["outputs"],
            "outputs did not shift"
        );
    }

    #[test]
    fn deleting_all_code_and_editing_an_empty_notebook() {
        let s = load_str("nb.ipynb", JUPYTER).unwrap();
        let out = s.with_edited_text("").unwrap();
        let kinds: Vec<String> = summary(&out).into_iter().map(|r| r.0).collect();
        assert_eq!(kinds, ["markdown", "raw"], "markdown and raw cells survive");
        // No code cells: new ones go at the end. Old notebooks (< 4.5) get no ids.
        let empty = r#"{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "hi"}],
                        "metadata": {}, "nbformat": 4, "nbformat_minor": 2}"#;
        let e = load_str("e.ipynb", empty).unwrap();
        assert_eq!(e.editor_text(), "");
        assert!(e.cells.is_empty());
        let out = e.with_edited_text("x = 1\n# %%\ny = 2\n").unwrap();
        assert_eq!(
            summary(&out),
            vec![
                row("markdown", "", "hi"),
                row("code", "", "x = 1"),
                row("code", "", "y = 2")
            ]
        );
    }

    #[test]
    fn a_changed_cell_stays_with_its_original_next_to_an_added_one() {
        let s = load_str("nb.ipynb", JUPYTER).unwrap();
        // Add a cell before the first one and change the first one at the same time.
        let edited = format!(
            "# %%\na = 0\n{}",
            s.editor_text().replace("[1, 2]", "[1, 2, 3]")
        );
        let out = s.with_edited_text(&edited).unwrap();
        let rows = summary(&out);
        assert_eq!(rows[1], row("code", "refscope-1", "a = 0"));
        assert_eq!(
            rows[2],
            row("code", "c-1", "import sys\nx = [1, 2, 3]\nprint(len(x))")
        );
        assert_eq!(
            cells_of(&out)[2]["outputs"],
            cells_of(JUPYTER)[1]["outputs"]
        );
        assert_eq!(
            pair_run(&["x\n".into(), "y = 1\nz\n".into()], &["y = 1\n".into()]),
            [Step::Delete(0), Step::Pair(1, 0)]
        );
        assert_eq!(
            pair_run(&["p\n".into(), "q\n".into()], &["r\n".into(), "s\n".into()]),
            [Step::Pair(0, 0), Step::Pair(1, 1)]
        );
    }

    #[test]
    fn random_edits_never_panic_and_keep_markdown() {
        let s = load_str("nb.ipynb", JUPYTER).unwrap();
        let base: Vec<char> = s.editor_text().chars().collect();
        let pieces = [
            "# %%\n",
            "\n",
            "x",
            "# %% [markdown]\n",
            "\r\n",
            "\u{2028}",
            "é",
            "",
        ];
        let mut seed: u64 = 12345;
        let mut rand = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n.max(1)
        };
        for _ in 0..300 {
            let mut text = base.clone();
            for _ in 0..1 + rand(6) {
                let at = rand(text.len() + 1);
                if rand(2) == 0 && at < text.len() {
                    let end = (at + rand(12)).min(text.len());
                    text.drain(at..end);
                } else {
                    let piece = pieces[rand(pieces.len())];
                    text.splice(at..at, piece.chars());
                }
            }
            let text: String = text.into_iter().collect();
            let out = s.with_edited_text(&text).unwrap();
            let again = load_str("nb.ipynb", &out).unwrap();
            let kinds: Vec<String> = summary(&out)
                .into_iter()
                .filter(|r| r.0 != "code")
                .map(|r| r.1)
                .collect();
            assert_eq!(kinds, ["md-1", "raw-1"]);
            // Saving the saved file again changes nothing.
            assert_eq!(again.with_edited_text(&again.editor_text()).unwrap(), out);
        }
    }

    #[test]
    fn long_notebooks_match_cells_cheaply() {
        let original: Vec<String> = (0..2100).map(|i| format!("x{i}\n")).collect();
        let mut edited = original.clone();
        edited[1000] = "changed\n".into();
        edited.insert(1500, "new\n".into());
        let plan = plan_edit(&original, &edited);
        assert_eq!(plan.change[1000], Some(Some("changed\n".into())));
        assert_eq!(plan.change.iter().filter(|c| c.is_some()).count(), 1);
        assert_eq!(plan.insert[1500], ["new\n"]);
        // Too many differing cells for the table: the common prefix and suffix still match.
        let other: Vec<String> = (0..2100).map(|i| format!("y{i}\n")).collect();
        let mut edited = original[..10].to_vec();
        edited.extend(other);
        edited.extend(original[2095..].iter().cloned());
        let plan = plan_edit(&original, &edited);
        assert!(plan.change[..10]
            .iter()
            .chain(&plan.change[2095..])
            .all(Option::is_none));
        assert!(plan.change[10..2095].iter().all(Option::is_some));
    }

    #[test]
    fn python_style_json_output() {
        assert_eq!(py_float_repr(0.1), "0.1");
        assert_eq!(py_float_repr(1e-5), "1e-05");
        assert_eq!(py_float_repr(1e20), "1e+20");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(1.5e15), "1500000000000000.0");
        assert_eq!(py_float_repr(3.0), "3.0");
        assert_eq!(py_float_repr(-0.0), "-0.0");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(123.456), "123.456");
        assert_eq!(
            py_float_repr(1.7976931348623157e308),
            "1.7976931348623157e+308"
        );
        assert_eq!(py_float_repr(5e-324), "5e-324");
        let mut s = String::new();
        write_json_str(&mut s, "\"\\\n\r\t\x08\x0c\x01\x1f\x7f\u{2028}\u{e9}");
        assert_eq!(
            s,
            "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\u{2028}\u{e9}\""
        );
    }

    #[test]
    fn bad_notebooks_give_clear_errors() {
        let e = load_str("broken.ipynb", "{\"cells\": [").unwrap_err();
        assert_eq!(e.path, "broken.ipynb");
        assert!(
            e.message.starts_with("not a notebook: invalid JSON ("),
            "{}",
            e.message
        );
        assert!(e
            .to_string()
            .starts_with("broken.ipynb: not a notebook: invalid JSON"));
        assert!(e.message.contains("line 1"), "{}", e.message);
        let cases = [
            ("[1, 2]", "not a notebook: the JSON is not an object"),
            ("{\"cells\": []}", "not a notebook: no \"nbformat\" version number"),
            ("{\"nbformat\": 4}", "not a notebook: no \"cells\" list"),
            (
                "{\"nbformat\": 3, \"worksheets\": []}",
                "nbformat 3 is not supported (only nbformat 4; open and save it in Jupyter to upgrade)",
            ),
            ("{\"nbformat\": 4, \"cells\": [3]}", "cell 0 is not a JSON object"),
            ("{\"nbformat\": 4, \"cells\": [{}]}", "cell 0 has no \"cell_type\""),
            (
                "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}",
                "code cell 0: \"source\" must be a string or a list of strings",
            ),
        ];
        for (text, msg) in cases {
            assert_eq!(load_str("n.ipynb", text).unwrap_err().message, msg);
        }
        // Garbage never panics.
        for text in [
            "",
            "\u{feff}",
            "{",
            "\0\0",
            "# %%",
            "\r\r\r",
            "{\"nbformat\": 4.5}",
            "\u{2029}# %%",
        ] {
            let _ = load_str("g.ipynb", text);
            let _ = load_str("g.py", text).map(|s| s.with_edited_text(text));
        }
    }

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("refscope-load-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn load_file_errors_name_the_file() {
        let d = scratch("loadfile");
        let missing = d.join("missing.py");
        let e = load_file(&missing).unwrap_err();
        assert_eq!(e.path, missing.display().to_string());
        assert!(e.message.starts_with("cannot read: "), "{}", e.message);
        let latin1 = d.join("latin1.py");
        fs::write(&latin1, b"s = 'caf\xe9'\n").unwrap();
        let e = load_file(&latin1).unwrap_err();
        assert!(
            e.message
                .starts_with("SyntaxError: Non-UTF-8 code starting with '\\xe9' in file "),
            "{}",
            e.message
        );
        assert!(e.python_error.is_some());
        assert!(e.to_string().contains("latin1.py"));
        fs::write(&latin1, b"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n").unwrap();
        let s = load_file(&latin1).unwrap();
        assert!(s.cells[0].source.ends_with("s = 'caf\u{e9}'\n"));
        let e = load_file(&d).unwrap_err();
        assert!(e.message.starts_with("cannot read: "));
        let nb = d.join("nb.ipynb");
        fs::write(&nb, JUPYTER).unwrap();
        assert_eq!(load_file(&nb).unwrap().kind, SnippetKind::Notebook);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn save_atomic_replaces_and_keeps_permissions() {
        let d = scratch("save");
        let f = d.join("snippet.py");
        save_atomic(&f, "x = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "x = 1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
            save_atomic(&f, "x = 2\n").unwrap();
            let mode = fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
            // Through a symlink: the link stays, its target changes.
            let link = d.join("link.py");
            std::os::unix::fs::symlink(&f, &link).unwrap();
            save_atomic(&link, "x = 3\n").unwrap();
            assert!(fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink());
            assert_eq!(fs::read_to_string(&f).unwrap(), "x = 3\n");
        }
        assert_eq!(fs::read_to_string(&f).unwrap().len(), 6);
        assert!(
            entries(&d).iter().all(|n| !n.contains("refscope-tmp")),
            "no temp files left"
        );
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn failed_save_leaves_the_original_intact() {
        let d = scratch("fail");
        let f = d.join("keep.py");
        fs::write(&f, "original\n").unwrap();
        // The write fails after the temp file is written (disk full, I/O error...).
        let e = save_atomic_with(&f, "new\n", |_| Err(io::Error::other("simulated failure")));
        assert_eq!(e.unwrap_err().to_string(), "simulated failure");
        assert_eq!(fs::read_to_string(&f).unwrap(), "original\n");
        assert_eq!(entries(&d), ["keep.py"]);
        // The rename fails: the target is a directory.
        let sub = d.join("sub");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("inside"), "x").unwrap();
        assert!(save_atomic(&sub, "new\n").is_err());
        assert_eq!(fs::read_to_string(sub.join("inside")).unwrap(), "x");
        assert_eq!(entries(&d), ["keep.py", "sub"]);
        // The directory does not exist / is a file: nothing is created.
        assert!(save_atomic(&d.join("nodir").join("x.py"), "new\n").is_err());
        assert!(save_atomic(&f.join("x.py"), "new\n").is_err());
        assert_eq!(fs::read_to_string(&f).unwrap(), "original\n");
        assert_eq!(entries(&d), ["keep.py", "sub"]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn save_into_read_only_directory_fails_cleanly() {
        use std::os::unix::fs::PermissionsExt;
        let d = scratch("readonly");
        let f = d.join("keep.py");
        fs::write(&f, "original\n").unwrap();
        fs::set_permissions(&d, fs::Permissions::from_mode(0o555)).unwrap();
        // root ignores directory permissions; there the check below cannot fail the save.
        let enforced = fs::File::create(d.join("probe")).is_err();
        let result = save_atomic(&f, "new\n");
        fs::set_permissions(&d, fs::Permissions::from_mode(0o755)).unwrap();
        if enforced {
            assert!(result.is_err());
            assert_eq!(fs::read_to_string(&f).unwrap(), "original\n");
            assert_eq!(entries(&d), ["keep.py"]);
        } else {
            eprintln!("running as root: read-only directory not enforced, check skipped");
        }
        fs::remove_dir_all(&d).unwrap();
    }
}
