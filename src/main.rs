//! The `portico` command: argument parsing, then one library call per subcommand.

// No function over 80 lines (clippy.toml), as in the library.
#![warn(clippy::too_many_lines)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// With transparent huge pages on (`always`, as on many distributions), the kernel backs the
/// allocator's regions with 2 MiB pages and zeroes each whole on first touch: at 10,000 pages a
/// quarter of the build went to zeroing, and peak memory counted the untouched rest. Off for
/// this process only.
fn without_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes nothing but this
    // process's page policy; its failure (an old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Rendering allocates and frees many small values on every thread; glibc's allocator spent a
/// third of a large build in malloc and free, mimalloc a fraction of that (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    without_transparent_huge_pages();
    let arguments = cli::Cli::parse();
    match cli::run(arguments) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(cli::EXIT_INPUT)
        }
    }
}
