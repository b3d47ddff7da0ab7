//! Interrupted builds: a build killed with SIGKILL at any moment leaves the output folder as the
//! complete old site or the complete new one, and the next build removes what the killed one
//! left behind.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{build_with_cli as build, fixture_copy, tree};

/// Switches the site between two versions that differ in many outputs.
fn set_version(root: &Path, version: u8) {
    let home = root.join("content/_index.md");
    let text = std::fs::read_to_string(&home).unwrap();
    let base = text.split("\n<!-- versione").next().unwrap().to_owned();
    std::fs::write(
        &home,
        format!("{base}\n<!-- versione {version} -->\nVersione {version}.\n"),
    )
    .unwrap();
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let title = if version == 0 {
        "Sito di prova"
    } else {
        "Sito di prova, nuova versione"
    };
    let text = text
        .lines()
        .map(|line| {
            if line.starts_with("title =") {
                format!("title = \"{title}\"")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, text + "\n").unwrap();
}

/// The build the test kills: as `build_with_cli` runs it, errors silenced.
fn build_command(root: &Path) -> Command {
    let mut command = common::build_command(root);
    command.stderr(std::process::Stdio::null());
    command
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let (_dir, root) = fixture_copy("basic");
    let public = root.join("public");
    let mut versions: Vec<BTreeMap<String, Vec<u8>>> = Vec::new();
    for version in [0, 1] {
        set_version(&root, version);
        build(&root);
        versions.push(tree(&public));
    }
    assert_ne!(versions[0], versions[1]);
    // How long a build takes here, as the killed ones run it (a process of its own, so its
    // start-up counts), to spread the kills over all of it.
    let started = Instant::now();
    let status = build_command(&root).status().unwrap();
    assert!(status.success());
    let build_time = started.elapsed().max(Duration::from_millis(20));

    let mut seed: u64 = 0x5eed;
    // Kills that hit a build still running, and which version each round left: a test whose
    // kills all came too early or too late would prove nothing.
    let mut killed_while_running = 0;
    let mut seen = [false, false];
    for round in 0..40 {
        let version = (round % 2) as u8;
        set_version(&root, version);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Up to twice the measured time: a machine busy with other tests builds slower than it
        // measured, and some rounds must finish for both versions to be seen.
        let delay = build_time.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 2.0);
        let mut child = build_command(&root).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&public);
        let which = versions.iter().position(|version| *version == now);
        let Some(which) = which else {
            panic!("round {round}: the output folder is neither the old site nor the new one");
        };
        seen[which] = true;
    }
    assert!(
        killed_while_running >= 10,
        "only {killed_while_running} of 40 kills hit a running build"
    );
    assert_eq!(seen, [true, true], "every round left the same version");
    // The next build cleans up what the killed ones left beside the output folder.
    build(&root);
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("portico-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
