//! The modules a snippet can import. Any other module of CPython's standard library is refused
//! with `ModuleNotFoundError: refscope models no module named 'os'` (snippets run sandboxed); a
//! name that is not a standard module and not a file beside the snippet gets CPython's own `No
//! module named 'x'`.
//!
//! A module is a [`ModuleDef`]: a Rust part (the C half of CPython's module: `itertools`,
//! `_collections`, `_functools`...) and/or a Python part written for refscope, embedded in the
//! binary and run on the model like any snippet code (its frames make no line events, so
//! stepping passes over them).
//!
//! CPython's start-up has already imported many of these (`collections`, `functools`,
//! `itertools`, `random`, `enum`, `typing`... see [`ModuleDef::preloaded`]): for them `import`
//! allocates nothing but the binding. refscope builds them at their first import instead of at
//! every start-up (that would cost every run), as a *module image*: every object made is a
//! start-up object (hidden from the views, in the permanent generation, not counted in
//! generation 0), and its memory comes from a region of its own (`heap::ImageArena`), so the
//! snippet's addresses, free lists and `gc.get_count()` are exactly what they would have been.
//! A module CPython does not preload is built the same way, and then generation 0 is charged
//! the net allocations CPython's own import makes (measured: [`ModuleDef::import_allocs`]),
//! which may run a collection just where CPython's would.

pub mod array;
pub mod atexit;
pub mod bisect;
pub mod collections;
pub mod copy;
pub mod decimal;
pub mod functools;
pub mod gc;
pub mod heapq;
pub mod io;
pub mod iobase;
pub mod itertools;
pub mod math;
pub mod native;
pub mod operator;
pub mod os;
pub mod platform;
pub mod queue;
pub mod random;
pub mod sre;
pub mod surface;
pub mod sys;
pub mod time;
pub mod traceback;
pub mod tracemalloc;
pub mod types;
pub mod weakref;
pub mod zlib;

use crate::builtins::{BuiltinDef, Kind};
use crate::object::{BuiltinFn, BuiltinType, Module, ObjId, Payload, PyDict};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyErr, PyResult, Vm};

/// Where CPython 3.11.7's standard library lives on the oracle machine (`__file__`).
pub const STDLIB_DIR: &str = "/root/.pyenv/versions/3.11.7/lib/python3.11";

/// One importable module.
pub struct ModuleDef {
    pub name: &'static str,
    /// The Rust part, run first on the new module.
    pub init: Option<fn(&mut Vm, ObjId)>,
    /// The Python part, run in the module's namespace after `init`.
    pub source: Option<&'static str>,
    /// CPython's start-up imported it already (`python3 -c 'import sys; print(sys.modules)'`).
    pub preloaded: bool,
    /// Net GC allocations CPython's `import` of it makes (a module that is not preloaded, its
    /// own dependencies already imported): `tests/measure_imports.py` measures them.
    pub import_allocs: u32,
    /// Modules its import loads first.
    pub deps: &'static [&'static str],
    /// `__file__` below [`STDLIB_DIR`] (None: a builtin module).
    pub file: Option<&'static str>,
    /// A package (`__path__`, and submodules such as `collections.abc`).
    pub package: bool,
    /// CPython's start-up loads it frozen (`<module 'io' (frozen)>`; its `__file__` is still
    /// the source's).
    pub frozen: bool,
    /// Classes of the Python part that stand for CPython's static C types (`Decimal` is
    /// `_decimal`'s `decimal.Decimal`): their `tp_name` becomes `module.Name` (see
    /// [`crate::object::TypeObj::c_static`]), and with a size, their instances are that C
    /// struct (`tp_basicsize`, no GC header, no reference to their type).
    pub static_types: &'static [(&'static str, usize)],
    /// Classes of the Python part that stand for static C types whose instances are GC
    /// objects keeping their dict behind a dict pointer and a weak reference list as the
    /// struct's last two fields (`_io._IOBase`): the class name, the C `tp_name` and
    /// `tp_basicsize`. A class over one adds no dict of its own (no managed dict, no cached
    /// keys).
    pub static_dict_types: &'static [(&'static str, &'static str, usize)],
    /// The class of `static_dict_types` that stands for `PyODict_Type`
    /// ([`crate::object::TypeObj::odict`]).
    pub odict_type: Option<&'static str>,
    /// The Python part stands for C code in CPython (`decimal` for `_decimal`, `io`'s base
    /// classes for `_io`'s): its frames leave no traceback entries.
    pub c_code: bool,
    /// The Rust part run after the Python part (`_io`'s base classes get their C methods).
    pub post_init: Option<fn(&mut Vm, ObjId)>,
}

impl ModuleDef {
    const fn builtin(name: &'static str, init: fn(&mut Vm, ObjId)) -> ModuleDef {
        ModuleDef {
            name,
            init: Some(init),
            source: None,
            preloaded: true,
            import_allocs: 0,
            deps: &[],
            file: None,
            package: false,
            frozen: false,
            static_types: &[],
            static_dict_types: &[],
            odict_type: None,
            c_code: false,
            post_init: None,
        }
    }
}

