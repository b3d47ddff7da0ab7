//! The bad-input corpus: every case under `tests/bad-input/<case>/` is the fixture site with
//! `files/` laid over it (and `remove` deleted). Each must fail with exit code 1, the expected
//! message at the expected place, no panic, in bounded time, and leave the previous output
//! folder byte for byte as it was. The whole error text is snapshotted too.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{copy_dir, fixture_copy, portal_copy, portico, tree};
use libtest_mimic::{Failed, Trial};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Text the error output must contain.
    message: String,
    /// `file:line:col` (or a prefix of it) the first error must point at.
    location: Option<String>,
    /// Text of a `help:` line the output must contain.
    help: Option<String>,
    /// Further problems the same build must report, each at its place.
    #[serde(default)]
    also: Vec<Expected>,
    /// Files of the fixture to delete for this case.
    #[serde(default)]
    remove: Vec<String>,
    /// Extra arguments of `portico build`.
    #[serde(default)]
    args: Vec<String>,
    /// The fixture site the case starts from (`basic` unless said; `portal` for the bundled
    /// portal).
    #[serde(default = "basic")]
    fixture: String,
    /// Symbolic links to make: [link, target]. Git does not carry them portably.
    #[serde(default)]
    symlinks: Vec<[String; 2]>,
    /// A large file made at run time rather than committed.
    #[serde(default)]
    generate: Option<Generated>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    message: String,
    location: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Generated {
    path: String,
    /// How big to make it.
    bytes: usize,
    /// What to fill it with: `comments` (YAML comment lines), `nested` (a flow sequence nested
    /// `bytes / 2` levels deep, after `prefix`), `line` (one line of `x` after `prefix`).
    #[serde(default = "comments")]
    fill: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
}

fn comments() -> String {
    "comments".to_owned()
}

fn basic() -> String {
    "basic".to_owned()
}

/// Generous: a case is a small site; this only catches hangs.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// One test per case, named after its folder, so `cargo test` lists them and a failure names
/// its case. After all of them, the peak memory of any case's build is checked.
fn main() -> std::process::ExitCode {
    let arguments = libtest_mimic::Arguments::from_args();
    let cases_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut names: Vec<String> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 40,
        "the corpus shrank to {} cases",
        names.len()
    );
    let trials = names
        .into_iter()
        .map(|name| {
            let case_dir = cases_dir.join(&name);
            Trial::test(name.clone(), move || {
                run_case(&case_dir, &name).map_err(Failed::from)
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&arguments, trials);
    // Bounded memory: the largest resident size any case's build reached.
    let peak = peak_child_memory_bytes();
    eprintln!("peak memory of a bad-input build: {} MB", peak / 1_000_000);
    if peak >= 1_000_000_000 {
        eprintln!("FAILED: a bad-input build used {peak} bytes (limit 1 GB)");
        return std::process::ExitCode::FAILURE;
    }
    conclusion.exit_code()
}

/// The largest resident set size reached by any finished child process, in bytes.
fn peak_child_memory_bytes() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

/// Fails with `message` unless `condition` holds.
fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(message()) }
}

fn run_case(case_dir: &Path, name: &str) -> Result<(), String> {
    let case: Case =
        toml::from_str(&std::fs::read_to_string(case_dir.join("case.toml")).unwrap()).unwrap();
    // `portal` is the bundled portal with the italia theme; the others are test fixtures.
    let (_dir, root) = if case.fixture == "portal" {
        let dir = portal_copy();
        let root = dir.path().to_path_buf();
        (dir, root)
    } else {
        fixture_copy(&case.fixture)
    };
    portico()
        .arg("--root")
        .arg(&root)
        .arg("build")
        .assert()
        .success();
    let before = tree(&root.join("public"));

    for removed in &case.remove {
        std::fs::remove_file(root.join(removed)).unwrap();
    }
    if case_dir.join("files").is_dir() {
        copy_dir(&case_dir.join("files"), &root);
    }
    for [link, target] in &case.symlinks {
        std::os::unix::fs::symlink(target, root.join(link)).unwrap();
    }
    if let Some(generated) = &case.generate {
        let body = match generated.fill.as_str() {
            "nested" => format!(
                "{}{}",
                "[".repeat(generated.bytes / 2),
                "]".repeat(generated.bytes / 2)
            ),
            "line" => "x".repeat(generated.bytes),
            _ => {
                let line = "# una riga di commento che si ripete\n";
                line.repeat(generated.bytes / line.len() + 1)
            }
        };
        let text = format!("{}{body}{}", generated.prefix, generated.suffix);
        std::fs::write(root.join(&generated.path), text).unwrap();
    }
    let started = Instant::now();
    let output = portico()
        .arg("--root")
        .arg(&root)
        .arg("build")
        .args(&case.args)
        .timeout(TIME_LIMIT)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    ensure(started.elapsed() < TIME_LIMIT, || {
        format!("{name}: took too long")
    })?;
    ensure(output.status.code() == Some(1), || {
        format!("{name}: exit code {:?}\n{stderr}", output.status.code())
    })?;
    ensure(!stderr.contains("panicked"), || {
        format!("{name}: panicked\n{stderr}")
    })?;
    ensure(stderr.contains(&case.message), || {
        format!("{name}: expected `{}` in\n{stderr}", case.message)
    })?;
    if let Some(location) = &case.location {
        let arrow = format!("--> {location}");
        ensure(stderr.contains(&arrow), || {
            format!("{name}: expected `{arrow}` in\n{stderr}")
        })?;
    }
    for expected in &case.also {
        ensure(stderr.contains(&expected.message), || {
            format!("{name}: expected also `{}` in\n{stderr}", expected.message)
        })?;
        let arrow = format!("--> {}", expected.location);
        ensure(stderr.contains(&arrow), || {
            format!("{name}: expected also `{arrow}` in\n{stderr}")
        })?;
    }
    if let Some(help) = &case.help {
        ensure(stderr.contains(help), || {
            format!("{name}: expected help `{help}` in\n{stderr}")
        })?;
    }
    ensure(stderr.contains("nothing was written"), || {
        format!("{name}: {stderr}")
    })?;
    ensure(before == tree(&root.join("public")), || {
        format!("{name}: the previous output changed")
    })?;
    ensure(stderr.len() < 64 * 1024, || {
        format!("{name}: a {} byte message", stderr.len())
    })?;
    insta::assert_snapshot!(format!("bad_input__{name}"), stderr);
    Ok(())
}
