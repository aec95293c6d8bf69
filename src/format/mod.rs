//! The campaign directory on disk: reading it (all or nothing, every problem with its file
//! and line) and writing it back (for `gen`, `package` and `intake`).

mod errors;
mod load;
mod locate;
mod write;

pub use errors::{serde_zh, syntax_zh, LoadError, LoadErrors};
pub use load::{load_campaign, LoadedCampaign, PackageFile};
pub use write::{write_campaign, Layout};

/// Largest campaign file pingshen reads; a larger one is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
