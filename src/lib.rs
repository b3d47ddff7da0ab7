//! portico: the static site generator of the "Province & Comuni" programme portal.
//!
//! The library follows the data: [`config`] → [`load`] (content files, templates, strings) →
//! [`model`] (the validated, immutable site graph) → [`render`] (Tera, in parallel) →
//! [`output`] (atomic write). [`pipeline`] runs the phases; the binary only parses arguments
//! and prints.

// A `Diagnostic` carries the source line it points at; it lives only on the error path, where
// its size costs nothing, so it is not boxed.
#![allow(clippy::result_large_err)]
// No function of the library over 80 lines (clippy.toml); tests/architecture.rs checks it too.
#![warn(clippy::too_many_lines)]

pub mod config;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod production;
pub mod render;
pub mod scaffold;
pub mod serve;
mod text_type;
pub mod time;
pub mod validate;

pub use pipeline::{BuildError, BuildOptions, BuildReport, build, check, check_production};