/// Where CPython's extension modules live, below [`STDLIB_DIR`] (`math`, `array`...): their
/// `__file__`, which their repr shows.
macro_rules! extension {
    ($name:literal) => {
        concat!("lib-dynload/", $name, ".cpython-311-x86_64-linux-gnu.so")
    };
}

/// Every module refscope models.
pub static MODULES: &[ModuleDef] = &[
    ModuleDef::builtin("sys", sys::init),
    ModuleDef {
        preloaded: false,
        ..ModuleDef::builtin("gc", gc::init)
    },
    ModuleDef {
        preloaded: false,
        ..ModuleDef::builtin("ctypes", init_ctypes)
    },
    ModuleDef {
        preloaded: false,
        import_allocs: 49,
        file: Some("copy.py"),
        source: Some(copy::SOURCE),
        deps: &["types", "weakref", "copyreg"],
        ..ModuleDef::builtin("copy", init_nothing)
    },
    python("copyreg", copy::COPYREG_SOURCE, "copyreg.py", true, 0),
    ModuleDef::builtin("_weakref", weakref::init_private),
    ModuleDef {
        source: Some(weakref::SOURCE),
        file: Some("weakref.py"),
        deps: &["_weakref"],
        ..ModuleDef::builtin("weakref", weakref::init)
    },
    ModuleDef::builtin("atexit", atexit::init),
    ModuleDef {
        file: Some(extension!("math")),
        ..ModuleDef::builtin("math", math::init)
    },
    ModuleDef::builtin("itertools", itertools::init),
    ModuleDef::builtin("_operator", operator::init_private),
    ModuleDef {
        file: Some("operator.py"),
        deps: &["_operator"],
        ..ModuleDef::builtin("operator", operator::init)
    },
    ModuleDef::builtin("_functools", functools::init_private),
    ModuleDef {
        source: Some(functools::SOURCE),
        file: Some("functools.py"),
        ..ModuleDef::builtin("functools", functools::init)
    },
    ModuleDef {
        preloaded: false,
        import_allocs: 63,
        file: Some("heapq.py"),
        source: Some(heapq::SOURCE),
        ..ModuleDef::builtin("heapq", heapq::init)
    },
    ModuleDef {
        file: Some(extension!("_bisect")),
        ..ModuleDef::builtin("_bisect", bisect::init_private)
    },
    ModuleDef {
        file: Some("bisect.py"),
        deps: &["_bisect"],
        ..ModuleDef::builtin("bisect", bisect::init)
    },
    ModuleDef {
        source: Some(TIME),
        ..ModuleDef::builtin("time", time::init)
    },
    ModuleDef {
        file: Some(extension!("_random")),
        ..ModuleDef::builtin("_random", random::init_private)
    },
    ModuleDef {
        file: Some(extension!("_sha512")),
        ..ModuleDef::builtin("_sha512", random::init_sha512)
    },
    ModuleDef {
        source: Some(random::SOURCE),
        file: Some("random.py"),
        ..ModuleDef::builtin("random", init_nothing)
    },
    ModuleDef {
        preloaded: false,
        import_allocs: 67,
        file: Some(extension!("array")),
        ..ModuleDef::builtin("array", array::init)
    },
    ModuleDef::builtin("_io", io::init_private),
    ModuleDef {
        file: Some("io.py"),
        source: Some(IO),
        c_code: true,
        // `iobase`: the head, `dict` (tp_dictoffset 16) and `weakreflist` (24)
        static_dict_types: &[
            ("_IOBase", "_io._IOBase", 32),
            ("_RawIOBase", "_io._RawIOBase", 32),
            ("_BufferedIOBase", "_io._BufferedIOBase", 32),
            ("_TextIOBase", "_io._TextIOBase", 32),
        ],
        deps: &["_io", "abc"],
        frozen: true,
        post_init: Some(iobase::install),
        ..ModuleDef::builtin("io", io::init)
    },
    ModuleDef::builtin("_thread", init_thread),
    ModuleDef::builtin("posix", os::init_posix),
    ModuleDef {
        frozen: true,
        ..python("posixpath", POSIXPATH, "posixpath.py", true, 0)
    },
    ModuleDef {
        source: Some(OS),
        file: Some("os.py"),
        deps: &["posix", "posixpath", "abc"],
        frozen: true,
        ..ModuleDef::builtin("os", os::init_os)
    },
    python("__future__", FUTURE, "__future__.py", false, 43),
    ModuleDef {
        preloaded: false,
        import_allocs: 412,
        file: Some("platform.py"),
        ..ModuleDef::builtin("platform", platform::init)
    },
    python("keyword", KEYWORD, "keyword.py", true, 0),
    python("reprlib", REPRLIB, "reprlib.py", true, 0),
    python("contextlib", CONTEXTLIB, "contextlib.py", true, 0),
    python("string", STRING, "string.py", false, 154),
    // Lib/_strptime.py at its lines (C locale); `import _strptime` after its dependencies
    // makes 612 allocations in CPython (locale and calendar, which it imports, among them)
    ModuleDef {
        deps: &["time", "re", "datetime"],
        ..python("_strptime", STRPTIME, "_strptime.py", false, 612)
    },
    python("textwrap", TEXTWRAP, "textwrap.py", false, 215),
    ModuleDef {
        preloaded: false,
        ..ModuleDef::builtin("_tracemalloc", tracemalloc::init)
    },
    ModuleDef {
        source: Some(tracemalloc::SOURCE),
        preloaded: false,
        import_allocs: 1336,
        file: Some("tracemalloc.py"),
        ..ModuleDef::builtin("tracemalloc", init_nothing)
    },
    ModuleDef {
        source: Some(types::SOURCE),
        file: Some("types.py"),
        ..ModuleDef::builtin("types", types::init)
    },
    ModuleDef {
        package: true,
        ..python("json", JSON, "json/__init__.py", false, 262)
    },
    python("json.decoder", JSON_DECODER, "json/decoder.py", false, 0),
    python("json.encoder", JSON_ENCODER, "json/encoder.py", false, 0),
    python("_weakrefset", WEAKREFSET, "_weakrefset.py", true, 0),
    ModuleDef {
        frozen: true,
        ..python("abc", ABC, "abc.py", true, 0)
    },
    ModuleDef {
        frozen: true,
        ..python(
            "_collections_abc",
            COLLECTIONS_ABC,
            "_collections_abc.py",
            true,
            0,
        )
    },
    ModuleDef::builtin("_collections", collections::init_private),
    ModuleDef {
        source: Some(collections::SOURCE),
        file: Some("collections/__init__.py"),
        // `PyODictObject`: a dict (48 bytes) and od_first, od_last, od_fast_nodes,
        // od_fast_nodes_size, od_resize_sentinel, od_state, then `od_inst_dict` (the
        // instances' `__dict__`, tp_dictoffset 96) and `od_weakreflist` (104) last
        static_dict_types: &[("OrderedDict", "collections.OrderedDict", 112)],
        odict_type: Some("OrderedDict"),
        deps: &["_collections"],
        package: true,
        ..ModuleDef::builtin("collections", collections::init)
    },
    python(
        "collections.abc",
        COLLECTIONS_ABC_PKG,
        "collections/abc.py",
        true,
        0,
    ),
    python("enum", ENUM, "enum.py", true, 0),
    // this python3's start-up (its site-packages' .pth files) has imported `re` already
    ModuleDef {
        package: true,
        deps: &["enum"],
        init: Some(sre::init_re),
        // `_sre`'s match objects (see modules::sre)
        static_types: &[("Match", 0)],
        ..python("re", RE, "re/__init__.py", true, 0)
    },
    python("typing", TYPING, "typing.py", true, 0),
    // CPython's datetime is _datetime (C): its classes are static types (424 bytes, not in
    // the collector), their instances the C structs (`sizeof(PyDateTime_Date)`...: no GC
    // header, no reference to the type), and its frames leave no traceback entries
    ModuleDef {
        static_types: &[
            ("date", 32),
            ("datetime", 48),
            ("time", 40),
            ("timedelta", 40),
            ("tzinfo", 16),
            ("timezone", 32),
        ],
        c_code: true,
        ..python("datetime", DATETIME, "datetime.py", false, 907)
    },
    // Lib/numbers.py, verbatim: the numeric ABCs (`ABCMeta` classes) that `int`, `float` and
    // `complex` are registered with
    ModuleDef {
        deps: &["abc"],
        ..python("numbers", NUMBERS, "numbers.py", false, 264)
    },
    // CPython's decimal is _decimal (C): its import makes 628 allocations, numbers' 264 among
    // them (`import numbers` first: the model imports it as a dependency) and contextvars'
    // (which the model does not have)
    ModuleDef {
        init: Some(decimal::init),
        deps: &["numbers"],
        // PyDecObject: the head, hash, mpd_t and MPD_MINALLOC (4) words of coefficient;
        // PyDecContextObject: the head, mpd_context_t, traps, flags, capitals, tstate;
        // PyDecContextManagerObject: the head, `local` and `global`
        static_types: &[
            ("Decimal", 104),
            ("Context", 96),
            ("SignalDictMixin", 0),
            ("ContextManager", 32),
        ],
        c_code: true,
        ..python("decimal", DECIMAL, "decimal.py", false, 628 - 264)
    },
    // 936 for `import fractions` alone, less decimal's 628 (numbers' included; 303 measured
    // after decimal: not additive)
    ModuleDef {
        deps: &["decimal"],
        ..python("fractions", FRACTIONS, "fractions.py", false, 308)
    },
    // 1231 for `import statistics` alone, less fractions' 936
    ModuleDef {
        deps: &["fractions"],
        ..python("statistics", STATISTICS, "statistics.py", false, 295)
    },
    ModuleDef {
        preloaded: false,
        // 767 for `import traceback` alone, less textwrap's 215 (it imports linecache and
        // tokenize too, which the model does not have)
        import_allocs: 552,
        deps: &["textwrap"],
        file: Some("traceback.py"),
        source: Some(TRACEBACK),
        ..ModuleDef::builtin("traceback", traceback::init)
    },
    // measured after string and traceback (CPython imports threading, os, weakref... too)
    ModuleDef {
        package: true,
        deps: &["string", "traceback"],
        ..python("logging", LOGGING, "logging/__init__.py", false, 678)
    },
    // CPython's inspect imports ast, dis, tokenize, linecache... (not modelled): their
    // allocations are counted here
    python("inspect", INSPECT, "inspect.py", false, 2383),
    // CPython's doctest imports pdb, unittest, difflib... (not modelled): their allocations
    // are counted here (7944 for `import doctest` alone, less inspect's)
    ModuleDef {
        deps: &["inspect"],
        ..python("doctest", DOCTEST, "doctest.py", false, 5561)
    },
    // CPython's pprint imports dataclasses (and through it inspect...)
    ModuleDef {
        deps: &["dataclasses"],
        ..python("pprint", PPRINT, "pprint.py", false, 143)
    },
    // 2790 for `import dataclasses` alone, less `copy`'s 49 and `inspect`'s 2383 (348 when
    // measured after both: not additive)
    ModuleDef {
        deps: &["inspect"],
        ..python("dataclasses", DATACLASSES, "dataclasses.py", false, 358)
    },
    ModuleDef {
        deps: &["heapq"],
        ..python("difflib", DIFFLIB, "difflib.py", false, 277)
    },
    ModuleDef {
        preloaded: false,
        file: Some(extension!("zlib")),
        source: Some(ZLIB),
        ..ModuleDef::builtin("zlib", zlib::init)
    },
    // CPython's pickle imports _pickle, struct, _compat_pickle, codecs... (measured after
    // io, re, functools, itertools, types and copyreg)
    python("pickle", PICKLE, "pickle.py", false, 775),
    // this python3's start-up (its site-packages' .pth files) has imported fnmatch already
    ModuleDef {
        deps: &["os", "re", "functools"],
        ..python("fnmatch", FNMATCH, "fnmatch.py", true, 0)
    },
    ModuleDef {
        preloaded: false,
        import_allocs: 19,
        file: Some(extension!("_queue")),
        source: Some(queue::SOURCE),
        ..ModuleDef::builtin("_queue", queue::init)
    },
    // CPython's queue imports threading too (measured after heapq and _queue)
    ModuleDef {
        deps: &["heapq", "_queue"],
        ..python("queue", QUEUE, "queue.py", false, 98)
    },
    // CPython's html imports html.entities (its tables): counted here
    ModuleDef {
        package: true,
        ..python("html", HTML, "html/__init__.py", false, 100)
    },
    // CPython's unittest also imports argparse, signal, fnmatch, asyncio's parts...: their
    // allocations are counted here (measured after the dependencies below)
    ModuleDef {
        package: true,
        deps: &["difflib", "pprint", "traceback"],
        ..python("unittest", UNITTEST, "unittest/__init__.py", false, 2348)
    },
];

