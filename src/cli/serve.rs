//! `portico serve`: the live-reload preview.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use clap::Args;
use portico::serve::{ServeOptions, serve as run_preview};

use super::Global;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. The default keeps the preview on this machine.
    #[arg(short, long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Also preview pages, news and works dated after the reference date.
    #[arg(long)]
    future: bool,
    /// The date the site is previewed for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH if set, else
    /// today in Italy).
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
}

pub fn serve(global: &Global, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let open = args.open;
    let options = ServeOptions {
        root: global.root.clone(),
        config_file: global.config.clone(),
        interface: args.interface,
        port: args.port,
        include_drafts: args.drafts,
        include_future: args.future,
        date: args.date,
        on_ready: Some(Box::new(move |address| {
            let url = format!("http://{address}/");
            eprintln!("Anteprima su {url} (Ctrl+C per fermare)");
            if open {
                open_browser(&url);
            }
        })),
    };
    run_preview(options)?;
    Ok(ExitCode::SUCCESS)
}

/// Best effort: the preview works without it.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Apri {url} nel browser.");
    }
}
