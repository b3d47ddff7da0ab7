//! `portico new province|event|project-work|focus-group`: a commented, valid skeleton of a
//! data record.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use portico::scaffold::{NewRecord, new_record};

use super::Global;

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(Debug, Subcommand)]
enum NewWhat {
    /// A participating Province: data/provinces/<SIGLA>.yaml.
    Province {
        /// ISTAT car-plate code, e.g. MB.
        sigla: String,
        /// Id of its group in data/groups.yaml.
        #[arg(long)]
        group: Option<String>,
    },
    /// A calendar event: data/events/<ID>.yaml.
    Event {
        /// A unique id, lowercase with dashes, e.g. mb-fase-b.
        id: String,
        /// Id of the programme step, e.g. fase-b.
        #[arg(long)]
        step: Option<String>,
        /// For an event of several groups: `all`, or ids separated by commas (percorso-1,percorso-2).
        #[arg(long)]
        groups: Option<String>,
    },
    /// A Province of the Fase 2 focus groups (a possible peer reviewer): an entry of
    /// data/focus-group.yaml.
    FocusGroup {
        /// ISTAT car-plate code, e.g. LC.
        sigla: String,
    },
    /// A Province's project work: data/project-works/<SIGLA>/project-work.yaml.
    ProjectWork {
        /// ISTAT car-plate code, e.g. MB.
        sigla: String,
    },
}

pub fn new(global: &Global, args: NewArgs) -> anyhow::Result<ExitCode> {
    let record = match args.what {
        NewWhat::Province { sigla, group } => NewRecord::Province { sigla, group },
        NewWhat::Event { id, step, groups } => NewRecord::Event { id, step, groups },
        NewWhat::FocusGroup { sigla } => NewRecord::FocusGroup { sigla },
        NewWhat::ProjectWork { sigla } => NewRecord::ProjectWork { sigla },
    };
    let path = new_record(&global.root, &record)?;
    eprintln!("Created {}", path.display());
    eprintln!("Fill it in, then run `portico check`.");
    Ok(ExitCode::SUCCESS)
}