/// A module that is all Python.
fn init_nothing(_vm: &mut Vm, _module: ObjId) {}

const FUTURE: &str = include_str!("modules/py/__future__.py");
const IO: &str = include_str!("modules/py/io.py");
const KEYWORD: &str = include_str!("modules/py/keyword.py");
const REPRLIB: &str = include_str!("modules/py/reprlib.py");
const CONTEXTLIB: &str = include_str!("modules/py/contextlib.py");
const STRING: &str = include_str!("modules/py/string.py");
const TEXTWRAP: &str = include_str!("modules/py/textwrap.py");
const WEAKREFSET: &str = include_str!("modules/py/_weakrefset.py");
const ABC: &str = include_str!("modules/py/abc.py");
const COLLECTIONS_ABC: &str = include_str!("modules/py/_collections_abc.py");
const COLLECTIONS_ABC_PKG: &str = include_str!("modules/py/collections_abc.py");
const ENUM: &str = include_str!("modules/py/enum.py");
const RE: &str = include_str!("modules/py/re.py");
const TIME: &str = include_str!("modules/py/time.py");
const DATETIME: &str = include_str!("modules/py/datetime.py");
const STRPTIME: &str = include_str!("modules/py/_strptime.py");
const PPRINT: &str = include_str!("modules/py/pprint.py");
const TRACEBACK: &str = include_str!("modules/py/traceback.py");
const LOGGING: &str = include_str!("modules/py/logging.py");
const DOCTEST: &str = include_str!("modules/py/doctest.py");
const INSPECT: &str = include_str!("modules/py/inspect.py");
const FRACTIONS: &str = include_str!("modules/py/fractions.py");
const NUMBERS: &str = include_str!("modules/py/numbers.py");
const DECIMAL: &str = include_str!("modules/py/decimal.py");
const STATISTICS: &str = include_str!("modules/py/statistics.py");
const TYPING: &str = include_str!("modules/py/typing.py");
const OS: &str = include_str!("modules/py/os.py");
const PICKLE: &str = include_str!("modules/py/pickle.py");
const ZLIB: &str = include_str!("modules/py/zlib.py");
const FNMATCH: &str = include_str!("modules/py/fnmatch.py");
const QUEUE: &str = include_str!("modules/py/queue.py");
const HTML: &str = include_str!("modules/py/html.py");
const DIFFLIB: &str = include_str!("modules/py/difflib.py");
const UNITTEST: &str = include_str!("modules/py/unittest.py");
const POSIXPATH: &str = include_str!("modules/py/posixpath.py");
const DATACLASSES: &str = include_str!("modules/py/dataclasses.py");
const JSON: &str = include_str!("modules/py/json/__init__.py");
const JSON_DECODER: &str = include_str!("modules/py/json/decoder.py");
const JSON_ENCODER: &str = include_str!("modules/py/json/encoder.py");

