//! The `refscope` command.

fn main() {
    std::process::exit(refscope::cli::main());
}
