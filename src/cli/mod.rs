//! Command-line interface: one file per command, each a thin layer over the library.

mod build;
mod init;
mod new;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portico::BuildError;

/// Exit code for problems in the site's files (clap uses 2 for usage errors).
pub const EXIT_INPUT: u8 = 1;

/// Builds the "Province & Comuni" portal: Markdown, YAML data and Tera templates in, a static
/// site out.
#[derive(Debug, Parser)]
#[command(name = "portico", version, about)]
pub struct Cli {
    /// The site folder (with config.toml, content/, data/, themes/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Config file to use instead of <root>/config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the time each phase took.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically, only if the build succeeds).
    Build(build::BuildArgs),
    /// Do everything a build does, but write nothing: report every problem.
    Check(build::CheckArgs),
    /// Create a new portal skeleton that builds as it is.
    Init(init::InitArgs),
    /// Create a data record to fill in: a Province, an event or a project work.
    New(new::NewArgs),
    /// Preview the site with live reload: builds in memory, serves on 127.0.0.1, rebuilds on save.
    Serve(serve::ServeArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = Global {
        root: cli.root,
        config: cli.config,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build(args) => build::build(&global, args),
        Command::Check(args) => build::check(&global, args),
        Command::Init(args) => init::init(args),
        Command::New(args) => new::new(&global, args),
        Command::Serve(args) => serve::serve(&global, args),
    }
}

/// Options every command accepts.
pub struct Global {
    pub root: PathBuf,
    pub config: Option<PathBuf>,
    pub verbose: bool,
}

/// Prints a failed build: located input problems (exit 1), or an output failure.
fn report_failure(error: BuildError) -> anyhow::Result<ExitCode> {
    match error {
        BuildError::Input(problems) => {
            eprint!("{}", problems.render(color()));
            Ok(ExitCode::from(EXIT_INPUT))
        }
        BuildError::Output(error) => Err(error.into()),
    }
}

/// Whether messages on stderr may be coloured.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