/// A module written in Python only.
const fn python(
    name: &'static str,
    source: &'static str,
    file: &'static str,
    preloaded: bool,
    import_allocs: u32,
) -> ModuleDef {
    ModuleDef {
        name,
        init: None,
        source: Some(source),
        preloaded,
        import_allocs,
        deps: &[],
        file: Some(file),
        package: false,
        frozen: false,
        static_types: &[],
        static_dict_types: &[],
        odict_type: None,
        c_code: false,
        post_init: None,
    }
}

/// `_thread`: one thread, so `get_ident()` is a constant.
fn init_thread(vm: &mut Vm, module: ObjId) {
    vm.module_add_functions(module, THREAD_FUNCTIONS);
}

static THREAD_FUNCTIONS: &[BuiltinDef] = &[crate::builtins::func("get_ident", thread_get_ident)];

fn thread_get_ident(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::positional(vm, "get_ident", args, kwargs, 0, 0)?;
    Ok(vm.new_int(140_000_000_000_000))
}

fn init_ctypes(vm: &mut Vm, module: ObjId) {
    let t = vm.ty(BuiltinType::CLong);
    vm.module_set(module, "c_long", t);
    vm.module_set(module, "c_ssize_t", t);
}

/// `dir()` of CPython 3.11's module for each module refscope models, a line a module
/// (`scripts/record_module_names.py`).
const CPYTHON_NAMES: &str = include_str!("modules/cpython_module_names.txt");

