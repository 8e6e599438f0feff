//! `input()`: the prompt and what was printed before it go to the input hook, which returns
//! the line typed; without a hook (the app) input is at its end, as under
//! `python3 x.py < /dev/null`.

use std::sync::{Arc, Mutex};

use refscope::load::load_str;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

const SRC: &str = "print('start')\nname = input('Name? ')\nprint('Hello', name)\nn = int(input())\nprint(n * 2)\n";

#[test]
fn input_reads_lines_from_the_hook_after_showing_the_pending_output() {
    let snippet = load_str("x.py", SRC).expect("loads");
    let mut session = Session::new(snippet, VmOptions::default());
    let shown = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = shown.clone();
    let mut lines = vec!["21\n".to_string(), "Ann\n".to_string()];
    session.vm.input = Some(refscope::vm::InputHook::new(move |pending: &str| {
        seen.lock().unwrap().push(pending.to_string());
        lines.pop()
    }));
    assert_eq!(session.run_to_end(), 0, "{}", session.vm.stderr);
    assert_eq!(*shown.lock().unwrap(), vec!["start\nName? ", "Hello Ann\n"]);
    assert_eq!(session.vm.stdout, "start\nName? Hello Ann\n42\n");
    assert_eq!(session.vm.stdout_shown, "start\nName? Hello Ann\n".len());
}

#[test]
fn without_a_hook_input_is_at_its_end() {
    let snippet = load_str("x.py", SRC).expect("loads");
    let mut session = Session::new(snippet, VmOptions::default());
    assert_eq!(session.run_to_end(), 1);
    assert_eq!(session.vm.stdout, "start\nName? ");
    assert!(session
        .vm
        .stderr
        .ends_with("EOFError: EOF when reading a line\n"));
}
