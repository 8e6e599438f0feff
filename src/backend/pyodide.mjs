// A `python3`-like command for refscope's real backend on CPython 3.12-3.14 as pyodide
// (CPython compiled to WebAssembly) under node: `node pyodide_python.mjs FILE` runs FILE as
// `python3 FILE` does (PyRun_SimpleFileExFlags: script mode, the parser arena held while the
// module runs), with the environment (REFSCOPE_*, PYTHONPATH) passed through. When
// PYTHONPATH holds refscope's recorder loader (sitecustomize.py), it is imported first, as
// site.py imports it in a native interpreter.
//
// Which pyodide: PYODIDE_DIR (a directory with node_modules/pyodide, from
// `npm install pyodide@0.27` for 3.12, `@0.28` for 3.13, `@314.0.8` for 3.14).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.PYODIDE_DIR;
if (!dir || process.argv.length < 3) {
  process.stderr.write("usage: PYODIDE_DIR=... node pyodide_python.mjs FILE\n");
  process.exit(2);
}
const file = path.resolve(process.argv[2]);
const { loadPyodide } = await import(
  pathToFileURL(path.join(dir, "node_modules/pyodide/pyodide.mjs")).href
);
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (k.startsWith("REFSCOPE_") || k === "PYTHONPATH" || k === "HOME") env[k] = v;
}
const write = (stream) => ({ write: (buf) => { stream.write(buf); return buf.length; } });
const py = await loadPyodide({ env, stdout: undefined, stderr: undefined });
py.setStdout(write(process.stdout));
py.setStderr(write(process.stderr));
const FS = py.FS;
// the snippet and the loader's directory, at the same paths inside
const copy = (p) => {
  FS.mkdirTree(path.dirname(p));
  FS.writeFile(p, readFileSync(p));
};
copy(file);
for (const d of (env.PYTHONPATH || "").split(":").filter(Boolean)) {
  try {
    for (const name of ["sitecustomize.py", "refscope_recorder.py"]) copy(path.join(d, name));
  } catch (e) {
    // not refscope's directory
  }
}
const scratch = py.globals.get("dict")();
py.runPython(`
import os, sys
sys.argv = [${JSON.stringify(file)}]
os.chdir(${JSON.stringify(path.dirname(file))})
for d in reversed(os.environ.get("PYTHONPATH", "").split(":")):
    if d and d not in sys.path:
        sys.path.insert(0, d)
for d in os.environ.get("PYTHONPATH", "").split(":"):
    loader = os.path.join(d, "sitecustomize.py")
    if d and os.path.exists(os.path.join(d, "refscope_recorder.py")):
        with open(loader) as f:
            exec(compile(f.read(), loader, "exec"), {"__name__": "refscope_loader", "__file__": loader, "__builtins__": __builtins__})
        break
`, { globals: scratch });
const m = py._module;
const cstr = (s) => {
  const n = m.lengthBytesUTF8(s) + 1;
  const p = m._PyMem_Malloc(n);
  m.stringToUTF8(s, p, n);
  return p;
};
const fp = m._fopen(cstr(file), cstr("rb"));
const status = m._PyRun_SimpleFileExFlags(fp, cstr(file), 1, 0);
py.runPython("import sys; sys.stdout.flush(); sys.stderr.flush()", { globals: scratch });
process.exit(status === 0 ? 0 : 1);