/// Does CPython's module `module` have the attribute `name`? A name it has and the model's
/// module lacks is refused with NotImplementedError naming it, not AttributeError.
pub fn cpython_has(module: &str, name: &str) -> bool {
    CPYTHON_NAMES
        .lines()
        .find_map(|line| {
            let mut words = line.split(' ');
            (words.next() == Some(module)).then(|| words.any(|w| w == name))
        })
        .unwrap_or(false)
}

/// The definition of a module refscope models, by full name.
pub fn find(name: &str) -> Option<&'static ModuleDef> {
    MODULES.iter().find(|m| m.name == name)
}

/// The modules refscope models (and `builtins`).
pub fn modelled_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = MODULES.iter().map(|m| m.name).collect();
    v.push("builtins");
    v
}

impl Vm {
    /// `import name`: the module object (a new reference), made on first import.
    pub fn import_module(&mut self, name: &str) -> PyResult<ObjId> {
        if let Some(&m) = self.modules.get(name) {
            return Ok(self.new_ref(m));
        }
        if name == "builtins" {
            let b = self.builtins_module;
            return Ok(self.new_ref(b));
        }
        let Some(def) = find(name) else {
            // a submodule a modelled package binds itself (`os.path`, which `os` registers):
            // the parent first, then look again
            if let Some((parent, _)) = name.rsplit_once('.') {
                if find(parent).is_some() {
                    let p = self.import_module(parent)?;
                    self.decref(p);
                    if let Some(&m) = self.modules.get(name) {
                        return Ok(self.new_ref(m));
                    }
                }
            }
            // the snippet's own module (`sys.path[0]`), when whoever opened it can read one
            if let Some(m) = self.import_user_module(name)? {
                return Ok(m);
            }
            // a standard-library module the model lacks says so; any other name is as
            // missing as under CPython
            let top = name.split('.').next().unwrap_or(name);
            let msg = if surface::STDLIB_MODULE_NAMES.contains(&top) {
                format!("refscope models no module named '{name}'")
            } else {
                format!("No module named '{name}'")
            };
            // importlib: `ModuleNotFoundError(msg, name=name)`
            return Err(self.new_import_error(ExcKind::ModuleNotFoundError, &msg, name, None));
        };
        // a package's parent first (`collections` before `collections.abc`)
        if let Some((parent, _)) = name.rsplit_once('.') {
            let p = self.import_module(parent)?;
            self.decref(p);
        }
        for dep in def.deps {
            let d = self.import_module(dep)?;
            self.decref(d);
        }
        // the parent's code may have imported this module already
        if let Some(&m) = self.modules.get(name) {
            return Ok(self.new_ref(m));
        }
        // a module CPython's start-up imported: the references its image takes to start-up's
        // strings are already in their counts
        let before = def
            .preloaded
            .then(|| crate::vm::startup_strings::model_refs(self));
        let m = self.build_module_image(def);
        if let Some(before) = before {
            crate::vm::startup_strings::absorb(self, &before);
        }
        let m = m?;
        if let Some((parent, child)) = name.rsplit_once('.') {
            if let Some(&p) = self.modules.get(parent) {
                self.module_set(p, child, m);
            }
        }
        if !def.preloaded {
            // what CPython's import allocates (code objects, functions, classes...) that the
            // image does not count
            for _ in 0..def.import_allocs {
                self.gc_link_count();
            }
        }
        Ok(self.new_ref(m))
    }

