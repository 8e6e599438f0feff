//! The singletons are C statics at fixed offsets in libpython's data segment, and that is
//! observable: `hash(None)` is `_Py_HashPointer(&_Py_NoneStruct)`, so where None lands in a set
//! or dict follows from its address. The expected text was printed by python3 3.11.7 (x86-64)
//! for the same snippet.

use refscope::load::load_str;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

const SNIPPET: &str = "\
print({2, None}, {None, 7, 8, 14}, {None: 0, 1: 1, 10: 2, 30: 3}.keys() == {None, 1, 10, 30})
print(list({None, 5, 13, 21, 62}), list({True, None, 2, 190}))
page = id(True) & ~0xfff
print([hex(id(o) - page) for o in (None, True, False, ..., NotImplemented)])
print(hash(None) == id(None) >> 4)
";

const PYTHON3: &str = "\
{2, None} {8, None, 14, 7} True
[5, 21, 62, 13, None] [True, 2, None, 190]
['0x15be0', '0xf00', '0xf20', '0x17e60', '0x15a30']
True
";

#[test]
fn none_sits_in_sets_where_its_address_puts_it() {
    let snippet = load_str("x.py", SNIPPET).expect("snippet loads");
    let options = VmOptions {
        filename: "x.py".into(),
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    let code = session.run_to_end();
    assert_eq!(code, 0, "{}", session.vm.stderr);
    assert_eq!(session.vm.stdout, PYTHON3);
}
