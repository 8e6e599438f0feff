//! Generators driven from native code (`Objects/genobject.c`): `send`, `throw` and `close`,
//! a `return` value carried by `StopIteration`, delegation through `yield from`, and the
//! finalizer that closes a suspended generator when it is freed.
//!
//! `FOR_ITER` and `SEND` resume a generator frame inside the running evaluation loop
//! (`iter.rs`); everything here is the slow path a builtin takes.

use crate::code::Instr;
use crate::object::{ObjId, Payload};

use super::eval::{Control, Outcome};
use super::{ExcKind, PyErr, PyResult, Vm};

/// What resuming a generator gave (`PySendResult`): a yielded value or the frame's return
/// value, both owned.
pub(crate) enum GenStep {
    Yielded(ObjId),
    Returned(ObjId),
}

impl Vm {
    /// `gen_send_ex2`: resume `gen`, sending `arg` (owned; None pushes nothing, as for an
    /// unstarted frame) or raising `exc` (owned) at the point where it is suspended.
    pub(crate) fn gen_send_ex(
        &mut self,
        gen: ObjId,
        arg: Option<ObjId>,
        exc: Option<PyErr>,
    ) -> PyResult<GenStep> {
        let (running, has_frame) = match self.heap.payload(gen) {
            Payload::Generator(g) => (g.running, g.frame.is_some()),
            _ => (false, false),
        };
        if running {
            self.xdecref(arg);
            if let Some(e) = exc {
                self.decref(e.0);
            }
            return Err(self.new_exception(ExcKind::ValueError, "generator already executing"));
        }
        if !has_frame {
            // a finished generator: sending returns None again, throwing raises at once
            self.xdecref(arg);
            return match exc {
                Some(e) => Err(e),
                None => Ok(GenStep::Returned(self.new_none())),
            };
        }
        let base = self.frames.len();
        let push_value = exc.is_none();
        if let Err(e) = self.resume_generator_frame(gen, arg, push_value) {
            if let Some(x) = exc {
                self.decref(x.0);
            }
            return Err(e);
        }
        self.frames[base].entry = true;
        let outcome = self.with_stack(|vm| {
            let mut ctl = Control::run_to_end();
            Ok(match exc {
                Some(e) => match vm.raise_in_frame(e, base) {
                    Some(o) => o,
                    None => vm.run_frames(base, &mut ctl),
                },
                None => vm.run_frames(base, &mut ctl),
            })
        });
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                // no room left for the Rust stack: the frame exits with the error at once, as
                // a frame does that fails CPython's check at its start
                let frame = self.pop_frame();
                self.clear_frame(frame);
                self.generator_finished(gen);
                return Err(e);
            }
        };
        match outcome {
            Outcome::Yielded(v) => Ok(GenStep::Yielded(v)),
            Outcome::Returned(r) => Ok(GenStep::Returned(r)),
            Outcome::Raised(e) => Err(e),
            Outcome::Paused | Outcome::Sliced => unreachable!("nested runs never pause"),
        }
    }

    /// `gen_iternext`/`gen.send`: a yielded value, or `StopIteration(value)` for a return.
    pub(crate) fn gen_send(&mut self, gen: ObjId, arg: Option<ObjId>) -> PyResult<ObjId> {
        match self.gen_send_ex(gen, arg, None)? {
            GenStep::Yielded(v) => Ok(v),
            GenStep::Returned(r) => Err(self.stop_iteration_value(r)),
        }
    }

    /// `_PyGen_SetStopIterationValue`: `StopIteration()` for None, else
    /// `StopIteration(value)` (`value` owned).
    pub(crate) fn stop_iteration_value(&mut self, value: ObjId) -> PyErr {
        if value == self.none() {
            self.decref(value);
            return self.new_exception_empty(ExcKind::StopIteration);
        }
        let ty = self.exc_types[ExcKind::StopIteration as usize];
        PyErr(self.new_exception_object(ty, vec![value]))
    }

    /// `_PyGen_yf`: the sub-iterator a generator suspended inside `yield from` delegates to
    /// (borrowed): the frame stopped right after `SEND; YIELD_VALUE`, with the receiver on top
    /// of its stack.
    pub(crate) fn gen_yf(&self, gen: ObjId) -> Option<ObjId> {
        let Payload::Generator(g) = self.heap.payload(gen) else {
            return None;
        };
        let f = g.frame.as_ref()?;
        if f.ip < 2 {
            return None;
        }
        match (f.code.instrs[f.ip - 2], f.code.instrs[f.ip - 1]) {
            (Instr::Send(_), Instr::YieldValue) => f.stack.last().copied().flatten(),
            _ => None,
        }
    }

    /// `_gen_throw`: raise `exc` (owned) inside the generator. A generator delegating with
    /// `yield from` passes it on to the sub-iterator first; when that one finishes, its
    /// return value becomes the value of the `yield from`.
    pub(crate) fn gen_throw(&mut self, gen: ObjId, exc: PyErr) -> PyResult<GenStep> {
        let Some(yf) = self.gen_yf(gen) else {
            return self.gen_send_ex(gen, None, Some(exc));
        };
        self.incref(yf);
        let exc = exc.0;
        // Some(Ok(Ok(yielded))), Some(Ok(Err(returned))), Some(Err(raised)), or None when the
        // exception is to be raised in this generator itself
        let inner: Option<PyResult<Result<ObjId, ObjId>>> =
            if self.is_instance_of_kind(exc, ExcKind::GeneratorExit) {
                // close the sub-iterator, then raise GeneratorExit here
                match self.gen_close_iter(yf) {
                    Ok(()) => None,
                    Err(e) => Some(Err(e)),
                }
            } else if matches!(self.heap.payload(yf), Payload::Generator(_)) {
                // `_gen_throw(yf, ...)` gets typ/val/tb borrowed: the reference goes down
                // to the generator that raises it (`throw_here`), none is kept here
                self.set_running(gen, true);
                let r = self.gen_throw(yf, PyErr(exc));
                self.set_running(gen, false);
                self.decref(yf);
                let r = r.map(|step| match step {
                    GenStep::Yielded(v) => Ok(v),
                    GenStep::Returned(r) => Err(r),
                });
                return self.gen_after_delegated_throw(gen, r);
            } else {
                match self.lookup_attr(yf, "throw") {
                    Ok(Some(m)) => {
                        let r = self.call_object(m, &[exc], &[]);
                        self.decref(m);
                        Some(r.map(Ok))
                    }
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                }
            };
        self.decref(yf);
        match inner {
            None => self.gen_send_ex(gen, None, Some(PyErr(exc))),
            Some(r) => {
                self.decref(exc);
                self.gen_after_delegated_throw(gen, r)
            }
        }
    }

    /// What the sub-iterator of a `yield from` made of a thrown exception: a value yielded
    /// (the result), a return (the `yield from`'s value), or an exception raised here.
    fn gen_after_delegated_throw(
        &mut self,
        gen: ObjId,
        r: PyResult<Result<ObjId, ObjId>>,
    ) -> PyResult<GenStep> {
        match r {
            Ok(Ok(v)) => Ok(GenStep::Yielded(v)),
            Ok(Err(ret)) => self.gen_resume_after_yield_from(gen, ret),
            Err(e) if self.is_instance_of_kind(e.0, ExcKind::StopIteration) => {
                let value = self.stop_iteration_take_value(e);
                self.gen_resume_after_yield_from(gen, value)
            }
            // the sub-iterator's exception is raised in this generator
            Err(e) => self.gen_send_ex(gen, None, Some(e)),
        }
    }

    /// The sub-iterator of a `yield from` returned `value` (owned): leave the `SEND` loop and
    /// continue the generator with that value as the result of the `yield from`.
    fn gen_resume_after_yield_from(&mut self, gen: ObjId, value: ObjId) -> PyResult<GenStep> {
        let receiver = match self.heap.payload_mut(gen) {
            Payload::Generator(g) => match g.frame.as_mut() {
                Some(f) => {
                    let Instr::Send(target) = f.code.instrs[f.ip - 2] else {
                        unreachable!("gen_yf checked the SEND")
                    };
                    // the frame resumes at the SEND's exit with the value pushed for it;
                    // `resume_generator_frame` pushes the sent value
                    f.ip = target as usize;
                    f.stack.pop().flatten()
                }
                None => None,
            },
            _ => None,
        };
        self.xdecref(receiver);
        self.gen_send_ex(gen, Some(value), None)
    }

    /// `StopIteration.value` of an exception being handled (consumed), owned.
    fn stop_iteration_take_value(&mut self, e: PyErr) -> ObjId {
        let args = match self.heap.payload(e.0) {
            Payload::Exception(x) => Some(x.args),
            _ => None,
        };
        let value = args
            .and_then(|a| match self.heap.payload(a) {
                Payload::Tuple(t) => t.first().copied(),
                _ => None,
            })
            .unwrap_or(self.statics.none);
        self.incref(value);
        self.decref(e.0);
        value
    }

    fn set_running(&mut self, gen: ObjId, running: bool) {
        if let Payload::Generator(g) = self.heap.payload_mut(gen) {
            g.running = running;
        }
    }

    /// `gen_close_iter`: close a sub-iterator (a generator, or anything with `close()`).
    fn gen_close_iter(&mut self, yf: ObjId) -> PyResult<()> {
        if matches!(self.heap.payload(yf), Payload::Generator(_)) {
            return self.gen_close(yf);
        }
        if let Some(m) = self.lookup_attr(yf, "close")? {
            let r = self.call_object(m, &[], &[]);
            self.decref(m);
            self.decref(r?);
        }
        Ok(())
    }

    /// `gen_close`: raise GeneratorExit where the generator is suspended. It may clean up and
    /// finish (or raise StopIteration/GeneratorExit), but yielding again is an error. An
    /// unstarted generator is just marked finished.
    pub(crate) fn gen_close(&mut self, gen: ObjId) -> PyResult<()> {
        let (started, has_frame, running) = match self.heap.payload(gen) {
            Payload::Generator(g) => (
                g.frame.as_ref().is_some_and(|f| f.ip > 0),
                g.frame.is_some(),
                g.running,
            ),
            _ => (false, false, false),
        };
        if running {
            // closing itself from inside: `gen_send_ex2` refuses a running frame
            return Err(self.new_exception(ExcKind::ValueError, "generator already executing"));
        }
        if !has_frame {
            return Ok(());
        }
        if !started {
            let frame = match self.heap.payload_mut(gen) {
                Payload::Generator(g) => {
                    g.finished = true;
                    g.frame.take()
                }
                _ => None,
            };
            if let Some(f) = frame {
                self.clear_detached_frame(*f);
            }
            return Ok(());
        }
        let exit = self.new_exception_empty(ExcKind::GeneratorExit);
        match self.gen_throw(gen, exit) {
            Ok(GenStep::Yielded(v)) => {
                self.decref(v);
                Err(self.new_exception(ExcKind::RuntimeError, "generator ignored GeneratorExit"))
            }
            Ok(GenStep::Returned(r)) => {
                self.decref(r);
                Ok(())
            }
            Err(e)
                if self.is_instance_of_kind(e.0, ExcKind::StopIteration)
                    || self.is_instance_of_kind(e.0, ExcKind::GeneratorExit) =>
            {
                self.decref(e.0);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Whether a dying generator needs `_PyGen_Finalize`: it is suspended inside its frame.
    pub(crate) fn gen_needs_finalizer(&self, gen: ObjId) -> bool {
        match self.heap.payload(gen) {
            Payload::Generator(g) => !g.running && g.frame.as_ref().is_some_and(|f| f.ip > 0),
            _ => false,
        }
    }

    /// `_PyGen_Finalize`: close the generator; an error is reported, not raised.
    pub(crate) fn gen_finalize(&mut self, gen: ObjId) {
        if let Err(e) = self.gen_close(gen) {
            let what = self.repr_string(gen).unwrap_or_default();
            self.write_unraisable(e, &what);
        }
    }

    /// PEP 479: a `StopIteration` leaving a generator's frame becomes
    /// `RuntimeError('generator raised StopIteration')`, caused by it (`exc` owned).
    pub(crate) fn gen_stop_iteration_error(&mut self, exc: ObjId) -> ObjId {
        if !self.is_instance_of_kind(exc, ExcKind::StopIteration) {
            return exc;
        }
        let err = self.new_exception(ExcKind::RuntimeError, "generator raised StopIteration");
        self.incref(exc);
        if let Payload::Exception(e) = self.heap.payload_mut(err.0) {
            e.cause = Some(exc);
            e.context = Some(exc);
            e.suppress_context = true;
        }
        err.0
    }
}
