//! `portico init <dir>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::scaffold::SiteKind;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    dir: PathBuf,
    /// Also write the demonstration data: the bundled portal as the repository has it.
    #[arg(long, conflicts_with = "bare")]
    demo: bool,
    /// A generic site with its own templates, instead of the programme portal.
    #[arg(long)]
    bare: bool,
    /// Write only the files the folder lacks, keeping every existing one (for a site that
    /// misses a section file the theme needs).
    #[arg(long)]
    only_missing: bool,
}

pub fn init(args: InitArgs) -> anyhow::Result<ExitCode> {
    let kind = if args.demo {
        SiteKind::Demo
    } else if args.bare {
        SiteKind::Bare
    } else {
        SiteKind::Programme
    };
    let written = if args.only_missing {
        portico::scaffold::write_missing(&args.dir, kind)?
    } else {
        portico::scaffold::init(&args.dir, kind)?
    };
    eprintln!("Created {} files in {}", written.len(), args.dir.display());
    for path in written.iter().filter(|_| args.only_missing) {
        eprintln!("  {}", path.display());
    }
    if kind == SiteKind::Programme && !args.only_missing {
        eprintln!("Guide: docs/primi-passi.md in portico's repository");
    }
    eprintln!("Next: portico --root {} serve", args.dir.display());
    Ok(ExitCode::SUCCESS)
}
