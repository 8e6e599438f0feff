//! Which return the line just executed made: the value a call gave back to the snippet's own
//! code, as Python Tutor shows a "Return value" after `first = add(1)`.
//!
//! Why a rule: the model remembers the last return of any function, however long ago and to
//! whomever. Shown as is, it misleads. At a post-mortem stop it is the previous call's (the
//! call that raised never returned); after `gc.collect()` it is `__del__`'s None (the
//! collector called `__del__` and threw its value away); after `head = Node(1)` the line got
//! the instance, not `__init__`'s None. A learner reads "f returned" as "the line just
//! executed got this value from f", so that is all it shows:
//!
//! - the *line just executed* is the last line event before the state shown: at a stop at a
//!   line event, the event before it; at a post-mortem stop or the run's end, the last one;
//! - the return was made after that event (no line of the snippet ran since), by the frame
//!   that event was in (the function whose line that was), and the frame is gone (it
//!   returned, it did not yield);
//! - that frame was called by the snippet's code, not from native code (`__del__` run by the
//!   collector, a `key=` function run by `sorted`): the value went back to a line;
//!   `__init__` run by a type call is never a return the views see (the line gets the
//!   instance).
//!
//! ```text
//! 5  first = add(1)     events: 5 (module) · 2, 3 (add) · add returns [1] · 6 (module)
//! 6  second = add(2)    stopped at 6: the line just executed is add's line 3, whose frame
//!                       returned to the module's line 5: "add returned [1]"
//! ```
//!
//! [`LineReturns`] is a line hook's memory of the last two line events (a few numbers each);
//! [`LineReturns::judge`] applies the rule to the state shown.

use std::rc::Rc;

use crate::vm::tracing::LineEvent;
use crate::vm::Vm;

use super::Return;

/// What a line event left to judge a later return by.
#[derive(Clone, Debug)]
struct Mark {
    /// Line events before this one.
    index: u64,
    /// Returns made before it (the model's return count).
    returns: u64,
    /// The frame the event was in, and whether its return would go back to the snippet's
    /// code (a function frame not run from native code).
    frame: u64,
    hands_back: bool,
    /// The code the frame runs: the return must be this frame's.
    code: Rc<crate::code::Code>,
}

/// The last two line events of a run, kept by a line hook ([`LineReturns::hook`]).
#[derive(Clone, Debug, Default)]
pub struct LineReturns {
    previous: Option<Mark>,
    latest: Option<Mark>,
}

impl LineReturns {
    /// Note a line event (call from the session's line hook).
    pub fn on_line(&mut self, vm: &Vm, event: &LineEvent) {
        let Some(f) = vm.frames.get(event.frame) else {
            return;
        };
        let mark = Mark {
            index: event.index,
            returns: vm.last_return.as_ref().map_or(0, |r| r.count),
            frame: f.serial,
            hands_back: f.func.is_some() && !f.entry,
            code: f.code.clone(),
        };
        self.previous = self.latest.replace(mark);
    }

    /// A line hook that notes every event in `this`.
    pub fn hook(this: Rc<std::cell::RefCell<LineReturns>>) -> crate::vm::tracing::LineHook {
        Box::new(move |vm, _watch, event| this.borrow_mut().on_line(vm, event))
    }

    /// The return the line just executed got, judged on `vm` after `events` line events;
    /// `at_event` says whether the state shown is the last of them (a stop at a line event)
    /// rather than after it (a post-mortem stop, the run's end). None when no such return
    /// was made, when its value is gone, or when the hook did not see the events the state
    /// comes from (a stop captured inside a native call).
    pub fn judge(&self, vm: &Vm, events: u64, at_event: bool) -> Option<Return> {
        let r = vm.last_return.as_ref()?;
        let (executed, after) = if at_event {
            (self.previous.as_ref()?, self.latest.as_ref())
        } else {
            (self.latest.as_ref()?, None)
        };
        let expected = if at_event {
            events.checked_sub(2)?
        } else {
            events.checked_sub(1)?
        };
        if executed.index != expected || after.is_some_and(|a| a.index != expected + 1) {
            return None;
        }
        // a return after the line's event, by the function of that line, whose frame is gone
        let returned_since = r.count > executed.returns
            && after.is_none_or(|a| a.returns == r.count)
            && executed.hands_back
            && Rc::ptr_eq(&executed.code, &r.code)
            && !vm.frames.iter().any(|f| f.serial == executed.frame);
        let alive = vm.heap.is_live(r.value) && vm.heap.meta(r.value).serial == r.serial;
        (returned_since && alive).then(|| Return {
            function: r.code.qualname.clone(),
            value: r.value,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::analysis::{HeapState, LiveHeap};
    use crate::load::load_str;
    use crate::vm::session::{Progress, Session, Step};
    use crate::vm::VmOptions;

    /// A session with the hook, advanced `steps` times by `step` (the first stop is the
    /// first line): what `f returned` shows then.
    fn returned_after(src: &str, step: Step, steps: usize) -> Option<String> {
        let mut s = Session::new(load_str("t.py", src).expect("loads"), VmOptions::default());
        s.stop_at_uncaught = true;
        let notes = Rc::new(RefCell::new(LineReturns::default()));
        s.set_line_hook(LineReturns::hook(notes.clone()));
        for _ in 0..steps {
            if s.advance(step, u64::MAX) != Progress::Stopped {
                break;
            }
        }
        let heap = LiveHeap::of(&s).with_returns(&s, &notes.borrow());
        heap.last_return()
            .map(|r| format!("{} {}", r.function, heap.short_repr(r.value, 20)))
    }

    #[test]
    fn a_return_to_the_line_just_executed_is_shown_once() {
        let src = "def f():\n    return [1]\nx = f()\ny = 2\nz = 3\n";
        // stops: 1, 3, 4. At line 4, line 3 just ran and got f's list
        assert_eq!(returned_after(src, Step::Over, 2), None);
        assert_eq!(returned_after(src, Step::Over, 3).as_deref(), Some("f [1]"));
        // one line later it is history
        assert_eq!(returned_after(src, Step::Over, 4), None);
        // stepping into f (1, 3, 2, 4): the line just executed is f's return line
        assert_eq!(returned_after(src, Step::Into, 3), None);
        assert_eq!(returned_after(src, Step::Into, 4).as_deref(), Some("f [1]"));
    }

    #[test]
    fn returns_to_the_interpreter_are_not_the_lines() {
        // __init__'s None goes to the type call, __del__'s to the collector
        let src = "import gc\nclass A:\n    def __init__(self):\n        self.me = self\n    \
                   def __del__(self):\n        pass\na = A()\ndel a\nn = gc.collect()\ndone = 1\n";
        for steps in 1..8 {
            assert_eq!(returned_after(src, Step::Over, steps), None, "step {steps}");
        }
    }

    #[test]
    fn a_post_mortem_stop_shows_no_earlier_return() {
        let src = "def d(a, b):\n    return a / b\nr = [d(8, 2)]\nr.append(d(8, 0))\n";
        // stopped at the raise: d(8, 2) returned a line earlier, to another line
        let mut last = None;
        for steps in 1..10 {
            last = returned_after(src, Step::Over, steps);
        }
        assert_eq!(last, None);
        // stops 1, 3, 4: at line 4, line 3 got d(8, 2)'s value (in a list)
        assert_eq!(returned_after(src, Step::Over, 3).as_deref(), Some("d 4.0"));
    }
}
