//! YAML input, shared by every YAML file ccplan reads (scenarios, claims files, call-log
//! column maps): the capped reading of a file and the parser's budgets ([`read`],
//! [`options`]), the translation of a parser error into a located diagnostic in ccplan's
//! words ([`error`]), the YAML-path finder that names the node a location falls in
//! ([`path`]), the raw values read before validation (located, any scalar kind:
//! [`Num`], [`WordOrList`]), and the compiler-style [`Diagnostic`] itself.
//!
//! A leaf: it knows YAML and files, not what a scenario or a claim means.

mod diagnostic;
mod error;
mod options;
mod path;
mod read;
mod values;

pub(crate) use diagnostic::Source;
pub use diagnostic::{Diagnostic, Snippet, all_of, nearest, one_of, suggestion};
pub(crate) use options::{Budget, only_comments};
pub(crate) use read::Input;
pub use values::{KeyText, KeyedMap, List, Num, Opt, WordOrList};