    /// Build a module as a start-up image: its objects belong to the interpreter, like
    /// CPython's builtin modules and the modules its start-up imported.
    fn build_module_image(&mut self, def: &'static ModuleDef) -> PyResult<ObjId> {
        let was = (self.heap.bootstrapping, self.heap.image_mode);
        self.heap.bootstrapping = true;
        self.heap.image_mode = true;
        let m = self.new_module(def.name);
        if let Some(f) = def.file {
            let path = format!("{STDLIB_DIR}/{f}");
            let p = self.new_str(&path);
            self.module_set(m, "__file__", p);
            self.decref(p);
            if def.package {
                let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                let d = self.new_str(dir);
                let l = self.new_list(vec![d]);
                self.module_set(m, "__path__", l);
                self.decref(l);
            }
        }
        // `__package__`: the package itself, or the one the module is in
        let package = if def.package {
            def.name
        } else {
            def.name.rsplit_once('.').map(|(p, _)| p).unwrap_or("")
        };
        let p = self.new_str(package);
        self.module_set(m, "__package__", p);
        self.decref(p);
        // registered before its code runs, as `_bootstrap._load` does (imports inside the
        // module see it)
        self.modules.insert(def.name.to_string(), m);
        if def.name != "sys" {
            self.sys_modules_add(def.name, m);
        }
        if let Some(init) = def.init {
            init(self, m);
        }
        let mut result = Ok(());
        let pending = self.static_types_pending.take();
        if !def.static_types.is_empty() || !def.static_dict_types.is_empty() {
            self.static_types_pending = Some(def);
        }
        if let Some(src) = def.source {
            let filename = match def.file {
                Some(f) => format!("{STDLIB_DIR}/{f}"),
                None => format!("<{}>", def.name),
            };
            result = self.run_library_source(m, src, &filename, def.c_code);
        }
        if let (Ok(()), Some(post)) = (&result, def.post_init) {
            post(self, m);
        }
        self.static_types_pending = pending;
        self.heap.bootstrapping = was.0;
        self.heap.image_mode = was.1;
        match result {
            Ok(()) => Ok(m),
            Err(e) => {
                // a module whose code failed is not left importable
                self.modules.remove(def.name);
                self.decref(m);
                Err(e)
            }
        }
    }

    /// A class just made while `def`'s Python part runs: if it is one of the module's
    /// classes standing for static C types, it takes the C `tp_name` (and with a size, its
    /// instances are the C struct), and leaves the collector as a static type is not in it.
    pub(crate) fn mark_static_type(&mut self, cls: ObjId, def: &ModuleDef) {
        let name = match self.heap.payload(cls) {
            Payload::Type(t) => t.name.clone(),
            _ => return,
        };
        if let Some(&(_, tp_name, basicsize)) =
            def.static_dict_types.iter().find(|(n, _, _)| *n == name)
        {
            if let Payload::Type(t) = self.heap.payload_mut(cls) {
                t.name = tp_name.to_string();
                t.c_static = true;
                t.basicsize = basicsize;
                t.managed_dict = false;
                t.dict_ptr = true;
                t.weakrefable = true;
                t.odict = def.odict_type == Some(name.as_str());
            }
            self.gc_untrack(cls);
            return;
        }
        let Some(&(_, basicsize)) = def.static_types.iter().find(|(n, _)| *n == name) else {
            return;
        };
        if let Payload::Type(t) = self.heap.payload_mut(cls) {
            t.name = format!("{}.{name}", def.name);
            t.c_static = true;
            if basicsize > 0 {
                t.basicsize = basicsize;
                t.c_struct = true;
            }
        }
        // a static type is not a GC object (type_is_gc)
        self.gc_untrack(cls);
    }

