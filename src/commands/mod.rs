//! One module per subcommand.

pub mod annotate;
pub mod eval;
pub mod export;
pub mod stages;
