//! The `portico` command: argument parsing, then one library call per subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Rendering allocates and frees many small values on every thread; glibc's allocator spent a
/// third of a large build in malloc and free, mimalloc a fraction of that (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arguments = cli::Cli::parse();
    match cli::run(arguments) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(cli::EXIT_INPUT)
        }
    }
}