    /// Run a module's embedded Python part in its namespace.
    pub fn run_library_source(
        &mut self,
        module: ObjId,
        src: &str,
        filename: &str,
        c_code: bool,
    ) -> PyResult<()> {
        let dict = match self.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return Ok(()),
        };
        let (code, arena) = self.compile_library_source(src, filename, c_code)?;
        let r = self.run_code_object(code, dict, Some(dict));
        self.decref(code);
        arena.release(self);
        let v = r?;
        self.decref(v);
        Ok(())
    }

    /// `IMPORT_NAME`: `import a.b` gives `a` (with `a.b` loaded); `from a.b import c` gives
    /// `a.b`, importing submodules named in `fromlist` that are not attributes yet
    /// (`_handle_fromlist`).
    pub(crate) fn import_name(
        &mut self,
        name: &str,
        fromlist: ObjId,
        level: ObjId,
    ) -> PyResult<ObjId> {
        let level = self.as_i64(level).unwrap_or(0);
        if level > 0 {
            // resolve against the importing module's `__package__`
            let globals = self.frames.last().map(|f| f.globals);
            let package = globals.and_then(|g| {
                let k = self.new_interned("__package__");
                let v = self.dict_getitem_str(g, k);
                self.decref(k);
                v.map(|v| self.str_of(v).to_string())
            });
            let Some(package) = package.filter(|p| !p.is_empty()) else {
                return Err(self.new_exception(
                    ExcKind::ImportError,
                    "attempted relative import with no known parent package",
                ));
            };
            let parts: Vec<&str> = package.split('.').collect();
            if (level as usize) > parts.len() {
                return Err(self.new_exception(
                    ExcKind::ImportError,
                    "attempted relative import beyond top-level package",
                ));
            }
            let base = parts[..parts.len() + 1 - level as usize].join(".");
            let full = if name.is_empty() {
                base
            } else {
                format!("{base}.{name}")
            };
            let m = self.import_module(&full)?;
            let from: Vec<ObjId> = match self.payload(fromlist) {
                Payload::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            };
            for f in from {
                let sub = format!("{full}.{}", self.str_of(f));
                if find(&sub).is_some() && !self.modules.contains_key(&sub) {
                    let s = self.import_module(&sub)?;
                    self.decref(s);
                }
            }
            return Ok(m);
        }
        if name.is_empty() {
            return Err(self.new_exception(ExcKind::ValueError, "Empty module name"));
        }
        let m = self.import_module(name)?;
        let from: Vec<ObjId> = match self.payload(fromlist) {
            Payload::Tuple(t) => t.to_vec(),
            _ => Vec::new(),
        };
        if from.is_empty() {
            if let Some((top, _)) = name.split_once('.') {
                self.decref(m);
                return self.import_module(top);
            }
            return Ok(m);
        }
        for f in from {
            let sub = format!("{name}.{}", self.str_of(f));
            if self.str_of(f) != "*" && find(&sub).is_some() && !self.modules.contains_key(&sub) {
                let s = self.import_module(&sub)?;
                self.decref(s);
            }
        }
        Ok(m)
    }

    /// Record a newly imported module in `sys.modules` (once `sys` itself is imported).
    pub(crate) fn sys_modules_add(&mut self, name: &str, m: ObjId) {
        let Some(&sys) = self.modules.get("sys") else {
            return;
        };
        let Payload::Module(sm) = self.heap.payload(sys) else {
            return;
        };
        let sys_dict = sm.dict;
        let key = self.new_interned("modules");
        let d = self.dict_getitem_str(sys_dict, key);
        self.decref(key);
        if let Some(d) = d {
            if matches!(self.heap.payload(d), Payload::Dict(_)) {
                let k = self.new_interned(name);
                let _ = self.dict_setitem(d, k, m);
                self.decref(k);
            }
        }
    }

    /// A new module object with `__name__` and `__doc__`.
    pub fn new_module(&mut self, name: &str) -> ObjId {
        let dict = self.new_dict_from(PyDict::new(), false);
        let t = self.ty(BuiltinType::Module);
        let m = self.alloc(
            t,
            Payload::Module(Box::new(Module {
                name: name.to_string(),
                dict,
                name_obj: None,
            })),
            Layout::gc(56),
        );
        let n = self.new_str(name);
        self.module_set(m, "__name__", n);
        self.decref(n);
        let none = self.none();
        self.module_set(m, "__doc__", none);
        m
    }

    /// Set a module attribute (the value is borrowed).
    pub fn module_set(&mut self, module: ObjId, name: &str, value: ObjId) {
        let dict = match self.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return,
        };
        let key = self.new_interned(name);
        let _ = self.dict_setitem(dict, key, value);
        self.decref(key);
    }

    /// Add builtin functions to a module (each bound to the module, as CPython's are).
    pub fn module_add_functions(&mut self, module: ObjId, defs: &'static [BuiltinDef]) {
        let t = self.ty(BuiltinType::BuiltinFunction);
        for def in defs {
            debug_assert_eq!(def.kind, Kind::Function);
            self.incref(module);
            let f = self.alloc(
                t,
                Payload::Builtin(Box::new(BuiltinFn {
                    func: crate::builtins::Builtin(def),
                    self_: Some(module),
                })),
                Layout::gc(56),
            );
            self.module_set(module, def.name, f);
            self.decref(f);
        }
    }

    /// A name CPython 3.11's module has but the model does not: `NotImplementedError: refscope
    /// does not model sys.settrace`, rather than an AttributeError that would tell a learner
    /// Python lacks it.
    pub(crate) fn unmodelled_module_attr(&mut self, module: &str, name: ObjId) -> Option<PyErr> {
        let text = self.str_of(name).to_string();
        let known = match surface::MODULE_NAMES.iter().find(|(m, _)| *m == module) {
            Some((_, names)) => names.contains(&text.as_str()),
            // the modules surface.rs does not record yet (the standard library's)
            None => find(module).is_some() && cpython_has(module, &text),
        };
        if !known {
            return None;
        }
        Some(self.unsupported(&format!("{module}.{text}")))
    }

    /// Bind the attributes `names` of module `from` in module `into` (`from X import a, b` at
    /// start-up; the source module is imported first).
    pub fn module_reexport(&mut self, into: ObjId, from: &str, names: &[&str]) {
        let Ok(src) = self.import_module(from) else {
            return;
        };
        for &n in names {
            match self.getattr_str(src, n) {
                Ok(v) => {
                    self.module_set(into, n, v);
                    self.decref(v);
                }
                Err(e) => self.decref(e.0),
            }
        }
        self.decref(src);
    }

    /// `IMPORT_FROM`: `from module import name`.
    pub(crate) fn import_from(&mut self, module: ObjId, name: ObjId) -> PyResult<ObjId> {
        match self.getattr(module, name) {
            Ok(v) => Ok(v),
            Err(e) if self.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
                self.decref(e.0);
                let (mname, dict) = match self.payload(module) {
                    Payload::Module(m) => (m.name.clone(), Some(m.dict)),
                    _ => ("?".into(), None),
                };
                let file = dict.and_then(|d| {
                    let k = self.new_interned("__file__");
                    let f = self
                        .dict_getitem_str(d, k)
                        .map(|f| self.str_of(f).to_string());
                    self.decref(k);
                    f
                });
                // a submodule not yet imported (`from collections import abc`)
                let sub = format!("{mname}.{}", self.str_of(name));
                if find(&sub).is_some() {
                    return self.import_module(&sub);
                }
                let location = file.clone().unwrap_or_else(|| "unknown location".into());
                let msg = format!(
                    "cannot import name '{}' from '{}' ({location})",
                    self.str_of(name),
                    mname
                );
                // import_from: `PyErr_SetImportError(msg, pkgname, pkgpath)`
                Err(self.new_import_error(ExcKind::ImportError, &msg, &mname, file.as_deref()))
            }
            Err(e) => Err(e),
        }
    }

    /// `from module import *`: the names in `__all__`, else the public names.
    pub(crate) fn import_star(&mut self, module: ObjId) -> PyResult<()> {
        let dict = match self.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return Ok(()),
        };
        let ns = {
            let f = self.frames.last().expect("frame");
            f.locals_dict.unwrap_or(f.globals)
        };
        let all_key = self.new_interned("__all__");
        let all = self.dict_getitem_str(dict, all_key);
        self.decref(all_key);
        if let Some(all) = all {
            self.incref(all);
            let names = self.collect_iterable(all);
            self.decref(all);
            let names = names?;
            let mut result = Ok(());
            for &n in &names {
                if result.is_ok() {
                    result = match self.getattr(module, n) {
                        Ok(v) => {
                            let r = self.dict_setitem(ns, n, v);
                            self.decref(v);
                            r
                        }
                        Err(e) => Err(e),
                    };
                }
            }
            for n in names {
                self.decref(n);
            }
            return result;
        }
        for (k, v) in self.dict_pairs(dict) {
            if self.str_of(k).starts_with('_') {
                continue;
            }
            self.dict_setitem(ns, k, v)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modelled_module_has_cpythons_names_recorded() {
        for m in MODULES {
            if surface::MODULE_NAMES.iter().any(|(n, _)| *n == m.name) {
                continue;
            }
            assert!(
                CPYTHON_NAMES
                    .lines()
                    .any(|l| l.split(' ').next() == Some(m.name)),
                "{} is in neither surface.rs nor cpython_module_names.txt: run scripts/record_module_names.py",
                m.name
            );
        }
        assert!(cpython_has("io", "open"));
        assert!(cpython_has("collections", "namedtuple"));
        assert!(!cpython_has("collections", "nothing"));
        assert!(!cpython_has("nomodule", "x"));
    }
}
