//! `portico init <dir>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    dir: PathBuf,
}

pub fn init(args: InitArgs) -> anyhow::Result<ExitCode> {
    let written = portico::scaffold::init(&args.dir)?;
    eprintln!("Created {} files in {}", written.len(), args.dir.display());
    eprintln!("Next: portico --root {} build", args.dir.display());
    Ok(ExitCode::SUCCESS)
}
