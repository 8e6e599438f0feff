// refscope's runner for CPython 3.12-3.14 as pyodide (CPython compiled to WebAssembly) under
// node: `node pyodide.mjs FILE [ARG...]` runs FILE as `python3 FILE ARG...` does
// (PyRun_SimpleFileExFlags: script mode, the parser arena held while the module runs), with
// the environment (REFSCOPE_*, PYTHONPATH, HOME) passed through. When PYTHONPATH holds
// refscope's recorder loader (sitecustomize.py), it is run first, as site.py imports it in a
// native interpreter.
//
// refscope embeds this file and runs it when `--python` names a pyodide directory
// (`PYODIDE_DIR`: one holding node_modules/pyodide, from `npm install pyodide@0.27` for 3.12,
// `@0.28` for 3.13, `@314.0.8` for 3.14, or the pyodide package directory itself).
//
// pyodide's files live in memory (MEMFS): the snippet, the files named on the command line
// and the loader's directory are copied in at the same paths; the snippet's stdout file
// (REFSCOPE_STDOUT) is copied back out at the end, for refscope to read what was printed
// after the last step.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.PYODIDE_DIR;
if (!dir || process.argv.length < 3) {
  process.stderr.write("usage: PYODIDE_DIR=... node pyodide.mjs FILE [ARG...]\n");
  process.exit(2);
}
const pkg = existsSync(path.join(dir, "pyodide.mjs")) ? dir : path.join(dir, "node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pkg, "pyodide.mjs")).href);
const args = process.argv.slice(2).map((a) => path.resolve(a));
const file = args[0];
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (k.startsWith("REFSCOPE_") || k === "PYTHONPATH" || k === "HOME") env[k] = v;
}
const write = (stream) => ({
  write: (buf) => {
    stream.write(buf);
    return buf.length;
  },
});
const py = await loadPyodide({ env, stdout: undefined, stderr: undefined });
py.setStdout(write(process.stdout));
py.setStderr(write(process.stderr));
const FS = py.FS;
const copy = (p) => {
  FS.mkdirTree(path.dirname(p));
  FS.writeFile(p, readFileSync(p));
};
for (const a of args) {
  try {
    copy(a);
  } catch (e) {
    process.stderr.write(`cannot read ${a}: ${e.message}\n`);
    process.exit(2);
  }
}
for (const d of (env.PYTHONPATH || "").split(":").filter(Boolean)) {
  for (const name of ["sitecustomize.py", "refscope_recorder.py"]) {
    if (existsSync(path.join(d, name))) copy(path.join(d, name));
  }
}
if (env.REFSCOPE_STDOUT) FS.mkdirTree(path.dirname(env.REFSCOPE_STDOUT));
const scratch = py.globals.get("dict")();
py.runPython(
  `
import os, sys
sys.argv = ${JSON.stringify(args)}
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
`,
  { globals: scratch },
);
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
if (env.REFSCOPE_STDOUT) {
  try {
    writeFileSync(env.REFSCOPE_STDOUT, FS.readFile(env.REFSCOPE_STDOUT));
  } catch (e) {
    // nothing printed
  }
}
process.exit(status === 0 ? 0 : 1);
