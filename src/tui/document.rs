//! The file being edited: where it lives, what it was when loaded or last saved (so unsaved
//! edits are known), how the editor text becomes file contents again (an `.ipynb` keeps its
//! other cells and metadata), and path completion for the open prompt.

use std::path::{Path, PathBuf};

use crate::load::{load_file, load_str, save_atomic, Snippet, SnippetKind};

/// What an empty notebook is, for a new `.ipynb` file.
const EMPTY_NOTEBOOK: &str = r#"{
 "cells": [],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"#;

/// A snippet file (or the scratch snippet).
pub struct Document {
    /// `None` for the scratch snippet (saving asks for a path).
    pub path: Option<PathBuf>,
    /// The file as loaded or last saved: the base an edited notebook is rebuilt on.
    pub snippet: Snippet,
    /// The editor text at load or save time; anything else is unsaved.
    pub saved_text: String,
}

fn is_ipynb(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"))
}

impl Document {
    /// The empty scratch snippet.
    pub fn scratch() -> Document {
        Document {
            path: None,
            snippet: load_str("scratch.py", "").expect("empty text loads"),
            saved_text: String::new(),
        }
    }

    /// Opens a file. A path that does not exist yet is a new, empty file there (saved on the
    /// first Ctrl-S); a file that cannot be read or parsed is an error with the reason.
    pub fn open(path: &Path) -> Result<Document, String> {
        if !path.exists() {
            // a new file only where it could be saved
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            if !dir.is_dir() {
                return Err(format!(
                    "{}: no such file, and no folder {} to create it in",
                    path.display(),
                    dir.display()
                ));
            }
            let snippet = if is_ipynb(path) {
                load_str(&path.display().to_string(), EMPTY_NOTEBOOK)
            } else {
                load_str(&path.display().to_string(), "")
            }
            .map_err(|e| e.to_string())?;
            return Ok(Document {
                path: Some(path.to_path_buf()),
                saved_text: snippet.editor_text(),
                snippet,
            });
        }
        let snippet = load_file(path).map_err(|e| e.to_string())?;
        Ok(Document {
            path: Some(path.to_path_buf()),
            saved_text: snippet.editor_text(),
            snippet,
        })
    }

    /// The name the status bar and titles show.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "[scratch]".to_string(),
        }
    }

    /// The name tracebacks use.
    pub fn filename(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<scratch>".to_string(),
        }
    }

    pub fn is_notebook(&self) -> bool {
        self.snippet.kind == SnippetKind::Notebook
    }

    /// Whether `text` differs from what is on disk.
    pub fn is_dirty(&self, text: &str) -> bool {
        text != self.saved_text
    }

    /// The file contents for this editor text, for a file at `target`.
    pub fn contents_for(&self, text: &str, target: Option<&Path>) -> Result<String, String> {
        let as_notebook = target.map(is_ipynb).unwrap_or(self.is_notebook());
        if as_notebook && !self.is_notebook() {
            // a snippet saved as a new .ipynb: rebuild it on an empty notebook
            let empty = load_str("new.ipynb", EMPTY_NOTEBOOK).map_err(|e| e.to_string())?;
            return empty.with_edited_text(text).map_err(|e| e.message);
        }
        if !as_notebook {
            return Ok(text.to_string());
        }
        self.snippet.with_edited_text(text).map_err(|e| e.message)
    }

    /// The snippet to run for this editor text (what saving would write, loaded).
    pub fn snippet_for_run(&self, text: &str) -> Result<Snippet, String> {
        let contents = self.contents_for(text, self.path.as_deref())?;
        let hint = match &self.path {
            Some(p) => p.display().to_string(),
            None => "scratch.py".to_string(),
        };
        load_str(&hint, &contents).map_err(|e| e.to_string())
    }

    /// Saves the editor text to `target` (or the document's path), atomically. On failure
    /// nothing changes here and the reason is returned: the caller keeps the text.
    pub fn save(&mut self, text: &str, target: Option<&Path>) -> Result<PathBuf, String> {
        let path = match target.or(self.path.as_deref()) {
            Some(p) => p.to_path_buf(),
            None => return Err("no file name yet".to_string()),
        };
        let contents = self.contents_for(text, Some(&path))?;
        save_atomic(&path, &contents).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Ok(s) = load_str(&path.display().to_string(), &contents) {
            self.snippet = s;
        }
        self.path = Some(path.clone());
        self.saved_text = text.to_string();
        Ok(path)
    }
}

/// Completes a path as a shell does on Tab: the longest common prefix of the entries that
/// start with what was typed (directories get a `/`). Returns the new input and the names
/// that match (for display).
pub fn complete_path(base: Option<&std::path::Path>, input: &str) -> (String, Vec<String>) {
    let expanded = match (input.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => format!("{}/{rest}", home.to_string_lossy()),
        _ => input.to_string(),
    };
    let (dir_part, prefix) = match expanded.rfind('/') {
        Some(i) => (&expanded[..=i], &expanded[i + 1..]),
        None => ("", expanded.as_str()),
    };
    // a relative path is read in `base` (the document's folder), and stays relative
    let dir = match (dir_part, base) {
        (d, Some(b)) if !d.starts_with('/') => b.join(if d.is_empty() { "." } else { d }),
        ("", None) => std::path::PathBuf::from("."),
        (d, _) => std::path::PathBuf::from(d),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (input.to_string(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false) || e.path().is_dir();
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return (input.to_string(), names);
    };
    let mut common: String = first.clone();
    for n in &names[1..] {
        let len = common
            .chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(len).collect();
    }
    if common.chars().count() <= prefix.chars().count() {
        return (input.to_string(), names);
    }
    (format!("{dir_part}{common}"), names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_extends_to_the_common_prefix() {
        let d = std::env::temp_dir().join(format!("refscope-complete-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("lessons")).unwrap();
        std::fs::write(d.join("lesson_one.py"), "").unwrap();
        std::fs::write(d.join("lesson_two.py"), "").unwrap();
        let base = format!("{}/", d.display());
        let (out, names) = complete_path(None, &format!("{base}les"));
        assert_eq!(out, format!("{base}lesson"));
        assert_eq!(names, ["lesson_one.py", "lesson_two.py", "lessons/"]);
        let (out, _) = complete_path(None, &format!("{base}lesson_o"));
        assert_eq!(out, format!("{base}lesson_one.py"));
        let (out, names) = complete_path(None, &format!("{base}zzz"));
        assert_eq!(out, format!("{base}zzz"));
        assert!(names.is_empty());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
